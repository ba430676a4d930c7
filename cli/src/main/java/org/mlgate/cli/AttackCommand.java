package org.mlgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mlgate.attack.extraction.Extraction;
import org.mlgate.attack.extraction.ExtractionOptions;
import org.mlgate.attack.extraction.ExtractionResult;
import org.mlgate.attack.extraction.SurrogatePackage;
import org.mlgate.attack.oracle.AttackerData;
import org.mlgate.attack.inversion.InversionAttack;
import org.mlgate.attack.inversion.InversionResult;
import org.mlgate.attack.membership.ShadowConfig;
import org.mlgate.attack.membership.MembershipAttack;
import org.mlgate.attack.membership.MembershipResult;
import org.mlgate.attack.oracle.ApiKeys;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate attack}: red-team attacks against a model folder or a live prediction API (module attack). */
@Command(name = "attack", mixinStandardHelpOptions = true,
        header = "Attack a model (extraction, membership inference, attribute inference) and measure what it leaks.",
        description = {"The target is a model folder written by 'mlgate train' or a full prediction URL "
                + "(http://HOST:PORT/v1/models/NAME:predict). Public feature ranges come from the server's GET "
                + "/v1/models or --features FILE; without them the attack stops (exit 2): it never guesses. Every "
                + "attack query counts against --budget (reported as queries); queries made only to measure "
                + "fidelity are eval_queries. HTTP 429/403 end the attack cleanly (stopped: true)."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {AttackCommand.ExtractionCommand.class, AttackCommand.MembershipCommand.class,
            AttackCommand.InversionCommand.class},
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
        throw new UsageException("missing attack (try 'mlgate attack extraction --help', 'mlgate attack membership "
                + "--help' or 'mlgate attack inversion --help')");
    }

    static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
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

        @picocli.CommandLine.Mixin
        OutputOption output;

        /** Checks the options every attack shares, before any query. */
        void checkCommon() {
            output.check();
        }

        void print(Object result, String text) throws JsonProcessingException {
            output.write(attack.parent.streams(), (json() ? JSON.writeValueAsString(result) : text) + "\n",
                    StandardCharsets.UTF_8);
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
                    + "on the whole budget, labels, bins, top-k, noisy or perturbed scores (noise read from the "
                    + "advertised policy, else from 2 counted nudged queries) → a surrogate (logistic regression, or an MLP with "
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

        @Option(names = "--attacker-data", paramLabel = "FILE", description = "Rows (CSV, JSONL, ARFF) the attack "
                + "queries instead of uniform points in the public ranges; only the target's feature columns are "
                + "read, numbers are clipped into the public ranges.")
        Path attackerData;

        @Option(names = "--eval-data", paramLabel = "FILE", description = "Rows on which fidelity is measured (eval "
                + "queries); fidelity_uniform is still reported on --eval-points uniform points.")
        Path evalData;

        @Option(names = "--save-model", paramLabel = "DIR", description = "Write the extracted model as an mlgate "
                + "model package (the target's public schema; the card names the target, queries and attacker "
                + "pool) into DIR, which must be absent or an empty folder.")
        Path saveModel;

        @Override
        public Integer call() throws JsonProcessingException {
            checkCommon();
            if (saveModel != null) {
                SurrogatePackage.check(saveModel);
            }
            long s = seed();
            ExtractionOptions.Method m = ExtractionOptions.Method.parse(method);
            Target t = open();
            ExtractionOptions o = new ExtractionOptions(m, hidden, evalPoints, rounds, s,
                    attackerData == null ? null : AttackerData.read(attackerData, t.space(), "--attacker-data"),
                    evalData == null ? null : AttackerData.read(evalData, t.space(), "--eval-data"));
            Extraction.Outcome outcome = Extraction.run(t, o, queries(t));
            ExtractionResult r = saveModel == null ? outcome.result()
                    : SurrogatePackage.write(outcome, t, o, saveModel);
            print(r, String.format(Locale.ROOT, "extraction (%s, output %s): fidelity %s (uniform %s) with %d "
                    + "queries (%d eval queries)%s%s", r.method(), r.observedOutput(), fmt(r.fidelity()),
                    fmt(r.fidelityUniform()), r.queries(), r.evalQueries(),
                    r.stopReason() == null ? "" : "; stopped: " + r.stopReason(),
                    r.savedModel() == null ? "" : "; saved " + r.savedModel()));
            return 0;
        }
    }

    @Command(name = "membership", mixinStandardHelpOptions = true,
            header = "Membership inference: tell training rows from held-out rows by the target's answers.",
            description = {"--method auto: the loss-threshold attack (the log-probability of the true label) when "
                    + "scores are shown, the label-only gap attack otherwise. lira-offline / lira-online: the "
                    + "likelihood-ratio attack with --shadows shadow models trained on --attacker-data (labelled "
                    + "rows of the attacker's own; the shadows copy the target's training as --shadow-hidden, "
                    + "--shadow-epochs, --shadow-lr, --shadow-batch-size say); needs scores. label-perturbation: "
                    + "label-only, the share of --perturbations noisy copies still labelled right. Members and "
                    + "non-members come from a split saved by 'mlgate train --save-split' with --data, or from "
                    + "--members and --non-members files; they are balanced and their queries must fit --budget."})
    static final class MembershipCommand extends Common implements Callable<Integer> {
        @Option(names = "--split", paramLabel = "FILE", description = "A split saved by 'mlgate train --save-split'.")
        Path split;

        @Option(names = "--data", paramLabel = "FILE", description = "The data file the split indexes.")
        Path data;

        @Option(names = "--members", paramLabel = "FILE", description = "Rows known to be training rows.")
        Path members;

        @Option(names = "--non-members", paramLabel = "FILE", description = "Rows known not to be.")
        Path nonMembers;

        @Option(names = "--method", defaultValue = "auto", paramLabel = "M", description = "auto, threshold, "
                + "lira-offline, lira-online or label-perturbation (default: ${DEFAULT-VALUE}).")
        String method;

        @Option(names = "--attacker-data", paramLabel = "FILE", description = "The attacker's own labelled rows "
                + "(with the label column), for LiRA's shadow models.")
        Path attackerData;

        @Option(names = "--shadows", defaultValue = "16", paramLabel = "K", description = "Shadow models for LiRA "
                + "(default: ${DEFAULT-VALUE}).")
        int shadows;

        @Option(names = "--shadow-hidden", split = ",", paramLabel = "W,...", description = "Shadow MLP hidden "
                + "widths (default: a logistic regression).")
        List<Integer> shadowHidden = List.of();

        @Option(names = "--shadow-epochs", defaultValue = "100", paramLabel = "N", description = "Shadow training "
                + "epochs (default: ${DEFAULT-VALUE}).")
        int shadowEpochs;

        @Option(names = "--shadow-lr", defaultValue = "0.01", paramLabel = "R", description = "Shadow learning rate "
                + "(default: ${DEFAULT-VALUE}).")
        double shadowLr;

        @Option(names = "--shadow-batch-size", defaultValue = "32", paramLabel = "N", description = "Shadow batch "
                + "size (default: ${DEFAULT-VALUE}).")
        int shadowBatch;

        @Option(names = "--perturbations", defaultValue = "20", paramLabel = "N", description = "Noisy copies per row "
                + "for label-perturbation (default: ${DEFAULT-VALUE}).")
        int perturbations;

        @Option(names = "--noise", defaultValue = "0.05", paramLabel = "SIGMA", description = "Gaussian noise on "
                + "the encoded [0, 1] numeric inputs for label-perturbation (default: ${DEFAULT-VALUE}).")
        double noise;

        @Override
        public Integer call() throws JsonProcessingException {
            checkCommon();
            MembershipAttack.Method m = MembershipAttack.Method.parse(method);
            MembershipAttack.Request request = new MembershipAttack.Request(m,
                    MembershipAttack.Rows.of(split, data, members, nonMembers), attackerData,
                    m.lira() ? new ShadowConfig(shadows, shadowHidden, shadowEpochs, shadowLr, shadowBatch) : null,
                    perturbations, noise, seed());
            Target t = open();
            MembershipResult r = MembershipAttack.run(t, request, queries(t));
            print(r, String.format(Locale.ROOT, "membership (%s): auc %s, tpr at 1%% fpr %s, at 0.1%% fpr %s, %d "
                    + "members and %d non-members, %d queries%s", r.method(), fmt(r.auc()), fmt(r.tprAt1()),
                    fmt(r.tprAt01()), r.members(), r.nonMembers(), r.queries(),
                    r.stopReason() == null ? "" : "; stopped: " + r.stopReason()));
            return 0;
        }
    }

    @Command(name = "inversion", mixinStandardHelpOptions = true,
            header = "Attribute inference: recover a hidden input of known records from the target's answers.",
            description = {"For each known record (--data) the attack sees the target's answer for the full record, "
                    + "then asks about the record with every candidate value of --feature (each category, or --grid "
                    + "bins of a number's range) and picks the value whose answer matches best, weighted by a prior "
                    + "(the column in --attacker-data, else uniform over the public range). advantage is what the "
                    + "answers add over the prior alone. Each record costs 1 + candidates queries."})
    static final class InversionCommand extends Common implements Callable<Integer> {
        @Option(names = "--feature", required = true, paramLabel = "FEATURE", description = "The input feature to "
                + "recover (e.g. merchant_category, distance_from_home_km).")
        String hidden;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "Known records with their "
                + "true hidden value (used only to score the attack).")
        Path data;

        @Option(names = "--attacker-data", paramLabel = "FILE", description = "Rows whose --feature column is the "
                + "attacker's prior (default: uniform over the public range).")
        Path attackerData;

        @Option(names = "--records", defaultValue = "200", paramLabel = "N", description = "Records attacked "
                + "(default: ${DEFAULT-VALUE}; fewer if the budget runs out).")
        int records;

        @Option(names = "--grid", defaultValue = "32", paramLabel = "N", description = "Candidate bins for a numeric "
                + "feature (default: ${DEFAULT-VALUE}).")
        int grid;

        @Option(names = "--method", defaultValue = "score-matching", paramLabel = "METHOD", description = "score-"
                + "matching (default: every candidate value asked, weighted by the prior) or optimize (numeric "
                + "features: finite-difference Gauss-Newton steps on the hidden value against the observed scores, "
                + "2 queries a step; with --surrogate, on the local copy).")
        String method;

        @Option(names = "--steps", defaultValue = "20", paramLabel = "N", description = "--method optimize: at most "
                + "N steps per record (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--surrogate", paramLabel = "DIR", description = "--method optimize: a package written by "
                + "'mlgate attack extraction --save-model' for this target; the steps run on it and the target is "
                + "asked only for each record's answer.")
        Path surrogate;

        @Override
        public Integer call() throws JsonProcessingException {
            checkCommon();
            InversionAttack.Request request = new InversionAttack.Request(InversionAttack.Method.parse(method),
                    hidden, data, attackerData, records, grid, steps, surrogate, seed());
            Target t = open();
            InversionResult r = InversionAttack.run(t, request, queries(t));
            print(r, String.format(Locale.ROOT, "inversion of %s (%s, output %s): advantage %s over the %s prior "
                    + "(error %s vs %s) on %d records, %d queries%s", r.hidden(), r.method(), r.observedOutput(),
                    fmt(r.advantage()), r.prior(), fmt(r.reconstructionError()), fmt(r.baselineError()), r.records(),
                    r.queries(), r.stopReason() == null ? "" : "; stopped: " + r.stopReason()));
            return 0;
        }
    }
}
