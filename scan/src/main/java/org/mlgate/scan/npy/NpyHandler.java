package org.mlgate.scan.npy;

import java.util.OptionalLong;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * NumPy .npy arrays. Numeric arrays are checked for a consistent layout only (the data is never read);
 * object arrays carry a pickle after the header, which np.load(allow_pickle=True) runs, so it is scanned
 * as one. A .npz is a ZIP of .npy members and reaches this handler through the ZIP handler.
 */
public final class NpyHandler implements FormatHandler {
    static final String ARRAY_DATA = "array-data";

    @Override
    public String id() {
        return "npy";
    }

    @Override
    public boolean sniff(Blob blob) {
        return NpyHeader.sniff(blob);
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        NpyHeader h = NpyHeader.parse(blob);
        long actual = blob.size() - h.dataOffset();
        if (h.dtype().hasObjects()) {
            ctx.report(ScanRules.OBJECT_ARRAY, h.dataOffset(), "descr", "object array of shape " + h.shape()
                    + ": its " + actual + " data bytes are a pickle, run by np.load(allow_pickle=True)");
            if (actual > 0) {
                ctx.scanMemberAs(ARRAY_DATA, blob.slice(ARRAY_DATA, h.dataOffset(), actual), "pickle");
            }
            return;
        }
        OptionalLong expected = h.expectedDataBytes();
        if (expected.isEmpty()) {
            throw ScanAbort.malformed(h.dataOffset(), ".npy shape " + h.shape() + " times item size "
                    + h.dtype().itemSize() + " overflows 64 bits");
        }
        if (expected.getAsLong() != actual) {
            ctx.report(ScanRules.NPY_LAYOUT, h.dataOffset(), "shape", "header promises " + expected.getAsLong()
                    + " data bytes (shape " + h.shape() + ", " + h.dtype().itemSize() + " bytes per item), the file has "
                    + actual + (actual < expected.getAsLong() ? " (truncated)" : " (extra bytes after the array)"));
        }
    }
}
