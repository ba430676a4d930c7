package org.mlgate.scan.pickle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import org.mlgate.core.Severity;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * Pickle files and members: every stream in the data (stacked pickles, legacy PyTorch files with their
 * five pickles, joblib streams with inline arrays), data after STOP, and pickles hidden in values.
 *
 * <p>This handler is last in the routing order and accepts anything: when the bytes turn out not to be a
 * pickle (the first opcode fails, and nothing was imported or called), the file is reported as not a
 * model. A member that its container declares to be a pickle ({@code data.pkl}) is held to that: if it
 * does not parse, analysis is incomplete.
 */
public final class PickleHandler implements FormatHandler {
    public static final String ID = "pickle";
    /** Magic number that opens legacy (pre-zip) PyTorch files, pickled as the first stream. */
    static final BigInteger TORCH_LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int LEGACY_STREAMS = 5;
    private static final int MAX_RESYNC_CANDIDATES = 4096;
    private static final long MAX_RESYNC_BYTES = 64L << 20;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean sniff(Blob blob) {
        return blob.size() > 0;
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        boolean expected = ctx.hasTrait("expected:" + ID);
        MemorySegment seg = blob.data();
        StringHeuristics heuristics = new StringHeuristics();
        HitLog all = new HitLog();
        try {
            Tentative.Outcome first = Tentative.run(seg, 0, ctx, heuristics);
            all.addAll(first.hits());
            switch (first.kind()) {
                case NOT_PICKLE -> {
                    if (expected) {
                        throw ScanAbort.malformed(first.abort().offset(), "declared pickle does not parse: "
                                + first.abort().getMessage());
                    }
                    if (!all.hasImport()) {
                        all = new HitLog(); // nothing was imported before it failed: not a pickle
                    }
                    if (ctx.depth() == 0 && all.isEmpty()) {
                        ctx.notAModel("not a recognised model format or container, and not a pickle ("
                                + first.abort().getMessage() + ")");
                    }
                    return;
                }
                case BROKEN -> throw first.abort();
                case COMPLETE -> { }
            }
            boolean legacy = isLegacyMagic(first.value());
            if (legacy && ctx.depth() == 0) {
                ctx.refineFormat("pytorch-legacy");
            }
            following(seg, first.end(), legacy, ctx, heuristics, all);
        } finally {
            all.flush();
        }
    }

    /**
     * Another format's handler calls this when a loader might read the same bytes as a pickle from byte 0
     * ({@code torch.load} on a file that is also something else): findings count only if the bytes really
     * start a pickle (complete, or imported something before breaking); otherwise nothing is reported.
     */
    public static void alsoAsPickle(Blob blob, ScanContext ctx) {
        Tentative.Outcome o = Tentative.run(blob.data(), 0, ctx, new StringHeuristics());
        if (o.matters()) {
            o.hits().flush();
        }
    }

    /** Streams after the first: the rest of a legacy PyTorch file, stacked pickles, or junk. */
    private void following(MemorySegment seg, long pos, boolean legacy, ScanContext ctx,
                           StringHeuristics heuristics, HitLog all) throws ScanAbort {
        int streams = 1;
        long size = seg.byteSize();
        boolean reportedTrailing = false;
        while (pos < size) {
            ctx.checkTime();
            if (legacy && streams >= LEGACY_STREAMS) {
                return; // raw storage data follows; PyTorch never unpickles it
            }
            Tentative.Outcome next = Tentative.run(seg, pos, ctx, heuristics);
            all.addAll(next.hits());
            if (legacy) {
                if (next.kind() != Tentative.Kind.COMPLETE) {
                    throw ScanAbort.malformed(next.abort().offset(), "legacy PyTorch file: pickle " + (streams + 1)
                            + " of " + LEGACY_STREAMS + " does not parse: " + next.abort().getMessage());
                }
                streams++;
                pos = next.end();
                continue;
            }
            if (!reportedTrailing) {
                reportedTrailing = true;
                all.add(ctx, ScanRules.TRAILING_DATA, Severity.LOW, pos, "STOP", "trailing",
                        (size - pos) + " bytes follow the STOP opcode at offset " + pos
                                + (next.kind() == Tentative.Kind.COMPLETE ? " and hold another pickle stream"
                                : ""));
            }
            if (next.kind() != Tentative.Kind.COMPLETE) {
                resync(seg, pos + 1, ctx, heuristics, all);
                return;
            }
            streams++;
            pos = next.end();
        }
    }

    /**
     * After junk, looks for further pickle starts (a PROTO header or a protocol-0 GLOBAL) and scans each
     * tentatively: a custom loader may seek past the junk.
     */
    private void resync(MemorySegment seg, long from, ScanContext ctx, StringHeuristics heuristics, HitLog all)
            throws ScanAbort {
        long end = Math.min(seg.byteSize() - 2, from + MAX_RESYNC_BYTES);
        int tried = 0;
        for (long p = from; p < end && tried < MAX_RESYNC_CANDIDATES; p++) {
            int b = seg.get(ValueLayout.JAVA_BYTE, p) & 0xff;
            int b1 = seg.get(ValueLayout.JAVA_BYTE, p + 1) & 0xff;
            boolean candidate = (b == Op.PROTO && b1 >= 2 && b1 <= Op.HIGHEST_PROTOCOL)
                    || (b == Op.GLOBAL && Character.isJavaIdentifierStart(b1) && (p == 0
                    || seg.get(ValueLayout.JAVA_BYTE, p - 1) == '\n'
                    || (seg.get(ValueLayout.JAVA_BYTE, p - 1) & 0xff) == Op.STOP));
            if (!candidate) {
                continue;
            }
            tried++;
            if ((tried & 63) == 0) {
                ctx.checkTime();
            }
            Tentative.Outcome o = Tentative.run(seg, p, ctx, heuristics);
            if (o.matters()) {
                all.addAll(o.hits());
                if (o.kind() == Tentative.Kind.COMPLETE) {
                    p = o.end() - 1;
                }
            }
        }
    }

    private static boolean isLegacyMagic(PValue v) {
        return v instanceof PValue.Int i && i.big() != null && i.big().equals(TORCH_LEGACY_MAGIC);
    }
}
