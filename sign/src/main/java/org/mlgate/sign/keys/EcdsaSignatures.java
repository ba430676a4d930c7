package org.mlgate.sign.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * ECDSA with the hash that matches the curve (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512), DER-encoded.
 * Signing is deterministic (RFC 6979 nonces, BouncyCastle's HMAC-DSA k calculator), so the same message and
 * key always give the same signature; every signature is checked with the JDK's verifier before it is
 * returned. Verification uses the JDK.
 */
public final class EcdsaSignatures {
    private EcdsaSignatures() {
    }

    public static byte[] sign(ECPrivateKey key, ECPublicKey publicKey, byte[] message) {
        Curve curve = Curve.of(key);
        Digest digest = curve.newBcDigest();
        byte[] hash = new byte[digest.getDigestSize()];
        digest.update(message, 0, message.length);
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(curve.newBcDigest()));
        try {
            signer.init(true, (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key));
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("cannot use the private key for signing: " + e.getMessage(), e);
        }
        BigInteger[] rs = signer.generateSignature(hash);
        byte[] der;
        try {
            der = new DERSequence(new ASN1Encodable[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode a signature", e);
        }
        if (!verify(publicKey, curve.jcaSignature(), message, der)) {
            throw new KeyFormatException("the signature made with the private key does not verify with its public key");
        }
        return der;
    }

    /** Verifies with the curve's own hash. */
    public static boolean verify(ECPublicKey key, byte[] message, byte[] der) {
        return verify(key, Curve.of(key).jcaSignature(), message, der);
    }

    /** Verifies with an explicit JCA algorithm (legacy bundles used SHA-256 on every curve). */
    public static boolean verify(PublicKey key, String algorithm, byte[] message, byte[] der) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(message);
            return s.verify(der);
        } catch (java.security.SignatureException e) {
            return false; // a malformed DER signature is a signature that does not verify
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify " + algorithm + ": " + e.getMessage(), e);
        }
    }
}
