package org.mlgate.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** What the fuzz targets of file readers share: a scratch folder, writing an input, and the refusal contract. */
final class FuzzFiles {
    private FuzzFiles() {
    }

    /** A new temporary folder (the target removes it in its {@code @AfterAll}). */
    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code data} to {@code file}, creating its folder. */
    static Path write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What {@code read} returns, or null when it refuses with one of the {@code refusals} naming {@code file};
     * any other exception, or a refusal that does not name the file, is a finding.
     */
    @SafeVarargs
    static <T> T readOrRefused(Supplier<T> read, String file, Class<? extends RuntimeException>... refusals) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            for (Class<? extends RuntimeException> r : refusals) {
                if (r.isInstance(e)) {
                    if (e.getMessage() == null || !e.getMessage().contains(file)) {
                        throw new AssertionError("the error does not name " + file + ": " + e.getMessage(), e);
                    }
                    return null;
                }
            }
            throw e;
        }
    }
}
