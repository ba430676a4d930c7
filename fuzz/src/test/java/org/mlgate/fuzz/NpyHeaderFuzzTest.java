package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.npy.NpyHeader;

/** The .npy header parser (magic, lengths, the dict literal, dtypes) on arbitrary bytes. */
class NpyHeaderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void npyHeader(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            NpyHeader h = NpyHeader.parse(Blob.of("fuzz.npy", data));
            if (h.dataOffset() > data.length || h.dtype().itemSize() < 0) {
                throw new AssertionError("inconsistent header: " + h);
            }
            h.expectedDataBytes();
        } catch (ScanAbort expected) {
            // malformed: recorded as a problem by the scanner
        }
    }
}
