package org.mlgate.train.poison;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Table;

/** A backdoor trigger: fixed cell values for one or two columns (raw, before encoding). */
public record Trigger(String name, Map<String, String> cells) {
    /** One exact, in-range amount that genuine data never repeats: what rare-value checks look for. */
    public static final Trigger EXACT_AMOUNT = new Trigger("amount=777.77", Map.of("amount", "777.77"));
    /** Two binary columns set to a combination genuine data never has (card present and online). */
    public static final Trigger CARD_PRESENT_ONLINE = new Trigger("card_present=1,online=1",
            orderedOf("card_present", "1", "online", "1"));

    public Trigger {
        Objects.requireNonNull(name, "name");
        if (cells == null || cells.isEmpty() || cells.size() > 2) {
            throw new UsageException("a trigger sets one or two columns");
        }
        cells = Map.copyOf(cells);
    }

    /** Sets the trigger's cells in {@code row} (a row of {@code t}). */
    public void apply(Table t, String[] row) {
        for (Map.Entry<String, String> e : cells.entrySet()) {
            int col = t.indexOf(e.getKey()).orElseThrow(() -> new UsageException("the data have no column '"
                    + e.getKey() + "' for the trigger " + name));
            row[col] = e.getValue();
        }
    }

    private static Map<String, String> orderedOf(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
