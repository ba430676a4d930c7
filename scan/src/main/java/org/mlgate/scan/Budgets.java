package org.mlgate.scan;

import java.time.Duration;
import java.util.Objects;
import org.mlgate.core.UsageException;

/**
 * Limits that keep the scanner bounded on hostile input. Defaults are generous enough for real large
 * files (a 30 MB pickle with millions of memo entries, forests of hundreds of trees, multi-GB
 * checkpoints whose tensor members are never read whole).
 *
 * @param maxOpcodes        opcodes executed per pickle stream
 * @param maxMemo           memo entries per pickle stream
 * @param maxStackDepth     values on the VM stack plus metastack frames
 * @param maxStringBytes    bytes in one string/bytes operand
 * @param maxDecompressed   total bytes produced by decompression per top-level file
 * @param maxRatio          decompressed/compressed ratio above which a member is a bomb
 * @param maxNesting        containers nested inside each other
 * @param maxMembers        members listed per archive
 * @param maxTime           wall-clock time per top-level file
 */
public record Budgets(long maxOpcodes, int maxMemo, int maxStackDepth, long maxStringBytes, long maxDecompressed,
                      long maxRatio, int maxNesting, int maxMembers, Duration maxTime) {
    public static final Budgets DEFAULT = new Budgets(
            200_000_000L, 20_000_000, 1_000_000, 1L << 30, 8L << 30, 1000, 16, 100_000, Duration.ofMinutes(10));

    public Budgets {
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxOpcodes <= 0 || maxMemo <= 0 || maxStackDepth <= 0 || maxStringBytes <= 0 || maxDecompressed <= 0
                || maxRatio <= 0 || maxNesting <= 0 || maxMembers <= 0 || maxTime.isNegative() || maxTime.isZero()) {
            throw new UsageException("every scan budget must be positive: " + this);
        }
    }

    public Budgets withMaxTime(Duration time) {
        return new Budgets(maxOpcodes, maxMemo, maxStackDepth, maxStringBytes, maxDecompressed, maxRatio, maxNesting,
                maxMembers, time);
    }

    public Budgets withMaxOpcodes(long n) {
        return new Budgets(n, maxMemo, maxStackDepth, maxStringBytes, maxDecompressed, maxRatio, maxNesting,
                maxMembers, maxTime);
    }

    public Budgets withMaxDecompressed(long n) {
        return new Budgets(maxOpcodes, maxMemo, maxStackDepth, maxStringBytes, n, maxRatio, maxNesting,
                maxMembers, maxTime);
    }
}
