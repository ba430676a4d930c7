package org.mlgate.train.data;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Stratified train/test splits. Per class, {@code round(trainFraction × rows of the class)} rows go to
 * training (569 breast-cancer rows at 0.7: 398 / 171; credit-g: 700 / 300 with 490 / 210 good/bad);
 * both parts keep file order. With privacy units, units are split, never rows: all rows of a customer land
 * on the same side (no individual in both), and units are stratified by the rarest class among their rows.
 *
 * <p>{@link #secure()} shuffles with {@link SecureRandom} (the default: an adversary cannot predict which
 * rows trained the model); {@link #seeded(long)} is for reproducible evaluations and tests, where the
 * seed is a deliberate, recorded choice.
 */
public final class Splitter {
    private final RandomGenerator random;

    private Splitter(RandomGenerator random) {
        this.random = random;
    }

    public static Splitter secure() {
        return new Splitter(new SecureRandom());
    }

    /** Reproducible: the same seed and data give the same split on every JDK (L64X128MixRandom). */
    public static Splitter seeded(long seed) {
        return new Splitter(RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
    }

    public Split split(Dataset data, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
        }
        boolean[] train = data.hasUnits() ? byUnit(data, trainFraction) : byRow(data, trainFraction);
        int nTrain = 0;
        for (boolean t : train) {
            nTrain += t ? 1 : 0;
        }
        int[] tr = new int[nTrain];
        int[] te = new int[train.length - nTrain];
        int a = 0;
        int b = 0;
        for (int i = 0; i < train.length; i++) {
            if (train[i]) {
                tr[a++] = i;
            } else {
                te[b++] = i;
            }
        }
        return new Split(data.subset(tr), data.subset(te), tr, te);
    }

    private boolean[] byRow(Dataset data, double fraction) {
        boolean[] train = new boolean[data.rows()];
        for (int k = 0; k < data.classes().size(); k++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < data.rows(); i++) {
                if (data.y()[i] == k) {
                    members.add(i);
                }
            }
            int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
            shuffle(idx);
            long take = Math.round(fraction * idx.length);
            for (int i = 0; i < take; i++) {
                train[idx[i]] = true;
            }
        }
        return train;
    }

    private boolean[] byUnit(Dataset data, double fraction) {
        int[] counts = data.classCounts();
        Map<String, List<Integer>> rowsOf = new LinkedHashMap<>();
        for (int i = 0; i < data.rows(); i++) {
            rowsOf.computeIfAbsent(data.units()[i], u -> new ArrayList<>()).add(i);
        }
        List<List<List<Integer>>> strata = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            strata.add(new ArrayList<>());
        }
        for (List<Integer> rows : rowsOf.values()) {
            int rarest = data.y()[rows.getFirst()];
            for (int i : rows) {
                int k = data.y()[i];
                if (counts[k] < counts[rarest] || (counts[k] == counts[rarest] && k < rarest)) {
                    rarest = k;
                }
            }
            strata.get(rarest).add(rows);
        }
        boolean[] train = new boolean[data.rows()];
        for (List<List<Integer>> units : strata) {
            int[] order = new int[units.size()];
            Arrays.setAll(order, i -> i);
            shuffle(order);
            long take = Math.round(fraction * order.length);
            for (int i = 0; i < take; i++) {
                for (int row : units.get(order[i])) {
                    train[row] = true;
                }
            }
        }
        return train;
    }

    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
