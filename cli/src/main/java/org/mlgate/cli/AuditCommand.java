package org.mlgate.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.AtomicFiles;
import org.mlgate.core.UsageException;
import org.mlgate.serve.state.AuditEntry;
import org.mlgate.serve.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate audit}: read the prediction server's append-only audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        header = "Show or export the prediction server's audit log.",
        description = {"One row per request: request id, key id (never the key), time, model digest, input digest "
                + "(never the input), the answer as sent, policy and status. Works while 'mlgate serve' runs."},
        subcommands = {AuditCommand.Show.class, AuditCommand.Export.class})
public final class AuditCommand implements Runnable {
    @ParentCommand
    MlgateCommand parent;

    @Override
    public void run() {
        throw new UsageException("missing audit command (show, export)");
    }

    private static final int PAGE = 1000;

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print audit rows after --after.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;
        @Mixin
        ApiKeysCommand.Db db;
        @Option(names = "--after", defaultValue = "0", paramLabel = "SEQ", description = "Rows after this sequence "
                + "number (default ${DEFAULT-VALUE}).")
        long after;
        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N rows (default "
                + "${DEFAULT-VALUE}).")
        int limit;
        @Mixin
        ReportFormatOption format;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 100_000) {
                throw new UsageException("--limit must be 1 to 100000");
            }
            Streams s = audit.parent.streams();
            try (StateStore store = db.open(s)) {
                List<AuditEntry> rows = store.audit(after, limit);
                if (format.json()) {
                    s.out().println(Json.pretty(java.util.Map.of("entries", rows)));
                } else {
                    for (AuditEntry e : rows) {
                        s.out().printf("%d  %s  %s  key %s  %s  %d  %s%s%n", e.seq(), e.at(), e.requestId(),
                                e.keyId() == null ? "-" : e.keyId().substring(0, 12), e.model() == null ? "-" : e.model(),
                                e.status(), e.reason() == null ? e.predictions() + " prediction(s), " + e.policy()
                                        : e.reason(), "");
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write every audit row as JSON Lines.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;
        @Mixin
        ApiKeysCommand.Db db;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSON Lines file (written "
                + "atomically).")
        Path out;

        @Override
        public Integer call() {
            Streams s = audit.parent.streams();
            AtomicFiles.check(out, "the audit export to " + out);
            long[] count = {0};
            try (StateStore store = db.open(s)) {
                AtomicFiles.writeChecked(out, o -> {
                    long after = 0;
                    while (true) {
                        List<AuditEntry> page = store.audit(after, PAGE);
                        for (AuditEntry e : page) {
                            o.write(Json.line(e).getBytes(StandardCharsets.UTF_8));
                            o.write('\n');
                            count[0]++;
                        }
                        if (page.size() < PAGE) {
                            break;
                        }
                        after = page.getLast().seq();
                    }
                });
            }
            s.err().println("mlgate: wrote " + count[0] + " audit rows to " + out);
            return 0;
        }
    }
}
