package org.mlgate.lineage.store;

import java.util.List;
import org.mlgate.lineage.Fixtures;

/** Child process for {@link KilledWriterTest}: records runs forever, printing each commit, until it is killed. */
public final class WriterProcess {
    private WriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        StoreConfig cfg = new StoreConfig(args[0], args[1].isEmpty() ? null : args[1], args[2].isEmpty() ? null
                : args[2], args[3].isEmpty() ? null : args[3]);
        try (LineageStore store = LineageStore.open(cfg)) {
            for (int i = 0; ; i++) {
                store.record(Fixtures.entry(Fixtures.run("killed-" + i, List.of(Fixtures.dataset("killed-data"),
                        Fixtures.dataset("side-" + i)), List.of(Fixtures.model("killed-model-" + i)))));
                System.out.println("committed " + i);
                System.out.flush();
            }
        }
    }
}
