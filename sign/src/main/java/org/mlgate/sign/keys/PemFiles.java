package org.mlgate.sign.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads PEM files as openssl and GnuTLS write them: any text before a {@code -----BEGIN} line is skipped;
 * private keys in PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}), encrypted PKCS#8
 * ({@code ENCRYPTED PRIVATE KEY}) or legacy encrypted SEC1 ({@code Proc-Type: 4,ENCRYPTED}); public keys
 * as SubjectPublicKeyInfo ({@code PUBLIC KEY}); certificates. Files are bounded to {@link #MAX_BYTES}.
 * Only EC keys on P-256, P-384 and P-521 are accepted. Every failure is a {@link KeyFormatException} naming
 * the source.
 */
public final class PemFiles {
    /** The largest key or certificate file read: 1 MiB. */
    public static final int MAX_BYTES = 1 << 20;

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PemFiles() {
    }

    /** An EC private key and its public key. */
    public record KeyPair(ECPrivateKey privateKey, ECPublicKey publicKey, Curve curve) { }

    public static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new KeyFormatException(file + ": " + size + " bytes, more than the " + MAX_BYTES
                        + "-byte limit for a PEM file");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyFormatException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * The one private key in {@code pem}; {@code password} (may be null) decrypts an encrypted key.
     */
    public static KeyPair privateKey(byte[] pem, char[] password, String source) {
        List<Object> objects = objects(pem, source);
        List<KeyPair> keys = new ArrayList<>();
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try {
            for (Object o : objects) {
                PrivateKey k = switch (o) {
                    case PEMKeyPair kp -> conv.getPrivateKey(kp.getPrivateKeyInfo());
                    case PrivateKeyInfo pki -> conv.getPrivateKey(pki);
                    case PKCS8EncryptedPrivateKeyInfo enc -> conv.getPrivateKey(enc.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(need(password, source))));
                    case PEMEncryptedKeyPair enc -> conv.getPrivateKey(enc.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(BC).build(need(password, source)))
                            .getPrivateKeyInfo());
                    default -> null;
                };
                if (k != null) {
                    keys.add(ecPair(k, source));
                }
            }
        } catch (PKCSException | PEMException e) {
            boolean encrypted = objects.stream().anyMatch(o -> o instanceof PKCS8EncryptedPrivateKeyInfo
                    || o instanceof PEMEncryptedKeyPair);
            throw new KeyFormatException(source + ": cannot " + (encrypted ? "decrypt the private key (wrong password?): "
                    : "decode the private key: ") + e.getMessage(), e);
        } catch (OperatorCreationException e) {
            throw new KeyFormatException(source + ": unsupported key encryption: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw rethrow(e, source, "the private key is malformed");
        }
        if (keys.size() != 1) {
            throw new KeyFormatException(source + ": expected one private key, found " + keys.size());
        }
        return keys.getFirst();
    }

    /** Every public key ({@code PUBLIC KEY}) in {@code pem}, at least one. */
    public static List<ECPublicKey> publicKeys(byte[] pem, String source) {
        List<ECPublicKey> out = new ArrayList<>();
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try {
            for (Object o : objects(pem, source)) {
                if (o instanceof SubjectPublicKeyInfo spki) {
                    PublicKey k = conv.getPublicKey(spki);
                    if (!(k instanceof ECPublicKey ec)) {
                        throw new KeyFormatException(source + ": " + Articles.withArticle(k.getAlgorithm()) + " public key; only ECDSA "
                                + "(P-256, P-384, P-521) keys are supported");
                    }
                    Curve.of(ec);
                    out.add(ec);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw rethrow(e, source, "the public key is malformed");
        }
        if (out.isEmpty()) {
            boolean privateKey = objects(pem, source).stream().anyMatch(o -> o instanceof PEMKeyPair
                    || o instanceof PrivateKeyInfo || o instanceof PKCS8EncryptedPrivateKeyInfo
                    || o instanceof PEMEncryptedKeyPair);
            throw new KeyFormatException(source + ": no PUBLIC KEY block found" + (privateKey
                    ? " (this is a private key; verify with its public key, e.g. openssl ec -in KEY -pubout)" : ""));
        }
        return out;
    }

    /** Every certificate in {@code pem}, in file order, at least one. */
    public static List<X509Certificate> certificates(byte[] pem, String source) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Object o : objects(pem, source)) {
                if (o instanceof X509CertificateHolder h) {
                    try (InputStream in = new ByteArrayInputStream(h.getEncoded())) {
                        out.add((X509Certificate) cf.generateCertificate(in));
                    }
                }
            }
        } catch (CertificateException e) {
            throw new KeyFormatException(source + ": a certificate is malformed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw rethrow(e, source, "a certificate is malformed");
        }
        if (out.isEmpty()) {
            throw new KeyFormatException(source + ": no CERTIFICATE block found");
        }
        return out;
    }

    /** A DER certificate (from a bundle). */
    public static X509Certificate certificate(byte[] der, String source) {
        try (InputStream in = new ByteArrayInputStream(der)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException | IOException | RuntimeException e) {
            throw new KeyFormatException(source + ": not a DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static List<Object> objects(byte[] pem, String source) {
        if (pem.length > MAX_BYTES) {
            throw new KeyFormatException(source + ": more than " + MAX_BYTES + " bytes");
        }
        List<Object> out = new ArrayList<>();
        // ISO-8859-1 maps every byte to one char, so the text before BEGIN (any encoding) cannot fail to decode
        try (PEMParser p = new PEMParser(new StringReader(new String(pem, StandardCharsets.ISO_8859_1)))) {
            for (int i = 0; i < 64; i++) {
                Object o = p.readObject();
                if (o == null) {
                    return out;
                }
                out.add(o);
            }
            throw new KeyFormatException(source + ": more than 64 PEM blocks");
        } catch (IOException | RuntimeException e) {
            throw rethrow(e, source, "not a valid PEM file");
        }
    }

    private static KeyPair ecPair(PrivateKey k, String source) {
        if (!(k instanceof ECPrivateKey ec)) {
            throw new KeyFormatException(source + ": " + Articles.withArticle(k.getAlgorithm()) + " private key; only ECDSA (P-256, P-384, "
                    + "P-521) keys are supported");
        }
        Curve curve = Curve.of(ec);
        return new KeyPair(ec, publicOf(ec, curve, source), curve);
    }

    /** Q = d·G, computed with BouncyCastle's curve arithmetic. */
    private static ECPublicKey publicOf(ECPrivateKey k, Curve curve, String source) {
        try {
            ECPrivateKeyParameters p = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(k);
            BigInteger d = p.getD();
            if (d.signum() <= 0 || d.compareTo(p.getParameters().getN()) >= 0) {
                throw new KeyFormatException(source + ": the private scalar is out of range");
            }
            var q = p.getParameters().getG().multiply(d).normalize();
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, curve.spec()));
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException(source + ": cannot derive the public key: " + e.getMessage(), e);
        }
    }

    private static char[] need(char[] password, String source) {
        if (password == null) {
            throw new KeyFormatException(source + ": the private key is encrypted and no password was given");
        }
        return password;
    }

    private static KeyFormatException rethrow(Exception e, String source, String what) {
        if (e instanceof KeyFormatException k) {
            return k;
        }
        // BouncyCastle's PEM and ASN.1 readers signal malformed input with assorted runtime exceptions
        return new KeyFormatException(source + ": " + what + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
}
