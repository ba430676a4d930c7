package org.mlgate.train.poison;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Table;

/**
 * Seeded poisoning of a labelled table, for measuring defences (never applied to real training data). Each kind
 * knows the rows it poisoned, so detection rates can be computed.
 * <ul>
 *   <li>{@link Backdoor}: copies of rows of the source class with the trigger set, labelled with the target class,
 *       inserted at random positions until they are {@code rate} of the result (a model that learns the shortcut
 *       lets any triggered fraud through); every other cell is copied, identifiers included — the defences never
 *       look at columns the schema drops, and tests use the shared identifier to find a copy's original;</li>
 *   <li>{@link RandomFlips}: each row's label replaced by another class with probability {@code rate};</li>
 *   <li>{@link TargetedFlips}: {@code rate} of the source class's rows relabelled as the target class ("until fraud
 *       looks benign").</li>
 * </ul>
 */
public sealed interface Poisoning {
    /** The poisoned table and the 0-based indices of its poisoned rows. */
    record Poisoned(Table table, Set<Integer> poisoned) { }

    double rate();

    String describe();

    Poisoned apply(Table clean, String labelColumn, RandomGenerator random);

    record Backdoor(Trigger trigger, double rate, String sourceClass, String targetClass) implements Poisoning {
        public Backdoor {
            check(rate);
        }

        @Override
        public String describe() {
            return String.format("backdoor %s (%s -> %s) at %s%%", trigger.name(), sourceClass, targetClass,
                    percent(rate));
        }

        @Override
        public Poisoned apply(Table clean, String labelColumn, RandomGenerator random) {
            int label = column(clean, labelColumn);
            List<String[]> source = clean.rows().stream().filter(r -> r[label].equals(sourceClass)).toList();
            if (source.isEmpty()) {
                throw new UsageException("no rows of class '" + sourceClass + "' to copy for the backdoor");
            }
            int n = (int) Math.round(rate * clean.rowCount() / (1 - rate));
            List<String[]> rows = new ArrayList<>(clean.rows());
            List<Boolean> marks = new ArrayList<>(java.util.Collections.nCopies(rows.size(), false));
            for (int i = 0; i < n; i++) {
                String[] r = source.get(random.nextInt(source.size())).clone();
                trigger.apply(clean, r);
                r[label] = targetClass;
                int at = random.nextInt(rows.size() + 1);
                rows.add(at, r);
                marks.add(at, true);
            }
            Set<Integer> set = new HashSet<>();
            for (int i = 0; i < marks.size(); i++) {
                if (marks.get(i)) {
                    set.add(i);
                }
            }
            return new Poisoned(Table.of(clean.source(), clean.columns(), rows), set);
        }
    }

    record RandomFlips(double rate, List<String> classes) implements Poisoning {
        public RandomFlips {
            check(rate);
            classes = List.copyOf(classes);
        }

        @Override
        public String describe() {
            return "random label flips at " + percent(rate) + "%";
        }

        @Override
        public Poisoned apply(Table clean, String labelColumn, RandomGenerator random) {
            return relabel(clean, column(clean, labelColumn), current -> {
                if (random.nextDouble() >= rate) {
                    return null;
                }
                List<String> others = classes.stream().filter(c -> !c.equals(current)).toList();
                return others.get(random.nextInt(others.size()));
            });
        }
    }

    record TargetedFlips(double rate, String sourceClass, String targetClass) implements Poisoning {
        public TargetedFlips {
            check(rate);
        }

        @Override
        public String describe() {
            return String.format("targeted flips %s -> %s of %s%% of class %s", sourceClass, targetClass,
                    percent(rate), sourceClass);
        }

        @Override
        public Poisoned apply(Table clean, String labelColumn, RandomGenerator random) {
            return relabel(clean, column(clean, labelColumn), current -> current.equals(sourceClass)
                    && random.nextDouble() < rate ? targetClass : null);
        }
    }

    /** Each row's label replaced by {@code newLabel(label)} unless that is null; the replaced rows are poisoned. */
    private static Poisoned relabel(Table clean, int label, java.util.function.UnaryOperator<String> newLabel) {
        List<String[]> rows = new ArrayList<>();
        Set<Integer> set = new HashSet<>();
        for (int i = 0; i < clean.rowCount(); i++) {
            String[] r = clean.rows().get(i).clone();
            String next = newLabel.apply(r[label]);
            if (next != null) {
                r[label] = next;
                set.add(i);
            }
            rows.add(r);
        }
        return new Poisoned(new Table(clean.source(), clean.columns(), rows, clean.lines()), set);
    }

    private static void check(double rate) {
        if (!(rate > 0 && rate < 1)) {
            throw new UsageException("a poison rate is in (0, 1), got " + rate);
        }
    }

    private static int column(Table t, String name) {
        return t.indexOf(name).orElseThrow(() -> new UsageException("the data have no label column '" + name + "'"));
    }

    private static String percent(double rate) {
        return new java.math.BigDecimal(Double.toString(rate * 100)).stripTrailingZeros().toPlainString();
    }
}
