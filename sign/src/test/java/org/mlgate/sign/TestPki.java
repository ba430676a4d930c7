package org.mlgate.sign;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys, PEM texts and a small certificate hierarchy made in the test (nothing secret is committed). */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private TestPki() {
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pkcs8Pem(PrivateKey k) {
        return pem("PRIVATE KEY", k.getEncoded());
    }

    static String publicPem(PublicKey k) {
        return pem("PUBLIC KEY", k.getEncoded());
    }

    static String certPem(X509Certificate c) {
        try {
            return pem("CERTIFICATE", c.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** SEC1 "EC PRIVATE KEY", as `openssl ecparam -genkey` writes it. */
    static String sec1Pem(KeyPair kp) {
        try {
            var pki = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
            var curve = pki.getPrivateKeyAlgorithm().getParameters();
            var d = ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS();
            int bits = ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getParams().getOrder().bitLength();
            var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(bits, d, spki.getPublicKeyData(), curve);
            return pem("EC PRIVATE KEY", sec1.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** "ENCRYPTED PRIVATE KEY": PBES2 with AES-256-CBC, as `openssl pkcs8 -topk8` writes it. */
    static String encryptedPkcs8Pem(PrivateKey k, char[] password) {
        try {
            var enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider()).setPassword(password).build();
            return write(new JcaPKCS8Generator(k, enc));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object o) {
        try {
            StringWriter sw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                w.writeObject(o);
            }
            return sw.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A certificate for {@code subject}'s key, signed by {@code issuerKey} (self-signed when issuer is null). */
    static X509Certificate cert(String cn, PublicKey subject, String issuerCn, PrivateKey issuerKey, boolean ca,
                                Instant from, Instant to, boolean codeSigning) {
        try {
            var b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerCn), BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(from), Date.from(to), new X500Name("CN=" + cn), subject);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature));
            if (!ca) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(codeSigning
                        ? KeyPurposeId.id_kp_codeSigning : KeyPurposeId.id_kp_serverAuth));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** root → intermediate → leaf, valid 2025..2030, leaf for code signing. */
    record Hierarchy(KeyPair rootKey, X509Certificate root, KeyPair intKey, X509Certificate intermediate,
                     KeyPair leafKey, X509Certificate leaf) {
        static Hierarchy create(String name, Instant leafFrom, Instant leafTo) {
            Instant from = Instant.parse("2025-01-01T00:00:00Z");
            Instant to = Instant.parse("2030-01-01T00:00:00Z");
            KeyPair rk = ec("secp384r1");
            X509Certificate root = cert(name + "-root", rk.getPublic(), name + "-root", rk.getPrivate(), true, from, to, false);
            KeyPair ik = ec("secp384r1");
            X509Certificate in = cert(name + "-int", ik.getPublic(), name + "-root", rk.getPrivate(), true, from, to, false);
            KeyPair lk = ec("secp256r1");
            X509Certificate leaf = cert(name + "-signer", lk.getPublic(), name + "-int", ik.getPrivate(), false,
                    leafFrom, leafTo, true);
            return new Hierarchy(rk, root, ik, in, lk, leaf);
        }

        static Hierarchy create(String name) {
            return create(name, Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));
        }
    }
}
