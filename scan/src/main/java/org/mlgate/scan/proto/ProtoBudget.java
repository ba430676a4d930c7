package org.mlgate.scan.proto;

import org.mlgate.scan.engine.ScanAbort;

/**
 * Limits shared by every reader of one walk: message nesting depth and the total number of fields read,
 * with a periodic time check so that a message of millions of tiny fields cannot run unbounded.
 */
public final class ProtoBudget {
    /** Called every {@link #TICK} fields; the scan passes {@code ctx::checkTime}. */
    @FunctionalInterface
    public interface Clock {
        void check() throws ScanAbort;
    }

    static final int TICK = 4096;

    private final int maxDepth;
    private final long maxFields;
    private final Clock clock;
    private long fields;

    public ProtoBudget(int maxDepth, long maxFields, Clock clock) {
        this.maxDepth = maxDepth;
        this.maxFields = maxFields;
        this.clock = clock;
    }

    /** For sniffing: small limits, no clock. */
    public static ProtoBudget sniffing(long maxFields) {
        return new ProtoBudget(8, maxFields, () -> { });
    }

    public int maxDepth() {
        return maxDepth;
    }

    public long fields() {
        return fields;
    }

    void countField(long offset) throws ScanAbort {
        fields++;
        if (fields > maxFields) {
            throw ScanAbort.budget(offset, "more than " + maxFields + " protobuf fields");
        }
        if (fields % TICK == 0) {
            clock.check();
        }
    }
}
