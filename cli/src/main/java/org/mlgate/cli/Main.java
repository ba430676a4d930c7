package org.mlgate.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.mlgate.core.AtomicFiles;
import org.mlgate.core.ExitCode;
import org.mlgate.core.FailureKind;
import org.mlgate.core.MlgateException;
import picocli.CommandLine;

/**
 * The {@code mlgate} command line. {@link #run} does all the work and returns the exit code, so tests call
 * it in-process with their own streams; {@link #main} only exits with it.
 *
 * <p>Errors: picocli's parameter errors and every {@link MlgateException} become one line
 * {@code mlgate: <message>} on standard error and the exit code of the exception's {@link FailureKind} (policy 1,
 * usage 2, incomplete 3), mapped here and nowhere else; anything
 * else is {@code mlgate: internal error: ...} and exit 3. Stack traces only with {@code MLGATE_DEBUG=1}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean terminal = Terminal.stderrIsTerminal(System.getenv());
        int code = run(args, new Streams(System.out, System.err, terminal, System.getenv()));
        System.exit(code);
    }

    /** Runs with the process environment; the progress bar is drawn only if {@code err} is the real stderr. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean terminal = err == System.err && Terminal.stderrIsTerminal(System.getenv());
        return run(args, new Streams(out, err, terminal, System.getenv()));
    }

    public static int run(String[] args, Streams streams) {
        try {
            return commandLine(streams).execute(args);
        } catch (RuntimeException | Error e) { // picocli's own failures, e.g. in a handler
            return internalError(e, streams);
        }
    }

    static CommandLine commandLine(Streams streams) {
        CommandLine cmd = new CommandLine(new MlgateCommand(streams));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        Deprecations.install(cmd, streams.err());
        cmd.setOut(new PrintWriter(new OutputStreamWriter(streams.out(), streams.out().charset()), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(streams.err(), streams.err().charset()), true));
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, streams));
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("mlgate: " + ex.getMessage());
            java.util.List<String> close = ex instanceof CommandLine.UnmatchedArgumentException u
                    ? Suggestions.close(u) : java.util.List.of();
            if (!close.isEmpty()) {
                w.println("Did you mean: " + String.join(" or ", close) + "?");
            } else {
                w.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more "
                        + "information.");
            }
            w.flush();
            return ExitCode.USAGE.code();
        });
        return cmd;
    }

    private static int failure(Exception ex, Streams streams) {
        if (ex instanceof MlgateException m) {
            streams.err().println("mlgate: " + indented(m.getMessage()));
            if (streams.debug()) {
                m.printStackTrace(streams.err());
            }
            streams.err().flush();
            return exitCode(m.kind()).code();
        }
        if (ex instanceof java.io.UncheckedIOException io) { // an I/O error, not a bug: say which file and why
            return failure(new org.mlgate.core.IncompleteException(AtomicFiles.describe(io.getCause()), io), streams);
        }
        return internalError(ex, streams);
    }

    /** The one place a failure's kind becomes a process exit code. */
    static ExitCode exitCode(FailureKind kind) {
        return switch (kind) {
            case POLICY -> ExitCode.POLICY_FAILURE;
            case USAGE -> ExitCode.USAGE;
            case INCOMPLETE -> ExitCode.INCOMPLETE;
        };
    }

    private static int internalError(Throwable e, Streams streams) {
        if (streams.debug()) {
            streams.err().println("mlgate: internal error: " + oneLine(String.valueOf(e)));
            e.printStackTrace(streams.err());
        } else {
            streams.err().println("mlgate: internal error: " + oneLine(String.valueOf(e))
                    + " (set MLGATE_DEBUG=1 for the stack trace)");
        }
        streams.err().flush();
        return ExitCode.INCOMPLETE.code();
    }

    /**
     * A message whose lines (e.g. one per invalid field) stay lines, every one after the first indented, so that no
     * text inside a message can pass for a line of its own.
     */
    private static String indented(String s) {
        if (s == null) {
            return "";
        }
        String[] lines = s.strip().split("\\R+");
        StringBuilder b = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            b.append(System.lineSeparator()).append("  ").append(lines[i].strip());
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
