package org.mlgate.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** A content digest: algorithm name as in-toto spells it ("sha256") and lower-case hex. */
public record Digest(String algorithm, String hex) {
    public static final String SHA256 = "sha256";

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        hex = hex.toLowerCase(Locale.ROOT);
        if (SHA256.equals(algorithm) && !hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + hex);
        }
    }

    public static Digest sha256(byte[] bytes) {
        return new Digest(SHA256, HexFormat.of().formatHex(newSha256().digest(bytes)));
    }

    /** Hashes a file by streaming it; the file is never held in memory whole. */
    public static Digest sha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return new Digest(SHA256, HexFormat.of().formatHex(md.digest()));
    }

    /** Hashes a memory segment (e.g. a mapped file) in chunks. */
    public static Digest sha256(MemorySegment segment) {
        MessageDigest md = newSha256();
        long size = segment.byteSize();
        long chunk = 1L << 24;
        for (long off = 0; off < size; off += chunk) {
            ByteBuffer bb = segment.asSlice(off, Math.min(chunk, size - off)).asByteBuffer();
            md.update(bb);
        }
        return new Digest(SHA256, HexFormat.of().formatHex(md.digest()));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
