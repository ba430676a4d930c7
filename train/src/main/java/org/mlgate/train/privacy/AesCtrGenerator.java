package org.mlgate.train.privacy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mlgate.core.IncompleteException;

/**
 * A fast-key-erasure generator (Bernstein 2017) on AES-256 in counter mode: the keystream of a 256-bit key is the
 * output, and every refill of {@link #BLOCK} bytes also produces the next key, after which the old key is
 * overwritten — so the state held at any moment says nothing about output already given (backtracking resistance),
 * and a key encrypts at most {@link #BLOCK} + 32 bytes from counter 0 (far below AES's 2^64-block bound). The
 * output is indistinguishable from uniform bytes as long as AES-256 is a pseudorandom permutation, the assumption
 * NIST SP 800-90A's CTR_DRBG makes. {@code javax.crypto}'s AES/CTR uses the processor's AES instructions (AES-NI)
 * where present, which makes bulk bytes roughly ten times cheaper than the SHA-256 Hash_DRBG of
 * {@link java.security.SecureRandom}; the initial key comes from that DRBG ({@link NoiseSources#secure()}).
 * Not thread-safe ({@link SecureGaussian} synchronises).
 */
final class AesCtrGenerator implements RandomGenerator {
    /** Bytes per refill; the next key is taken from the same keystream right after them. */
    static final int BLOCK = 1 << 15;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] ZEROS = new byte[BLOCK + 32];
    private static final IvParameterSpec COUNTER_ZERO = new IvParameterSpec(new byte[16]);

    private final Cipher cipher;
    private final byte[] stream = new byte[BLOCK + 32];
    private int position = BLOCK;

    /** Takes ownership of {@code key} (32 bytes) and wipes it. */
    AesCtrGenerator(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, got " + key.length);
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IncompleteException("AES/CTR is not available in this JVM: " + e.getMessage(), e);
        }
        rekey(key);
        Arrays.fill(key, (byte) 0);
    }

    private void rekey(byte[] key) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), COUNTER_ZERO);
        } catch (GeneralSecurityException e) {
            throw new IncompleteException("cannot key AES-256/CTR: " + e.getMessage(), e);
        }
    }

    /** BLOCK fresh bytes into {@code stream[0, BLOCK)}, the next key from the 32 after them, the old key gone. */
    private void refill() {
        try {
            cipher.doFinal(ZEROS, 0, ZEROS.length, stream, 0);
        } catch (ShortBufferException | javax.crypto.IllegalBlockSizeException | javax.crypto.BadPaddingException e) {
            throw new IncompleteException("AES-256/CTR failed: " + e.getMessage(), e);
        }
        byte[] next = Arrays.copyOfRange(stream, BLOCK, BLOCK + 32);
        Arrays.fill(stream, BLOCK, BLOCK + 32, (byte) 0);
        rekey(next);
        Arrays.fill(next, (byte) 0);
        position = 0;
    }

    @Override
    public long nextLong() {
        if (position + Long.BYTES > BLOCK) {
            refill();
        }
        long v = (long) LONGS.get(stream, position);
        position += Long.BYTES;
        return v;
    }

    @Override
    public void nextBytes(byte[] out) {
        int done = 0;
        while (done < out.length) {
            if (position == BLOCK) {
                refill();
            }
            int n = Math.min(out.length - done, BLOCK - position);
            System.arraycopy(stream, position, out, done, n);
            Arrays.fill(stream, position, position + n, (byte) 0); // given out: not kept
            position += n;
            done += n;
        }
    }
}
