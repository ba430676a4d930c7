package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;

/**
 * The Keras entry points: arbitrary bytes as the config.json of a .keras archive (the JSON reader and the
 * config walker, reached the way the zip reader hands the member over), and arbitrary bytes behind an
 * HDF5 signature (jhdf and the model_config/training_config path).
 */
class KerasConfigFuzzTest {
    private static final Scanner SCANNER = Scanner.builder().budgets(FuzzBudgets.SMALL).threads(1).build();
    private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @FuzzTest(maxDuration = "5m")
    void configJson(byte @NotNull @WithLength(max = 1 << 16) [] json) {
        FileResult r = SCANNER.scanBytes("fuzz.keras", kerasArchive(json));
        FuzzBudgets.assertNoInternalError(r.problems());
    }

    @FuzzTest(maxDuration = "5m")
    void hdf5(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        byte[] file = data.length >= HDF5.length ? data.clone() : java.util.Arrays.copyOf(data, HDF5.length);
        System.arraycopy(HDF5, 0, file, 0, HDF5.length);
        FileResult r = SCANNER.scanBytes("fuzz.h5", file);
        FuzzBudgets.assertNoInternalError(r.problems());
    }

    private static byte[] kerasArchive(byte[] config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            stored(z, "metadata.json", "{\"keras_version\": \"3.8.0\"}".getBytes());
            stored(z, "config.json", config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream z, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }
}
