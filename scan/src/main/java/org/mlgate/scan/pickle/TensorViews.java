package org.mlgate.scan.pickle;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.mlgate.core.Severity;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.policy.Global;

/**
 * PyTorch tensor views ({@code _rebuild_tensor_v2(storage, offset, size, stride, ...)}) whose shape addresses
 * far more elements than their storage holds: a 1-element storage viewed as 65536 x 65536 with stride 0 is
 * a few bytes on disk and 16 GiB for every converter or loader that materialises it. Views reaching past
 * their storage are refused by torch ({@code set_}) and reported too.
 */
final class TensorViews {
    /** Reported when the view has at least this many elements ... */
    static final long MIN_ELEMENTS = 1L << 20;
    /** ... and at least this many per stored element. */
    static final long MIN_FACTOR = 64;
    private static final Set<Global> REBUILD = Set.of(new Global("torch._utils", "_rebuild_tensor_v2"),
            new Global("torch._utils", "_rebuild_tensor"));

    private TensorViews() {
    }

    static boolean isRebuild(PValue callable) {
        return callable instanceof PValue.Ref r && REBUILD.contains(r.global());
    }

    static void check(PValue args, long opStart, String opName, ScanContext ctx, HitLog hits) {
        if (!(args instanceof PValue.Tuple t) || t.items().size() < 4
                || !(t.items().get(0) instanceof PValue.Persistent p) || !(p.pid() instanceof PValue.Tuple pid)
                || pid.items().size() < 5 || !(pid.items().get(4) instanceof PValue.Int storedInt)
                || !(t.items().get(1) instanceof PValue.Int offsetInt)
                || !(t.items().get(2) instanceof PValue.Tuple size) || !(t.items().get(3) instanceof PValue.Tuple stride)
                || size.items().size() != stride.items().size()) {
            return; // not the shape torch.save writes; nothing to compute
        }
        List<BigInteger> sizes = ints(size);
        List<BigInteger> strides = ints(stride);
        if (sizes == null || strides == null) {
            return;
        }
        BigInteger stored = storedInt.asBig();
        BigInteger elements = BigInteger.ONE;
        BigInteger reach = offsetInt.asBig().add(BigInteger.ONE);
        boolean empty = false;
        for (int i = 0; i < sizes.size(); i++) {
            elements = elements.multiply(sizes.get(i));
            if (sizes.get(i).signum() == 0) {
                empty = true;
            }
            reach = reach.add(sizes.get(i).subtract(BigInteger.ONE).multiply(strides.get(i)));
        }
        if (empty) {
            return;
        }
        String shape = sizes + " strides " + strides;
        if (reach.compareTo(stored) > 0) {
            hits.add(ctx, ScanRules.TENSOR_VIEW, Severity.MEDIUM, opStart, opName, "view-oob@" + opStart,
                    "tensor view " + shape + " at offset " + offsetInt.asBig() + " reaches element " + reach
                            + " of a storage holding " + stored + ": torch refuses it; other readers may read past it");
            return;
        }
        BigInteger base = stored.max(BigInteger.ONE);
        BigInteger factor = elements.divide(base);
        if (elements.compareTo(BigInteger.valueOf(MIN_ELEMENTS)) >= 0
                && factor.compareTo(BigInteger.valueOf(MIN_FACTOR)) >= 0) {
            hits.add(ctx, ScanRules.TENSOR_VIEW, Severity.MEDIUM, opStart, opName, "view-blowup@" + opStart,
                    "tensor view " + shape + " addresses " + elements + " elements over a storage of " + stored
                            + " (blow-up x" + factor + "): materialising it (conversion, .contiguous(), export) "
                            + "needs that much memory");
        }
    }

    private static List<BigInteger> ints(PValue.Tuple t) {
        if (!t.items().stream().allMatch(v -> v instanceof PValue.Int i && i.asBig().signum() >= 0)) {
            return null;
        }
        return t.items().stream().map(v -> ((PValue.Int) v).asBig()).toList();
    }
}
