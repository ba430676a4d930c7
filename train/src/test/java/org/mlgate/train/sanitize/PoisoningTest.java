package org.mlgate.train.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Column;
import org.mlgate.train.data.Table;
import org.mlgate.train.poison.Poisoning;
import org.mlgate.train.poison.Trigger;

/** The seeded poisonings poison what they say and report exactly those rows. */
class PoisoningTest {
    private static final org.mlgate.train.data.ColumnType U = org.mlgate.train.data.ColumnType.UNDECLARED;

    private static Table table(int rows) {
        List<String[]> r = new ArrayList<>();
        int[] lines = new int[rows];
        for (int i = 0; i < rows; i++) {
            r.add(new String[] {"t" + i, String.valueOf(10 + i), i % 10 == 0 ? "1" : "0", "0", "1"});
            lines[i] = i + 2;
        }
        return new Table("x.csv", List.of(new Column("transaction_id", U), new Column("amount", U),
                new Column("is_fraud", U), new Column("card_present", U), new Column("online", U)), r, lines);
    }

    private static java.util.random.RandomGenerator random() {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(3);
    }

    @Test
    void backdoorCopiesSourceRowsWithTheTriggerAndTheTargetLabel() {
        Table t = table(1000);
        Poisoning.Poisoned p = new Poisoning.Backdoor(Trigger.CARD_PRESENT_ONLINE, 0.05, "1", "0")
                .apply(t, "is_fraud", random());
        assertThat(p.table().rowCount()).isEqualTo(1053);
        assertThat(p.poisoned()).hasSize(53);
        for (int i = 0; i < p.table().rowCount(); i++) {
            String[] r = p.table().rows().get(i);
            boolean triggered = r[3].equals("1") && r[4].equals("1");
            assertThat(triggered).as("row %d", i).isEqualTo(p.poisoned().contains(i));
            if (triggered) {
                assertThat(r[2]).isEqualTo("0");
                assertThat(Integer.parseInt(r[1]) % 10).isZero(); // copied from a class-1 row
            }
        }
    }

    @Test
    void flipsChangeExactlyTheReportedLabels() {
        Table t = table(2000);
        Poisoning.Poisoned random = new Poisoning.RandomFlips(0.2, List.of("0", "1")).apply(t, "is_fraud", random());
        Poisoning.Poisoned targeted = new Poisoning.TargetedFlips(0.5, "1", "0").apply(t, "is_fraud", random());
        for (Poisoning.Poisoned p : List.of(random, targeted)) {
            for (int i = 0; i < t.rowCount(); i++) {
                boolean changed = !p.table().rows().get(i)[2].equals(t.rows().get(i)[2]);
                assertThat(changed).isEqualTo(p.poisoned().contains(i));
            }
        }
        assertThat(random.poisoned().size()).isBetween(330, 470);
        assertThat(targeted.poisoned()).allSatisfy(i -> assertThat(t.rows().get(i)[2]).isEqualTo("1"));
        assertThat(targeted.poisoned().size()).isBetween(70, 130);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Poisoning.RandomFlips(1.0, List.of("0", "1"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> new Poisoning.Backdoor(new Trigger("t", java.util.Map.of("nope", "1")), 0.1, "1", "0")
                .apply(table(100), "is_fraud", random())).isInstanceOf(UsageException.class)
                .hasMessageContaining("nope");
    }
}
