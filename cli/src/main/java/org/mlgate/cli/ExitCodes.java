package org.mlgate.cli;

/** Usage-help texts for the exit codes of {@link org.mlgate.core.ExitCode}, shared by the commands. */
final class ExitCodes {
    static final String HEADING = "%nExit codes:%n";
    static final String OK = "0:success; for scan: every file SAFE";
    static final String POLICY = "1:a policy said no; for scan: at least one file UNSAFE";
    static final String USAGE = "2:usage error: unknown command or option, bad option value, missing or "
            + "nonexistent PATH, invalid profile file, output directory missing";
    static final String INCOMPLETE = "3:the work could not be completed; for scan: at least one file ERROR "
            + "(not fully analysed) and none UNSAFE, or the report could not be written";

    /** A benchmark prints figures; it has no verdict, so no exit code 1. */
    static final String BENCH_OK = "0:the figures were printed";
    static final String BENCH_USAGE = "2:usage error: unknown option, bad option value";
    static final String BENCH_INCOMPLETE = "3:the benchmark could not be completed (its inputs could not be written "
            + "or read, or a step failed)";

    private ExitCodes() {
    }
}
