package org.mlgate.train.dpsgd;

import java.io.IOException;

/** Receives one {@link TraceRecord} per training step. */
public interface TraceSink extends AutoCloseable {
    /** Discards everything (no per-step cost beyond the call). */
    TraceSink NONE = new TraceSink() {
        @Override
        public void write(TraceRecord r) {
        }

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    void write(TraceRecord record) throws IOException;

    /** False when records are discarded, so the trainer can skip computing them. */
    default boolean enabled() {
        return true;
    }

    @Override
    void close() throws IOException;
}
