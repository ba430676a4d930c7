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

    private ExitCodes() {
    }
}
