package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.mlgate.core.UsageException;
import org.mlgate.train.dpsgd.PrivacyUnit;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.optim.OptimizerConfig;
import org.mlgate.train.privacy.AccountantKind;
import org.mlgate.train.robust.AdversarialTraining;
import org.mlgate.train.robust.EpsilonUnit;
import org.mlgate.train.robust.TabularConstraints;
import org.mlgate.train.sanitize.SanitizeConfig;

/**
 * Everything {@code mlgate train} was asked to do, as the trusted parent validates it and hands its training part
 * to the sandboxed worker (inside {@link WorkerTask}). Paths are absolute. Validated once here; the training parameters are validated again by
 * {@code TrainingConfig.build()}.
 */
public record TrainJob(@JsonProperty("data") String data, @JsonProperty("format") String format,
                       @JsonProperty("schema") String schema, @JsonProperty("label") String label,
                       @JsonProperty("drop") List<String> drop,
                       @JsonProperty("privacy_unit") String privacyUnit, @JsonProperty("model") String model,
                       @JsonProperty("hidden") List<Integer> hidden, @JsonProperty("dp") boolean dp,
                       @JsonProperty("target_epsilon") Double targetEpsilon, @JsonProperty("delta") Double delta,
                       @JsonProperty("accountant") String accountant, @JsonProperty("clip") Double clip,
                       @JsonProperty("epochs") Integer epochs, @JsonProperty("batch_size") Integer batchSize,
                       @JsonProperty("lr") Double lr, @JsonProperty("optimizer") String optimizer,
                       @JsonProperty("trace") boolean trace,
                       @JsonProperty("adversarial") Adversarial adversarial,
                       @JsonProperty("eps_units") EpsilonUnit epsUnits,
                       @JsonProperty("immutable") List<String> immutable, @JsonProperty("integer") List<String> integer,
                       @JsonProperty("sanitize") boolean sanitize,
                       @JsonProperty("expected_poison_rate") Double expectedPoisonRate,
                       @JsonProperty("out") String out, @JsonProperty("sandbox") String sandbox) {
    /** SGD defaults: learning rate 0.1 with momentum 0.9 (0.5 made a 2-layer MLP diverge on breast cancer). */
    static final double SGD_LR = 0.1;
    static final double SGD_MOMENTUM = 0.9;
    /** Default {@code --expected-poison-rate}. */
    public static final double DEFAULT_POISON_RATE = SanitizeConfig.DEFAULT_POISON_RATE;

    /**
     * {@code --adversarial fgsm|pgd} with its settings, validated once. PGD starts from a random point of the ε-ball
     * (drawn from the trainer's SecureRandom).
     */
    public record Adversarial(@JsonProperty("attack") AdversarialTraining.Attack attack,
                              @JsonProperty("epsilon") double epsilon, @JsonProperty("steps") int steps,
                              @JsonProperty("ratio") double ratio) {
        /** ε 0.1: the middle of the radii the model card reports (0.05, 0.1, 0.2), as in the measured table. */
        public static final double DEFAULT_EPSILON = 0.1;
        /** 5 PGD steps, as in the module README's measured table: six gradients per attacked row. */
        public static final int DEFAULT_PGD_STEPS = 5;
        /** Half the rows attacked: robustness without giving up clean accuracy (ratio 1 cost an MLP 4 points). */
        public static final double DEFAULT_RATIO = 0.5;

        public Adversarial {
            Objects.requireNonNull(attack, "attack");
            if (!(epsilon > 0 && epsilon <= 1)) {
                throw new UsageException("--adv-epsilon must be in (0, 1], got " + epsilon);
            }
            if (attack == AdversarialTraining.Attack.FGSM && steps != 1) {
                throw new UsageException("--adv-steps is for --adversarial pgd (FGSM takes one step)");
            }
            if (steps < 1 || steps > AdversarialTraining.MAX_STEPS) {
                throw new UsageException("--adv-steps must be 1.." + AdversarialTraining.MAX_STEPS + ", got " + steps);
            }
            if (!(ratio > 0 && ratio <= 1)) {
                throw new UsageException("--adv-ratio must be in (0, 1], got " + ratio);
            }
        }

        /**
         * From the command-line options: null when {@code attack} is null (standard training; then the other options
         * must be absent too), defaults for the settings not given.
         */
        public static Adversarial of(String attack, Double epsilon, Integer steps, Double ratio) {
            if (attack == null) {
                if (epsilon != null || steps != null || ratio != null) {
                    throw new UsageException("--adv-epsilon, --adv-steps and --adv-ratio need --adversarial fgsm|pgd");
                }
                return null;
            }
            AdversarialTraining.Attack a = switch (attack.toLowerCase(Locale.ROOT)) {
                case "fgsm" -> AdversarialTraining.Attack.FGSM;
                case "pgd" -> AdversarialTraining.Attack.PGD;
                default -> throw new UsageException("--adversarial must be fgsm or pgd, got '" + attack + "'");
            };
            if (a == AdversarialTraining.Attack.FGSM && steps != null) {
                throw new UsageException("--adv-steps is for --adversarial pgd (FGSM takes one step)");
            }
            return new Adversarial(a, epsilon != null ? epsilon : DEFAULT_EPSILON,
                    a == AdversarialTraining.Attack.FGSM ? 1 : steps != null ? steps : DEFAULT_PGD_STEPS,
                    ratio != null ? ratio : DEFAULT_RATIO);
        }

        /** The trainer's settings under {@code constraints}: PGD from a random start, FGSM from the clean row. */
        public AdversarialTraining training(TabularConstraints constraints) {
            return attack == AdversarialTraining.Attack.PGD ? AdversarialTraining.pgd(epsilon, steps, ratio, constraints)
                    : AdversarialTraining.fgsm(epsilon, ratio, constraints);
        }

        public String label() {
            return attack.name().toLowerCase(Locale.ROOT);
        }
    }

    public TrainJob {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(out, "out");
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        drop = drop == null ? List.of() : List.copyOf(drop);
        // value sets are case-insensitive, as every enum value on the command line is
        model = model == null ? null : model.toLowerCase(Locale.ROOT);
        optimizer = optimizer == null ? null : optimizer.toLowerCase(Locale.ROOT);
        accountant = accountant == null ? null : accountant.toLowerCase(Locale.ROOT);
        if (schema != null && !drop.isEmpty()) {
            throw new UsageException("--drop is for --label (inferring a schema); the schema file lists what it drops");
        }
        if (!"lr".equals(model) && !"mlp".equals(model)) {
            throw new UsageException("--arch must be lr or mlp, got '" + model + "'");
        }
        if ("lr".equals(model) && !hidden.isEmpty()) {
            throw new UsageException("--hidden is for --arch mlp");
        }
        if ("mlp".equals(model) && (hidden.size() > 3)) {
            throw new UsageException("an MLP has 1 to 3 hidden layers, got " + hidden.size());
        }
        if (dp && targetEpsilon == null) {
            throw new UsageException("--dp needs --target-epsilon E");
        }
        if (!dp && (targetEpsilon != null || delta != null)) {
            throw new UsageException("--target-epsilon and --delta need --dp");
        }
        if (optimizer != null && !optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new UsageException("--optimizer must be adam or sgd, got '" + optimizer + "'");
        }
        if (accountant != null && !accountant.equals("rdp") && !accountant.equals("pld")) {
            throw new UsageException("--accountant must be rdp or pld, got '" + accountant + "'");
        }
        immutable = immutable == null ? List.of() : List.copyOf(immutable);
        integer = integer == null ? List.of() : List.copyOf(integer);
        // Standard deviations of the training rows are a statistic the DP guarantee does not cover; the declared
        // [min, max] range is public, so it is the unit under --dp.
        if (dp && epsUnits == EpsilonUnit.STANDARDISED) {
            throw new UsageException("--eps-units std is refused with --dp: it scales epsilon by the standard "
                    + "deviations of the private training rows, which the DP guarantee does not cover; under --dp "
                    + "epsilon is in range units (a share of each feature's declared [min, max])");
        }
        if (epsUnits == null) {
            epsUnits = dp ? EpsilonUnit.RANGE : EpsilonUnit.STANDARDISED;
        }
        if (sanitize && dp) {
            throw new UsageException("--sanitize is refused with --dp: which rows it drops depends on the other rows "
                    + "(their spectrum, neighbours and value counts), and that choice is not covered by the DP "
                    + "guarantee. Run 'mlgate sanitize' first and train with --dp on the cleaned file: the guarantee "
                    + "then holds for the cleaned file");
        }
        if (!sanitize && expectedPoisonRate != null) {
            throw new UsageException("--expected-poison-rate needs --sanitize");
        }
        if (sanitize) {
            expectedPoisonRate = SanitizeConfig.of(expectedPoisonRate != null ? expectedPoisonRate
                    : DEFAULT_POISON_RATE).expectedPoisonRate();
        }
    }

    /** The sanitiser's settings ({@code --sanitize}), or null. */
    public SanitizeConfig sanitizeConfig() {
        return sanitize ? SanitizeConfig.of(expectedPoisonRate) : null;
    }

    /** The trainer's settings for this job; {@code hasUnits}: the rows carry privacy units (user-level DP). */
    public TrainingConfig trainingConfig(boolean hasUnits) {
        TrainingConfig.Builder b = TrainingConfig.builder();
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (batchSize != null) {
            b.expectedBatchSize(batchSize);
        }
        if ("sgd".equals(optimizer)) {
            b.optimizer(new OptimizerConfig.SgdConfig(lr != null ? lr : SGD_LR, SGD_MOMENTUM));
        } else if (lr != null) {
            b.learningRate(lr);
        }
        if (clip != null) {
            b.clipNorm(clip);
        }
        if (dp) {
            b.dp(targetEpsilon);
            if (delta != null) {
                b.delta(delta);
            }
            b.accountant("pld".equals(accountant) ? AccountantKind.PLD : AccountantKind.RDP);
            b.privacyUnit(hasUnits ? PrivacyUnit.USER : PrivacyUnit.ROW);
        }
        return b.build();
    }

    /** The hidden layers of an MLP: as given, else one layer of 64. */
    public List<Integer> hiddenLayers() {
        return "mlp".equals(model) && hidden.isEmpty() ? List.of(64) : hidden;
    }
}
