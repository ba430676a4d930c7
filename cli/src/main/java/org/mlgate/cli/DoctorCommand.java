package org.mlgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mlgate.doctor.Check;
import org.mlgate.doctor.Doctor;
import org.mlgate.doctor.DoctorReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate doctor}: prints {@link Doctor}'s report and maps it to the exit code. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Check that this machine can run mlgate's default commands.",
        description = {"Checks, in order: the JDK (" + Doctor.JDK_EXPECTED + " expected); the training sandbox "
                + "(bubblewrap at /usr/bin/bwrap and user namespaces, proven by the same self-test 'mlgate train' runs); "
                + "the lineage store (--db, else $MLGATE_LINEAGE_DB, else the H2 file under $MLGATE_HOME) opened, or "
                + "creatable; PostgreSQL when the store is one; Redis (no mlgate command uses one today); Chromium "
                + "(optional). Each line is OK, PROBLEM with the fix, NOT_CONFIGURED or ABSENT. Only hosts named by the "
                + "configuration are contacted."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:everything the default commands need works",
            "1:something they need does not (see the PROBLEM lines)",
            "2:usage error (bad --format or --db)",
            "3:the doctor itself could not complete"},
        footerHeading = "%nExamples:%n",
        footer = {"  mlgate doctor", "  mlgate doctor --format json"})
public final class DoctorCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    MlgateCommand parent;

    @picocli.CommandLine.Mixin
    ReportFormatOption format; // json follows mlgate-doctor/v1

    @Option(names = "--db", paramLabel = "PATH|URL", description = "The lineage store to check (default: "
            + "$MLGATE_LINEAGE_DB, else the H2 file under $MLGATE_HOME).")
    String db;

    @Override
    public Integer call() throws Exception {
        Streams s = parent.streams();
        DoctorReport report = Doctor.run(new Doctor.Settings(s.env(), db));
        PrintStream out = s.out();
        if (format.json()) {
            out.println(JSON.writeValueAsString(report));
        } else {
            for (Check c : report.checks()) {
                out.printf(Locale.ROOT, "%-15s %-17s %s%n", c.status().id().toUpperCase(Locale.ROOT), c.name(),
                        c.detail());
                if (c.fix() != null) {
                    out.printf(Locale.ROOT, "%-15s %-17s fix: %s%n", "", "", c.fix());
                }
            }
            out.println(report.ok() ? "everything the default commands need works"
                    : "something the default commands need does not work: see PROBLEM above");
        }
        out.flush();
        return report.ok() ? 0 : 1;
    }
}
