package org.mlgate.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.UsageException;
import org.mlgate.train.bench.PredictBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate bench predict}: rows/s of the strict predictor, single rows beside batches and the bare forward pass. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Trains a logistic regression and an MLP (64 hidden units) on --rows synthetic fraud rows, then "
                + "scores those rows on the calling thread three ways: one named row per call (strict validation, "
                + "encoding, forward pass, as a server does per request), --batch named rows per call, and the bare "
                + "forward pass on rows already encoded. Prints rows per second (median and best of --runs runs "
                + "after --warmups, and per CPU-second of the thread).",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
final class PredictBenchCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--rows", defaultValue = "200000", description = "synthetic fraud rows (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--batch", defaultValue = "1024", description = "rows per batch call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--runs", defaultValue = "5", description = "measured runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmups", defaultValue = "20",
            description = "warm-up runs per path (default ${DEFAULT-VALUE}; fewer leaves the JIT unsettled)")
    int warmups;

    @Override
    public Integer call() {
        if (rows < 1000 || batch < 1 || runs < 1 || warmups < 0) {
            throw new UsageException("--rows must be at least 1000, --batch and --runs positive, --warmups not negative");
        }
        Streams s = bench.parent.streams();
        List<PredictBench.ModelFigures> figures = PredictBench.run(rows, batch, warmups, runs, s.err());
        s.out().printf("%,d fraud rows, one thread; rows per second%n", rows);
        for (PredictBench.ModelFigures m : figures) {
            s.out().printf("%s, %d inputs, %,d parameters:%n", m.model(), m.inputs(), m.parameters());
            for (PredictBench.Rate r : m.rates()) {
                s.out().printf("  %-20s median %,12.0f  best %,12.0f  per CPU-second %,12.0f%n", r.path(), r.median(),
                        r.best(), r.cpuMedian());
            }
        }
        return 0;
    }
}
