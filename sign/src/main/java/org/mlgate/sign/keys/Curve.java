package org.mlgate.sign.keys;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/** The NIST curves ECDSA signing supports, each with the hash that matches its size. */
public enum Curve {
    P256("secp256r1", "SHA-256", "SHA256withECDSA"),
    P384("secp384r1", "SHA-384", "SHA384withECDSA"),
    P521("secp521r1", "SHA-512", "SHA512withECDSA");

    private final String stdName;
    private final String hash;
    private final String jcaSignature;
    private final ECParameterSpec spec;

    Curve(String stdName, String hash, String jcaSignature) {
        this.stdName = stdName;
        this.hash = hash;
        this.jcaSignature = jcaSignature;
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(stdName));
            this.spec = p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not know curve " + stdName, e);
        }
    }

    public String displayName() {
        return switch (this) {
            case P256 -> "P-256";
            case P384 -> "P-384";
            case P521 -> "P-521";
        };
    }

    /** JCA name of the message digest (SHA-256, SHA-384, SHA-512). */
    public String hash() {
        return hash;
    }

    /** JCA name of the signature algorithm over that hash, DER-encoded (r, s). */
    public String jcaSignature() {
        return jcaSignature;
    }

    public ECParameterSpec spec() {
        return spec;
    }

    Digest newBcDigest() {
        return switch (this) {
            case P256 -> new SHA256Digest();
            case P384 -> new SHA384Digest();
            case P521 -> new SHA512Digest();
        };
    }

    /** The curve of an EC key, or a {@link KeyFormatException} naming what it is instead. */
    public static Curve of(ECKey key) {
        ECParameterSpec p = key.getParams();
        for (Curve c : values()) {
            if (same(c.spec, p)) {
                return c;
            }
        }
        throw new KeyFormatException("unsupported elliptic curve (field of " + p.getCurve().getField().getFieldSize()
                + " bits): only P-256, P-384 and P-521 are supported");
    }

    private static boolean same(ECParameterSpec a, ECParameterSpec b) {
        return a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor()
                && a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator());
    }

    @Override
    public String toString() {
        return displayName() + " (" + stdName + ")";
    }
}
