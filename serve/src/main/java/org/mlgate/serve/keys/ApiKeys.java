package org.mlgate.serve.keys;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mlgate.core.UsageException;

/**
 * API keys, known only by their HMAC-SHA-256 under the server's secret (the key id). Authentication computes the
 * presented key's id and compares it with every known id in constant time, so neither a key nor an id is learnt from
 * timing. Keys come from the server's database ({@code mlgate api-keys create}) and from flags, a key file or
 * {@code MLGATE_API_KEY} (those use the server's policy and budget). Thread-safe: {@link #replaceStored} swaps one
 * immutable list.
 */
public final class ApiKeys {
    /** Shortest key accepted from a flag or file: a guessable key is no key. */
    public static final int MIN_KEY_LENGTH = 16;
    private static final String PREFIX = "Bearer ";

    private record Known(byte[] id, Caller caller) { }

    private final SecretKeySpec secret;
    private final List<Known> configured;
    private volatile List<Known> stored = List.of();

    public ApiKeys(byte[] secret, List<String> configuredKeys) {
        if (secret.length < 32) {
            throw new UsageException("the server secret must hold at least 32 bytes");
        }
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.configured = configuredKeys.stream().map(k -> {
            if (k.length() < MIN_KEY_LENGTH || !k.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new UsageException("an API key must be at least " + MIN_KEY_LENGTH + " printable ASCII characters "
                        + "without spaces");
            }
            byte[] id = mac(k);
            return new Known(id, new Caller(HexFormat.of().formatHex(id), null, null, null));
        }).toList();
    }

    /** A new random key ({@code mlg_} + 43 base64url characters, 256 bits). */
    public static String newKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return "mlg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The id of {@code key}: hex HMAC-SHA-256 under the server secret. */
    public String id(String key) {
        return HexFormat.of().formatHex(mac(key));
    }

    /** Stored keys (not revoked) with their own policy and budgets. */
    public void replaceStored(List<Caller> callers) {
        stored = callers.stream().map(c -> new Known(HexFormat.of().parseHex(c.keyId()), c)).toList();
    }

    /** The caller an {@code Authorization} header names, or empty (missing, malformed or unknown alike). */
    public Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || authorization.length() > 512) {
            return Optional.empty();
        }
        byte[] id = mac(authorization.substring(PREFIX.length()).strip());
        Caller found = null;
        for (List<Known> list : List.of(configured, stored)) {
            for (Known k : list) {
                if (MessageDigest.isEqual(k.id(), id) && found == null) { // no early exit: every id is compared
                    found = k.caller();
                }
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean isEmpty() {
        return configured.isEmpty() && stored.isEmpty();
    }

    private byte[] mac(String key) {
        return mac(key.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(secret);
            return m.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A keyed hash of {@code data} as a long (seeds the noise policy per canonical input). */
    public long keyedSeed(byte[] data) {
        return java.nio.ByteBuffer.wrap(mac(data)).getLong();
    }
}
