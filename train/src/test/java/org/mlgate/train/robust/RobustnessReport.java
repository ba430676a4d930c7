package org.mlgate.train.robust;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mlgate.train.data.ArffReader;
import org.mlgate.train.data.BuiltinSchemas;
import org.mlgate.train.data.Dataset;
import org.mlgate.train.data.Encoder;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SklearnCsv;
import org.mlgate.train.data.Split;
import org.mlgate.train.data.Splitter;
import org.mlgate.train.dpsgd.DpSgdTrainer;
import org.mlgate.train.dpsgd.NonPrivateTrainer;
import org.mlgate.train.dpsgd.TrainingConfig;
import org.mlgate.train.dpsgd.TrainingRandomness;
import org.mlgate.train.model.LogisticRegression;
import org.mlgate.train.model.Mlp;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.TrainingData;

/**
 * Measures (does not assert) clean and PGD accuracy before and after adversarial training on breast cancer, for the
 * README table. ε is in standardised units: column j's radius is ε times its standard deviation on the training
 * split. Run with {@code ./mvnw -B -o -pl train -am test -Dtest=RobustnessReport -Dmlgate.report=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mlgate.report", matches = "true")
class RobustnessReport {
    static final double[] EPS = {0.05, 0.1, 0.2};
    static final int EVAL_STEPS = 20;
    static final double TRAIN_EPS = 0.1;
    static final int TRAIN_STEPS = 5;

    @Test
    void breastCancer() {
        Path file = Path.of("../../shared/datasets/breast_cancer.csv");
        assumeTrue(Files.isRegularFile(file), "shared/datasets/breast_cancer.csv absent");
        Schema schema = BuiltinSchemas.breastCancer();
        Dataset all = Encoder.encode(schema, SklearnCsv.read(file, ReadLimits.DEFAULT));
        Split split = Splitter.seeded(20261126L).split(all, 0.7);
        TrainingData train = split.train().matrix();
        TrainingData test = split.test().matrix();
        TabularConstraints c = TabularConstraints.fromSchema(schema, Set.of(), Set.of()).withScale(stdOf(train));
        int f = train.features();
        System.out.printf("breast cancer: %d train / %d test rows, %d features; PGD %d steps, step 2.5 eps/steps%n",
                train.rows(), test.rows(), f, EVAL_STEPS);
        System.out.println("| model | training | clean | PGD ε=0.05 | PGD ε=0.1 | PGD ε=0.2 |");
        System.out.println("|---|---|---|---|---|---|");
        TrainingConfig plain = TrainingConfig.builder().build();
        TrainingConfig dp = TrainingConfig.builder().dp(3.0).build();
        AdversarialTraining pgdMixed = AdversarialTraining.pgd(TRAIN_EPS, TRAIN_STEPS, 0.5, c);
        AdversarialTraining pgdAll = AdversarialTraining.pgd(TRAIN_EPS, TRAIN_STEPS, 1.0, c);
        AdversarialTraining fgsm = AdversarialTraining.fgsm(TRAIN_EPS, 0.5, c);
        List<Named> models = List.of(
                new Named("LR", () -> LogisticRegression.create(f, 2)),
                new Named("MLP 32", () -> Mlp.seededForTests(f, List.of(32), 2, 5)));
        for (Named m : models) {
            row(m.name, "standard", c, test, train(m.make.get(), train, plain, null));
            row(m.name, "FGSM ε=0.1, ratio 0.5", c, test, train(m.make.get(), train, plain, fgsm));
            row(m.name, "PGD ε=0.1 ×5, ratio 0.5", c, test, train(m.make.get(), train, plain, pgdMixed));
            row(m.name, "PGD ε=0.1 ×5, ratio 1", c, test, train(m.make.get(), train, plain, pgdAll));
            row(m.name, "PGD ε=0.2 ×5, ratio 0.5", c, test, train(m.make.get(), train, plain,
                    AdversarialTraining.pgd(0.2, TRAIN_STEPS, 0.5, c)));
            row(m.name, "DP ε=3", c, test, trainDp(m.make.get(), train, dp, null));
            row(m.name, "DP ε=3 + PGD ε=0.1 ×5, ratio 0.5", c, test, trainDp(m.make.get(), train, dp, pgdMixed));
        }
    }

    /**
     * Credit-g with tabular constraints: one-hot groups for the 13 categorical features, age, personal status and
     * foreign-worker immutable, the count features integer.
     */
    @Test
    void creditG() {
        Path file = Path.of("../../shared/datasets/credit-g.arff");
        assumeTrue(Files.isRegularFile(file), "shared/datasets/credit-g.arff absent");
        Schema schema = BuiltinSchemas.creditG();
        Dataset all = Encoder.encode(schema, ArffReader.read(file, ReadLimits.DEFAULT));
        Split split = Splitter.seeded(20261126L).split(all, 0.7);
        TrainingData train = split.train().matrix();
        TrainingData test = split.test().matrix();
        TabularConstraints c = TabularConstraints.fromSchema(schema, Set.of("age", "personal_status", "foreign_worker"),
                Set.of("duration", "installment_commitment", "residence_since", "existing_credits", "num_dependents",
                        "age")).withScale(stdOf(train));
        int f = train.features();
        System.out.printf("credit-g: %d train / %d test rows, %d encoded features, %d one-hot groups%n",
                train.rows(), test.rows(), f, c.groups().size());
        System.out.println("| model | training | clean | PGD ε=0.05 | PGD ε=0.1 | PGD ε=0.2 |");
        System.out.println("|---|---|---|---|---|---|");
        TrainingConfig plain = TrainingConfig.builder().build();
        for (Named m : List.of(new Named("LR", () -> LogisticRegression.create(f, 2)),
                new Named("MLP 32", () -> Mlp.seededForTests(f, List.of(32), 2, 5)))) {
            row(m.name, "standard", c, test, train(m.make.get(), train, plain, null));
            row(m.name, "PGD ε=0.1 ×5, ratio 0.5", c, test, train(m.make.get(), train, plain,
                    AdversarialTraining.pgd(0.1, TRAIN_STEPS, 0.5, c)));
            row(m.name, "PGD ε=0.2 ×5, ratio 0.5", c, test, train(m.make.get(), train, plain,
                    AdversarialTraining.pgd(0.2, TRAIN_STEPS, 0.5, c)));
        }
    }

    record Named(String name, Supplier<Model> make) { }

    private static Model train(Model m, TrainingData data, TrainingConfig config, AdversarialTraining adv) {
        new NonPrivateTrainer(config, TrainingRandomness.seededForTests(7)).adversarial(adv).train(m, data);
        return m;
    }

    private static Model trainDp(Model m, TrainingData data, TrainingConfig config, AdversarialTraining adv) {
        new DpSgdTrainer(config, TrainingRandomness.seededForTests(7)).adversarial(adv).train(m, data);
        return m;
    }

    private static void row(String model, String training, TabularConstraints c, TrainingData test, Model m) {
        StringBuilder s = new StringBuilder("| " + model + " | " + training + " | "
                + String.format("%.3f", RobustEvaluation.accuracy(m, test)));
        for (double eps : EPS) {
            s.append(String.format(" | %.3f", RobustEvaluation.pgdAccuracy(m, test, eps, EVAL_STEPS, c)));
        }
        System.out.println(s.append(" |"));
    }

    /** Per-column standard deviation (floored at 1e-6) of the encoded training features. */
    static double[] stdOf(TrainingData d) {
        int f = d.features();
        double[] mean = new double[f];
        double[] sq = new double[f];
        for (int r = 0; r < d.rows(); r++) {
            for (int j = 0; j < f; j++) {
                double v = d.x()[r * f + j];
                mean[j] += v;
                sq[j] += v * v;
            }
        }
        double[] std = new double[f];
        for (int j = 0; j < f; j++) {
            double m = mean[j] / d.rows();
            std[j] = Math.max(1e-6, Math.sqrt(Math.max(0, sq[j] / d.rows() - m * m)));
        }
        return std;
    }
}
