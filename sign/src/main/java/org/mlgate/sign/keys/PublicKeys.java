package org.mlgate.sign.keys;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/** Public-key identity: the canonical PEM, the OMS key hint, and equality by encoding. */
public final class PublicKeys {
    private PublicKeys() {
    }

    /** The SubjectPublicKeyInfo as PEM: 64-character base64 lines, LF line ends, a final LF. */
    public static String canonicalPem(PublicKey key) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** The key hint of current OMS bundles: hex SHA-256 of {@link #canonicalPem}. */
    public static String hint(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonicalPem(key).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** True when both keys have the same SubjectPublicKeyInfo encoding (compared in constant time). */
    public static boolean same(PublicKey a, PublicKey b) {
        return MessageDigest.isEqual(a.getEncoded(), b.getEncoded());
    }

    /** A key from bundle {@code rawBytes}: a PEM {@code PUBLIC KEY} text or a DER SubjectPublicKeyInfo. */
    public static ECPublicKey fromRawBytes(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN")) {
            var keys = PemFiles.publicKeys(raw, "bundle publicKey.rawBytes");
            if (keys.size() != 1) {
                throw new KeyFormatException("bundle publicKey.rawBytes: expected one public key, found " + keys.size());
            }
            return keys.getFirst();
        }
        try {
            PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(raw));
            if (!(k instanceof ECPublicKey ec)) {
                throw new KeyFormatException("bundle publicKey.rawBytes: not an EC public key");
            }
            Curve.of(ec);
            return ec;
        } catch (InvalidKeySpecException | NoSuchAlgorithmException | IllegalArgumentException e) {
            throw new KeyFormatException("bundle publicKey.rawBytes: not a PEM or DER EC public key", e);
        }
    }
}
