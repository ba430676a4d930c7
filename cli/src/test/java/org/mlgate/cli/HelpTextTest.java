package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command's help prints cleanly: picocli formats descriptions as format strings, and an unescaped '%' makes it
 * warn on standard error and print the raw text.
 */
class HelpTextTest {
    @ParameterizedTest(name = "mlgate {0} --help")
    @ValueSource(strings = {"scan", "convert", "inspect", "sign", "verify", "lineage", "lineage record", "lineage show",
        "lineage impact", "lineage graph", "data", "data fraud", "sanitize", "train", "evaluate", "dp", "dp epsilon",
        "dp noise", "bench", "bench scan", "bench tensors", "bench convert", "bench hash", "bench dp", "bench train",
        "bench sanitize", "bench 7z"})
    void helpHasNoFormattingWarnings(String command) {
        String[] words = (command + " --help").split(" ");
        // picocli's warning goes to the process's standard error, not the command's
        java.io.ByteArrayOutputStream processErr = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        Cli.Result r;
        System.setErr(new java.io.PrintStream(processErr, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r = Cli.run(words);
        } finally {
            System.setErr(saved);
        }
        assertThat(r.code()).isZero();
        assertThat(r.err()).as("standard error of %s --help", command).isEmpty();
        assertThat(processErr.toString(java.nio.charset.StandardCharsets.UTF_8)).as("picocli warnings").isEmpty();
        assertThat(r.out()).contains("Usage: mlgate " + command);
    }
}
