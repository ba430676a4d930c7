package org.mlgate.cli;

import java.util.concurrent.Callable;
import org.mlgate.core.UsageException;
import org.mlgate.train.bench.TrainBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate bench train}: examples/s of an MLP 30→64→2, non-private and DP-SGD, one thread. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains an MLP 30->64->2 (expected batch 256) on --rows synthetic rows for --epochs epochs on "
                + "the calling thread, non-private (shuffled minibatches) and with DP-SGD (Poisson sampling from "
                + "SecureRandom, per-example clipping, secure Gaussian noise, epsilon 8), and prints examples per "
                + "second (median and best of --runs runs after --warmups). In the same run a PyTorch peer (a shipped "
                + "script run with /usr/bin/python3, torch.set_num_threads(1)) trains DP-SGD, hand-vectorised, on the "
                + "same rows, MLP and plan (q, sigma, clip, steps, Adam), and the ratio of the medians is printed; "
                + "without python3 and torch it is reported as unavailable.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
final class TrainBenchCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--rows", defaultValue = "60000", description = "synthetic rows (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--epochs", defaultValue = "5", description = "epochs per run (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--runs", defaultValue = "5", description = "measured runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmups", defaultValue = "3", description = "warm-up runs (default ${DEFAULT-VALUE})")
    int warmups;

    @Option(names = "--no-peer", description = "do not run the PyTorch peer (/usr/bin/python3 with torch)")
    boolean noPeer;

    @Override
    public Integer call() {
        if (rows < 1024 || epochs < 1 || runs < 1 || warmups < 0) {
            throw new UsageException("--rows must be at least 1024, --epochs and --runs positive, --warmups not negative");
        }
        Streams s = bench.parent.streams();
        TrainBench.Figures f = TrainBench.run(rows, epochs, warmups, runs, !noPeer, s.err());
        s.out().printf("MLP 30->64->2 (%,d parameters), %,d rows x %d epochs, expected batch %d, one thread%n",
                f.parameters(), f.rows(), f.epochs(), f.batch());
        s.out().printf("non-private: median %,.0f examples/s, best %,.0f (per CPU-second of the thread: %,.0f)%n",
                f.nonPrivateMedian(), f.nonPrivateBest(), f.nonPrivateCpuMedian());
        s.out().printf("DP-SGD:      median %,.0f examples/s, best %,.0f (per CPU-second of the thread: %,.0f)%n",
                f.dpMedian(), f.dpBest(), f.dpCpuMedian());
        s.out().printf("  sigma %.4f, %,d steps; %s%n", f.noiseMultiplier(), f.dpSteps(), f.randomness());
        TrainBench.Peer p = f.peer();
        if (p.available()) {
            s.out().printf("DP-SGD peer: median %,.0f examples/s, best %,.0f (per CPU-second of the process: %,.0f)%n",
                    p.dpMedian(), p.dpBest(), p.dpCpuMedian());
            s.out().printf("  %s; same rows, MLP and plan%n", p.status());
            s.out().printf("mlgate DP-SGD / peer: %.2fx (wall-clock medians), %.2fx (per CPU-second)%n",
                    f.dpMedian() / p.dpMedian(), f.dpCpuMedian() / p.dpCpuMedian());
        } else {
            s.out().println("DP-SGD peer: " + p.status());
        }
        return 0;
    }
}
