package org.mlgate.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mlgate.core.IncompleteException;
import picocli.CommandLine.Option;

/**
 * The shared {@code --output} option (a picocli mixin): the result document goes to a file, written
 * atomically, or else to standard output.
 */
public final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output. The file is written completely "
                    + "to a temporary file in the same directory and then renamed over FILE, so FILE is either "
                    + "the old content or the whole new report, never a part; on failure nothing is left behind.")
    Path file;

    /** The file to write to, or null for standard output. */
    public Path file() {
        return file;
    }

    /** Fails early (before any long work) when the file cannot be written; a no-op for standard output. */
    public void check() {
        if (file != null) {
            AtomicOutput.check(file);
        }
    }

    /**
     * Writes the document: to the file in UTF-8, atomically, or to standard output in {@code stdoutCharset}.
     */
    public void write(Streams streams, String document, Charset stdoutCharset) {
        if (file != null) {
            AtomicOutput.write(file, document.getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            streams.out().write(document.getBytes(stdoutCharset));
        } catch (IOException e) {
            throw new IncompleteException("cannot write to standard output: " + e.getMessage(), e);
        }
        streams.out().flush();
        if (streams.out().checkError()) {
            throw new IncompleteException("cannot write to standard output");
        }
    }
}
