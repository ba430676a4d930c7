package org.mlgate.train.dpsgd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws {@code long}s from a generator's byte stream, 512 at a time: a {@link java.security.SecureRandom} DRBG
 * pays a fixed cost per call (a Hash_DRBG generate per {@code nextInt}), which dominated shuffling and sampling when
 * called once per draw. The values are the generator's own bytes, unchanged; bounded and floating-point draws use
 * {@link RandomGenerator}'s unbiased default algorithms on top of {@link #nextLong()}. Not thread-safe.
 */
final class BufferedRandom implements RandomGenerator {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final RandomGenerator source;
    private final byte[] buffer = new byte[4096];
    private int position = buffer.length;

    BufferedRandom(RandomGenerator source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public long nextLong() {
        if (position == buffer.length) {
            source.nextBytes(buffer);
            position = 0;
        }
        long v = (long) LONGS.get(buffer, position);
        position += Long.BYTES;
        return v;
    }
}
