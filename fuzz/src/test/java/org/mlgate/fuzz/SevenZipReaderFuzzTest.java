package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.mlgate.scan.container.PpmdInputStream;
import org.mlgate.scan.container.SevenZipCoders;
import org.mlgate.scan.container.SevenZipLayout;
import org.mlgate.scan.container.SevenZipReader;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

/**
 * The 7z structure reader and the folder decoders (PPMd among them) on arbitrary bytes: only ScanAbort
 * (structure) and IOException (data) may come out; what the reader accepts lies inside the file.
 */
class SevenZipReaderFuzzTest {
    private static final long MEMORY = 16L << 20;
    private static final int MAX_OUT = 1 << 20;

    @FuzzTest(maxDuration = "5m")
    void sevenZip(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        Blob blob = Blob.of("fuzz.7z", data);
        SevenZipLayout layout;
        try {
            layout = SevenZipReader.read(blob, 1000, MEMORY, TimeCheck.NONE);
        } catch (ScanAbort expected) {
            return; // malformed or over budget: the scanner records a problem
        }
        for (SevenZipLayout.Folder f : layout.folders()) {
            for (int i = 0; i < f.packOffsets().length; i++) {
                if (f.packOffsets()[i] < 0 || f.packSizes()[i] < 0 || f.packOffsets()[i] + f.packSizes()[i] > data.length) {
                    throw new AssertionError("packed stream outside the file: " + f.packOffsets()[i] + "+" + f.packSizes()[i]);
                }
            }
            long sum = Arrays.stream(f.substreams()).sum();
            if (Arrays.stream(f.substreams()).anyMatch(s -> s < 0) || (f.substreams().length > 0 && sum != f.unpackSize())) {
                throw new AssertionError("substreams do not add up to the folder: " + Arrays.toString(f.substreams()));
            }
            decode(blob, f);
        }
        for (SevenZipLayout.File file : layout.files()) {
            if (file.hasStream() != (file.folder() >= 0) || file.folder() >= layout.folders().size()) {
                throw new AssertionError("file mapped to no folder: " + file);
            }
        }
    }

    private static void decode(Blob blob, SevenZipLayout.Folder f) {
        try (InputStream in = SevenZipCoders.open(blob, f, MEMORY)) {
            in.readNBytes(MAX_OUT);
        } catch (IOException expected) {
            // corrupt data, a coder we do not decode, or over the memory budget
        } catch (RuntimeException e) {
            // third-party decoders (xz, commons-compress) signal some corrupt input this way; ours must not
            if (Arrays.stream(e.getStackTrace()).limit(3).anyMatch(s -> s.getClassName().contains("mlgate"))) {
                throw e;
            }
        }
    }

    /** PPMd on arbitrary data with arbitrary parameters: decodes or fails with an IOException. */
    @FuzzTest(maxDuration = "5m")
    void ppmd(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        if (data.length < 2) {
            return;
        }
        int order = 2 + (data[0] & 0xFF) % 63;
        int memory = 2048 << ((data[1] & 0xFF) % 10);
        try (InputStream in = new PpmdInputStream(new java.io.ByteArrayInputStream(data, 2, data.length - 2), order,
                memory, 1 << 16)) {
            byte[] out = in.readAllBytes();
            if (out.length != 1 << 16) {
                throw new AssertionError("decoded " + out.length + " bytes without an error");
            }
        } catch (IOException expected) {
            // not a PPMd stream, truncated or corrupt
        }
    }
}
