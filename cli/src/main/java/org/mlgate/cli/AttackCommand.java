package org.mlgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mlgate.attack.extraction.Extraction;
import org.mlgate.attack.extraction.ExtractionOptions;
import org.mlgate.attack.extraction.ExtractionResult;
import org.mlgate.attack.membership.LabeledRows;
import org.mlgate.attack.membership.MembershipInference;
import org.mlgate.attack.membership.MembershipResult;
import org.mlgate.attack.oracle.ApiKeys;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate attack}: red-team attacks against a model folder or a live prediction API (module attack). */
@Command(name = "attack", mixinStandardHelpOptions = true,
        header = "Attack a model (extraction, membership inference) and measure what it leaks.",
        description = {"The target is a model folder written by 'mlgate train' or a full prediction URL "
                + "(http://HOST:PORT/v1/models/NAME:predict). Public feature ranges come from the server's GET "
                + "/v1/models or --features FILE; without them the attack stops (exit 2): it never guesses. Every "
                + "attack query counts against --budget (reported as queries); queries made only to measure "
                + "fidelity are eval_queries. HTTP 429/403 end the attack cleanly (stopped: true)."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {AttackCommand.ExtractionCommand.class, AttackCommand.MembershipCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the attack ran (stopped or not); figures printed", "1:inconsistent inputs (split for "
                + "other data, model package inconsistent)", "2:usage error (no ranges, missing files, bad options)",
            "3:could not complete (target unreachable or answering errors)"})
public final class AttackCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    MlgateCommand parent;

    @Override
    public void run() {
        throw new UsageException("missing attack (try 'mlgate attack extraction --help' or 'mlgate attack membership "
                + "--help')");
    }

    /** Options shared by every attack: the target and its credentials (a mixin), the report format (a mixin). */
    abstract static class Common {
        @ParentCommand
        AttackCommand attack;

        @picocli.CommandLine.Mixin
        TargetOptions targetOptions;

        @picocli.CommandLine.Mixin
        ReportFormatOption format;

        Target open() {
            return targetOptions.open();
        }

        long seed() {
            return targetOptions.seed();
        }

        boolean json() {
            return format.json();
        }

        Queries queries(Target t) {
            return targetOptions.queries(t, attack.parent.streams());
        }

        void print(Object result, String text) throws JsonProcessingException {
            Streams s = attack.parent.streams();
            s.out().println(json() ? JSON.writeValueAsString(result) : text);
            s.out().flush();
        }
    }

    /** The target of an attack: where it is, how to authenticate, its public ranges, the query budget, the seed. */
    static final class TargetOptions {
        @Option(names = "--target", required = true, paramLabel = "URL|DIR", description = "A prediction URL "
                + "(http://HOST:PORT/v1/models/NAME:predict) or a model folder.")
        String target;

        @Option(names = "--api-key", paramLabel = "KEY", description = "The API key sent as 'Authorization: Bearer "
                + "KEY' (prefer --api-key-file: a command line is visible to other users).")
        String apiKey;

        @Option(names = "--api-key-file", paramLabel = "FILE", description = "A file whose first non-comment line "
                + "is the API key.")
        Path apiKeyFile;

        @Option(names = "--features", paramLabel = "FILE", description = "Public feature ranges: {\"NAME\": [min, "
                + "max]} or {\"features\": [{\"name\", \"type\", \"min\", \"max\", \"categories\"}], \"label\", "
                + "\"classes\"}. Fills ranges the server withholds; needed for servers without GET /v1/models.")
        Path features;

        @Option(names = "--budget", defaultValue = "1000", paramLabel = "N", description = "Attack queries allowed "
                + "(default: ${DEFAULT-VALUE}).")
        long budget;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice (default: drawn from "
                + "SecureRandom and reported).")
        Long seed;

        Target open() {
            if (budget < 1) {
                throw new UsageException("--budget must be at least 1, got " + budget);
            }
            return Target.open(target, ApiKeys.choose(apiKey, apiKeyFile), features);
        }

        long seed() {
            return seed != null ? seed : new SecureRandom().nextLong();
        }

        Queries queries(Target t, Streams s) {
            long every = Math.max(1, budget / 10);
            return new Queries(t.oracle(), budget, used -> {
                if (used % every == 0 || used == budget) {
                    s.err().println("mlgate: " + used + "/" + budget + " queries");
                }
            });
        }
    }

    @Command(name = "extraction", mixinStandardHelpOptions = true,
            header = "Copy the target: equation solving, least squares or a surrogate, then measure fidelity.",
            description = {"--method auto picks from the first answer: full-precision scores → equation solving "
                    + "(exact for logistic models with at most d+1 queries), rounded scores → weighted least squares "
                    + "on the whole budget, labels or bins → a surrogate (logistic regression, or an MLP with "
                    + "--hidden) trained on answered labels with adaptive retraining. Fidelity is label agreement "
                    + "on --eval-points uniform points in the public ranges (eval queries, outside the budget)."})
    static final class ExtractionCommand extends Common implements Callable<Integer> {
        @Option(names = "--method", defaultValue = "auto", paramLabel = "M", description = "auto, equation-solving, "
                + "least-squares or surrogate (default: ${DEFAULT-VALUE}).")
        String method;

        @Option(names = "--hidden", split = ",", paramLabel = "W,...", description = "Surrogate MLP hidden widths "
                + "(default: a logistic regression).")
        List<Integer> hidden = List.of();

        @Option(names = "--eval-points", defaultValue = "2000", paramLabel = "N", description = "Uniform points for "
                + "fidelity (default: ${DEFAULT-VALUE}).")
        int evalPoints;

        @Option(names = "--rounds", defaultValue = "5", paramLabel = "R", description = "Adaptive retraining rounds "
                + "for label-only targets (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws JsonProcessingException {
            json();
            ExtractionOptions o = new ExtractionOptions(ExtractionOptions.Method.parse(method), hidden, evalPoints,
                    rounds, seed());
            Target t = open();
            ExtractionResult r = Extraction.run(t, o, queries(t)).result();
            print(r, String.format(Locale.ROOT, "extraction (%s, output %s): fidelity %s with %d queries (%d eval "
                    + "queries)%s", r.method(), r.observedOutput(), r.fidelity() == null ? "n/a"
                    : String.format(Locale.ROOT, "%.4f", r.fidelity()), r.queries(), r.evalQueries(),
                    r.stopReason() == null ? "" : "; stopped: " + r.stopReason()));
            return 0;
        }
    }

    @Command(name = "membership", mixinStandardHelpOptions = true,
            header = "Membership inference: tell training rows from held-out rows by the target's confidence.",
            description = {"Loss-threshold attack (the log-probability of the true label) when scores are shown, the "
                    + "label-only gap attack otherwise. Members and non-members come from a split saved by 'mlgate "
                    + "train --save-split' with --data, or from --members and --non-members files; they are balanced "
                    + "and together must fit --budget."})
    static final class MembershipCommand extends Common implements Callable<Integer> {
        @Option(names = "--split", paramLabel = "FILE", description = "A split saved by 'mlgate train --save-split'.")
        Path split;

        @Option(names = "--data", paramLabel = "FILE", description = "The data file the split indexes.")
        Path data;

        @Option(names = "--members", paramLabel = "FILE", description = "Rows known to be training rows.")
        Path members;

        @Option(names = "--non-members", paramLabel = "FILE", description = "Rows known not to be.")
        Path nonMembers;

        @Override
        public Integer call() throws JsonProcessingException {
            json();
            boolean bySplit = split != null || data != null;
            boolean byFiles = members != null || nonMembers != null;
            if (bySplit == byFiles || (bySplit && (split == null || data == null))
                    || (byFiles && (members == null || nonMembers == null))) {
                throw new UsageException("give --split FILE --data FILE, or --members FILE --non-members FILE");
            }
            long s = seed();
            Target t = open();
            LabeledRows[] sides = bySplit ? LabeledRows.fromSplit(split, data, t.space())
                    : new LabeledRows[] {LabeledRows.read(members, t.space()), LabeledRows.read(nonMembers, t.space())};
            MembershipResult r = MembershipInference.run(t, sides[0], sides[1], queries(t), s);
            print(r, String.format(Locale.ROOT, "membership (%s): auc %s, tpr at 1%% fpr %s, %d members and %d "
                    + "non-members, %d queries%s", r.method(), r.auc() == null ? "n/a"
                    : String.format(Locale.ROOT, "%.4f", r.auc()), r.tprAt1() == null ? "n/a"
                    : String.format(Locale.ROOT, "%.4f", r.tprAt1()), r.members(), r.nonMembers(), r.queries(),
                    r.stopReason() == null ? "" : "; stopped: " + r.stopReason()));
            return 0;
        }
    }
}
