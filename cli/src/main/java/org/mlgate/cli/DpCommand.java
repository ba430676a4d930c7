package org.mlgate.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.concurrent.Callable;
import org.mlgate.core.ExitCode;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.train.privacy.Accountant;
import org.mlgate.train.privacy.AccountantKind;
import org.mlgate.train.privacy.AccountingQuery;
import org.mlgate.train.privacy.CalibrationTarget;
import org.mlgate.train.privacy.Epsilon;
import org.mlgate.train.privacy.NoiseCalibration;
import org.mlgate.train.privacy.PldAccountant;
import org.mlgate.train.privacy.PldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate dp}: privacy accounting for DP-SGD (ε for a run, σ for a target ε), over {@code train}. */
@Command(name = "dp", mixinStandardHelpOptions = true,
        header = "Differential-privacy accounting for DP-SGD (Poisson-subsampled Gaussian mechanism).",
        description = {"'epsilon' computes the epsilon of a DP-SGD run; 'noise' finds the noise multiplier for a "
                + "target epsilon. Accountants: rdp (Renyi DP, as Google dp_accounting's RdpAccountant computes it) "
                + "and pld (privacy-loss distribution, pessimistic, discretisation 1e-4 or --pld-interval, as dp_accounting's "
                + "PLDAccountant; tighter, slower). Neighbouring relation: add/remove one record."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DpCommand.EpsilonCommand.class, DpCommand.NoiseCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the answer was printed", "2:usage error (missing or invalid value)",
            "3:could not complete (no noise multiplier reaches the target, or the accounting is too large)"})
