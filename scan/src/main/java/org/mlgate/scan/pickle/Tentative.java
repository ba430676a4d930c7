package org.mlgate.scan.pickle;

import java.lang.foreign.MemorySegment;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * Runs a stream that may or may not be a pickle (bytes inside a string, data after STOP) and reports
 * what it was, keeping its findings apart until the caller decides.
 */
final class Tentative {
    enum Kind {
        /** Failed at once: not a pickle, no findings. */
        NOT_PICKLE,
        /** Ran to STOP. */
        COMPLETE,
        /** Started like a pickle, then broke. */
        BROKEN
    }

    record Outcome(Kind kind, long end, PValue value, HitLog hits, ScanAbort abort, int protocol) {
        /**
         * A complete stream always counts; a broken one only if it imported something unsafe before it
         * broke (what a loader would have run). Broken fragments with only EXT or odd calls are what random
         * binary data (array bytes after a 0x80 0x02) produce.
         */
        boolean matters() {
            return kind == Kind.COMPLETE || hits.hasImport();
        }
    }

    private Tentative() {
    }

    static Outcome run(MemorySegment seg, long start, ScanContext ctx, StringHeuristics heuristics) {
        HitLog hits = new HitLog();
        PickleVm vm = new PickleVm(seg, ctx, hits, heuristics);
        try {
            PickleVm.Result r = vm.run(start);
            return new Outcome(Kind.COMPLETE, r.end(), r.value(), hits, null, vm.protocol());
        } catch (ScanAbort a) {
            boolean recognised = recognised(seg, start, vm.opcodes());
            return new Outcome(recognised ? Kind.BROKEN : Kind.NOT_PICKLE, vm.opStart(), null, hits, a,
                    vm.protocol());
        }
    }

    /**
     * Whether bytes that failed to unpickle were meant as a pickle: a PROTO header followed by at least one
     * good opcode, or a protocol 0/1 opcode that executed. Protocol 2+ opcodes without a PROTO header are
     * never written by a pickler (a PNG starts with NEWFALSE).
     */
    static boolean recognised(MemorySegment seg, long start, long opcodesDone) {
        if (seg.byteSize() <= start) {
            return false;
        }
        int first = seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, start) & 0xff;
        if (first == Op.PROTO) {
            return seg.byteSize() > start + 2
                    && (seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, start + 1) & 0xff) <= Op.HIGHEST_PROTOCOL
                    && Op.known(seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, start + 2));
        }
        return first < 0x80 && opcodesDone >= 1;
    }
}
