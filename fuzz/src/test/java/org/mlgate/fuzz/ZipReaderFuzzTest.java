package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.container.ZipDirectory;
import org.mlgate.scan.container.ZipEntry;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/** The ZIP central-directory reader on arbitrary bytes: only ScanAbort may come out, offsets stay in the file. */
class ZipReaderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void zipDirectory(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        Blob blob = Blob.of("fuzz.zip", data);
        ZipDirectory.sniff(blob);
        try {
            ZipDirectory dir = ZipDirectory.read(blob, 1000, TimeCheck.NONE);
            for (ZipEntry e : dir.entries()) {
                if (e.dataOffset() > blob.size() || e.localHeaderOffset() < 0) {
                    throw new AssertionError("entry outside the file: " + e);
                }
            }
            if (dir.prepended() < 0 || dir.prepended() > blob.size() || dir.entries().size() > 1000) {
                throw new AssertionError("inconsistent directory: " + dir);
            }
        } catch (ScanAbort expected) {
            // malformed or over budget: the scanner records a problem
        }
    }
}