public final class DpCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    MlgateCommand parent;

    @Override
    public void run() {
        throw new UsageException("missing dp command (try 'mlgate dp epsilon --help' or 'mlgate dp noise --help')");
    }

    /** The JSON document of {@code mlgate dp epsilon --format json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EpsilonReport(@JsonProperty("epsilon") double epsilon, @JsonProperty("accountant") String accountant,
                         @JsonProperty("optimal_order") Double optimalOrder,
                         @JsonProperty("sampling_rate") double samplingRate,
                         @JsonProperty("noise_multiplier") double noiseMultiplier, @JsonProperty("steps") long steps,
                         @JsonProperty("delta") double delta) { }

    /** The JSON document of {@code mlgate dp noise --format json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NoiseReport(@JsonProperty("noise_multiplier") double noiseMultiplier,
                       @JsonProperty("accountant") String accountant, @JsonProperty("epsilon") double epsilon,
                       @JsonProperty("optimal_order") Double optimalOrder,
                       @JsonProperty("target_epsilon") double targetEpsilon,
                       @JsonProperty("sampling_rate") double samplingRate, @JsonProperty("steps") long steps,
                       @JsonProperty("delta") double delta, @JsonProperty("tolerance") double tolerance) { }

    /** Options shared by both subcommands. */
    abstract static class Common {
        @ParentCommand
        DpCommand dp;

        @Option(names = "--sampling-rate", required = true, paramLabel = "Q",
                description = "Poisson sampling rate: expected batch size / dataset size, in (0, 1].")
        double samplingRate;

        @Option(names = "--steps", required = true, paramLabel = "T", description = "Number of DP-SGD steps (>= 1).")
        long steps;

        @Option(names = "--delta", required = true, paramLabel = "D", description = "Target delta, in (0, 1).")
        double delta;

        @Option(names = "--accountant", paramLabel = "rdp|pld", defaultValue = "rdp",
                description = "rdp or pld (default: ${DEFAULT-VALUE}).")
        String accountant;

        @picocli.CommandLine.Mixin
        ReportFormatOption format;

        @Option(names = "--pld-interval", paramLabel = "D", description = "pld only: the grid step of privacy-loss "
                + "values, in (0, 1] (default 1e-4, as dp_accounting). Coarser is faster and looser (still an upper "
                + "bound); use it when the grid would be too large.")
        Double pldInterval;

        /** The accountant asked for, with --pld-interval applied. */
        Accountant accountant(AccountantKind kind) {
            if (pldInterval == null) {
                return Accountant.of(kind);
            }
            if (kind != AccountantKind.PLD) {
                throw new UsageException("--pld-interval is for --accountant pld");
            }
            return new PldAccountant(PldConfig.DEFAULT.withValueDiscretizationInterval(pldInterval));
        }

        String pldInterval() {
            return num(pldInterval == null ? PldConfig.DEFAULT.valueDiscretizationInterval() : pldInterval);
        }

        AccountantKind kind() {
            return AccountantKind.parse(accountant);
        }

        void print(String text) {
            dp.parent.streams().out().print(text);
            dp.parent.streams().out().flush();
        }
    }

    @Command(name = "epsilon", mixinStandardHelpOptions = true,
            header = "Print the epsilon of a DP-SGD run.",
            description = {"Epsilon after T steps of the Poisson-subsampled Gaussian mechanism with sampling rate Q "
                    + "and noise multiplier S (noise standard deviation / clipping norm), at delta D. rdp also "
                    + "reports the Renyi order that gave the smallest epsilon."},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:epsilon was printed", "2:usage error (missing or invalid value)",
                "3:could not complete (no finite epsilon: too little noise; or the PLD grid would be too large)"})
    static final class EpsilonCommand extends Common implements Callable<Integer> {
        @Option(names = "--noise-multiplier", required = true, paramLabel = "S",
                description = "Noise multiplier sigma (> 0).")
        double noiseMultiplier;

        @Override
        public Integer call() throws JsonProcessingException {
            AccountantKind kind = kind();
            AccountingQuery q = AccountingQuery.builder().samplingRate(samplingRate).noiseMultiplier(noiseMultiplier)
                    .steps(steps).delta(delta).build();
            Epsilon e = accountant(kind).epsilon(q);
            if (!Double.isFinite(e.value())) {
                // Infinity is not an epsilon: say plainly that these settings give no (epsilon, delta) guarantee
                throw new IncompleteException("no finite epsilon: noise multiplier " + num(noiseMultiplier)
                        + " with sampling rate " + num(samplingRate) + " over " + steps + " steps gives no "
                        + "(epsilon, delta) guarantee at delta " + num(delta) + "; use more noise");
            }
            Double order = e instanceof Epsilon.Rdp r ? r.order() : null;
            if (format.json()) {
                print(JSON.writeValueAsString(new EpsilonReport(e.value(), kind.id(), order, samplingRate,
                        noiseMultiplier, steps, delta)) + "\n");
            } else {
                String how = switch (e) {
                    case Epsilon.Rdp r -> "rdp, optimal order " + num(r.order());
                    case Epsilon.Pld p -> "pld, discretisation " + pldInterval();
                };
                print("epsilon " + num(e.value()) + " at delta " + num(delta) + " (" + how + ")\n"
                        + "  sampling rate " + num(samplingRate) + ", noise multiplier " + num(noiseMultiplier) + ", "
                        + steps + " steps\n");
            }
            return ExitCode.OK.code();
        }
    }

    @Command(name = "noise", mixinStandardHelpOptions = true,
            header = "Print the noise multiplier that reaches a target epsilon.",
            description = {"The smallest noise multiplier (within the search tolerance: 1e-4 for rdp, 1e-3 for pld) "
                    + "whose epsilon after T steps at sampling rate Q and delta D is at most E. The answer is the "
                    + "upper end of the final search interval, so it always meets the target."},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:the noise multiplier was printed", "2:usage error (missing or invalid value)",
                "3:could not complete (no noise multiplier up to 1e4 reaches the target)"})
    static final class NoiseCommand extends Common implements Callable<Integer> {
        @Option(names = "--target-epsilon", required = true, paramLabel = "E", description = "Target epsilon (> 0).")
        double targetEpsilon;

        @Override
        public Integer call() throws JsonProcessingException {
            AccountantKind kind = kind();
            CalibrationTarget t = new CalibrationTarget(targetEpsilon, samplingRate, steps, delta);
            double tolerance = NoiseCalibration.defaultTolerance(kind);
            NoiseCalibration.Result r = NoiseCalibration.noiseMultiplier(accountant(kind), t, tolerance);
            Double order = r.epsilon() instanceof Epsilon.Rdp rdp ? rdp.order() : null;
            if (format.json()) {
                print(JSON.writeValueAsString(new NoiseReport(r.noiseMultiplier(), kind.id(), r.epsilon().value(),
                        order, targetEpsilon, samplingRate, steps, delta, tolerance)) + "\n");
            } else {
                print("noise multiplier " + num(r.noiseMultiplier()) + " (" + kind.id() + ", tolerance "
                        + num(tolerance) + ") gives epsilon " + num(r.epsilon().value()) + " <= " + num(targetEpsilon)
                        + " at delta " + num(delta) + "\n  sampling rate " + num(samplingRate) + ", " + steps
                        + " steps\n");
            }
            return ExitCode.OK.code();
        }
    }

    /** Six significant digits, no trailing zeros (2.10137, 1e-05 as 0.00001). */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
