package org.mlgate.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** Whether standard error is an interactive terminal, i.e. whether a progress bar may be drawn there. */
final class Terminal {
    private Terminal() {
    }

    /**
     * On Linux, standard error itself is checked through {@code /proc/self/fd/2} (a pseudo-terminal or tty
     * device). Elsewhere the JDK's answer is used: {@code System.console()} is not null on JDK 22+ even when
     * redirected, so {@link Console#isTerminal()} decides; it looks at standard input and output, the best
     * a portable check can do. {@code TERM=dumb} turns the progress bar off.
     */
    static boolean stderrIsTerminal(Map<String, String> env) {
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(fd2, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(fd2).toString());
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // fall back to the portable check
            }
        }
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
