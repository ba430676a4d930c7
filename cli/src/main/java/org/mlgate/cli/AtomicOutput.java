package org.mlgate.cli;

import java.nio.file.Path;
import org.mlgate.core.AtomicFiles;

/** The CLI's report and attestation files, written with {@link AtomicFiles}; messages name them as reports. */
final class AtomicOutput {
    private AtomicOutput() {
    }

    /** Usage errors that are knowable before any work: the directory is missing, the target is a directory. */
    static void check(Path target) {
        AtomicFiles.check(target, "the report to " + target);
    }

    static void write(Path target, byte[] data) {
        check(target);
        writeChecked(target, data);
    }

    /** {@link #write} after {@link #check}; separate so tests can make the final rename fail. */
    static void writeChecked(Path target, byte[] data) {
        AtomicFiles.writeChecked(target, out -> out.write(data));
    }
}
