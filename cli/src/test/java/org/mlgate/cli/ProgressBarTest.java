package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;

class ProgressBarTest {
    private static FileResult result(Verdict v) {
        return new FileResult("f", null, -1, "unknown", v, List.of(), List.of());
    }

    @Test
    void drawsThrottledAndErasesItselfOnClose() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(err, Long.MAX_VALUE); // only the first and the last draw
        bar.started(3);
        bar.finished(result(Verdict.UNSAFE), 1, 3);
        bar.finished(result(Verdict.ERROR), 2, 3);
        bar.finished(result(Verdict.SAFE), 3, 3);
        bar.close();
        String s = buf.toString(StandardCharsets.UTF_8);
        String last = ProgressBar.line(3, 3, 1, 1);
        assertThat(s).isEqualTo("\r" + ProgressBar.line(0, 3, 0, 0) + "\r" + last + "\r" + " ".repeat(last.length())
                + "\r");
    }

    @Test
    void lineFitsATerminal() {
        assertThat(ProgressBar.line(5, 10, 1, 2))
                .isEqualTo("scanning [############............] 5/10 files, 1 unsafe, 2 error");
        assertThat(ProgressBar.line(0, 0, 0, 0)).startsWith("scanning [########################] 0/0");
        assertThat(ProgressBar.line(Integer.MAX_VALUE, Integer.MAX_VALUE, 1_000_000, 1_000_000).length())
                .isLessThanOrEqualTo(79);
    }

    @Test
    void terminalDevicesAreRecognised() {
        assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
        assertThat(Terminal.isTerminalDevice("pipe:[12345]")).isFalse();
        assertThat(Terminal.isTerminalDevice("/tmp/log.txt")).isFalse();
    }
}
