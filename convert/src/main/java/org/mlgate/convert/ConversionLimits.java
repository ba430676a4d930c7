package org.mlgate.convert;

/**
 * Bounds on what a conversion may write, checked before anything is built or written: a strided view can describe
 * far more bytes than its file holds (a 518-byte checkpoint viewing one element as 65536 × 65536 with stride 0 would
 * write 16 GiB), so a tensor may be at most {@code viewRatio} × its storage's bytes + {@code viewSlackBytes}, and one
 * output file at most {@code maxFileBytes} of tensor data.
 */
public record ConversionLimits(long viewRatio, long viewSlackBytes, long maxFileBytes) {
    public static final long MIB = 1L << 20;
    public static final ConversionLimits DEFAULT = new ConversionLimits(64, MIB, 4L << 30);

    public ConversionLimits {
        if (viewRatio < 1 || viewSlackBytes < 0 || maxFileBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: ratio " + viewRatio + ", slack "
                    + viewSlackBytes + ", file bytes " + maxFileBytes);
        }
    }

    /** Throws a budget refusal (exit 3) for the first tensor or file over its bound. */
    void check(String file, CheckpointReader.Checkpoint cp) throws ConversionRefused {
        long total = 0;
        for (CheckpointReader.TensorData t : cp.tensors()) {
            long allowed = saturatingAdd(saturatingMultiply(viewRatio, t.storageBytes()), viewSlackBytes);
            if (t.byteSize() > allowed) {
                throw ConversionRefused.budget(-1, "tensor " + t.name() + " in " + file + " is " + t.byteSize()
                        + " bytes, a view of a storage of " + t.storageBytes() + " bytes; at most " + viewRatio
                        + " x the storage + " + viewSlackBytes + " bytes (" + allowed + ") is converted "
                        + "(--max-view-ratio)");
            }
            total = saturatingAdd(total, t.byteSize());
            if (total > maxFileBytes) {
                throw ConversionRefused.budget(-1, file + " holds more than " + maxFileBytes + " bytes of tensor data "
                        + "(at tensor " + t.name() + "); raise --max-file-bytes to convert it");
            }
        }
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }
}
