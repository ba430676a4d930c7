package org.mlgate.cli;

import java.util.concurrent.Callable;
import org.mlgate.core.UsageException;
import org.mlgate.train.bench.DpBench;
import org.mlgate.train.privacy.AccountingQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate bench dp}: accounting time (RDP, PLD) for one query and secure-noise throughput. */
@Command(name = "dp", mixinStandardHelpOptions = true,
        description = "Times RDP and PLD accounting of --steps steps (q --sampling-rate, sigma --noise-multiplier, "
                + "delta 1e-5) from scratch, in process after warm-up, and the throughput of the secure Gaussian "
                + "noise (SecureRandom DRBG, each value a scaled sum of four samples) over --samples values.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
final class DpBenchCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--steps", defaultValue = "10000", description = "steps accounted (default ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--sampling-rate", defaultValue = "0.01", description = "q (default ${DEFAULT-VALUE})")
    double samplingRate;

    @Option(names = "--noise-multiplier", defaultValue = "1.0", description = "sigma (default ${DEFAULT-VALUE})")
    double noiseMultiplier;

    @Option(names = "--runs", defaultValue = "20", description = "measured RDP runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--pld-runs", defaultValue = "3", description = "measured PLD runs (default ${DEFAULT-VALUE})")
    int pldRuns;

    @Option(names = "--samples", defaultValue = "10000000", description = "noise values drawn (default ${DEFAULT-VALUE})")
    long samples;

    @Override
    public Integer call() {
        if (runs < 1 || pldRuns < 1 || samples < 1) {
            throw new UsageException("--runs, --pld-runs and --samples must be positive");
        }
        AccountingQuery q = AccountingQuery.builder().samplingRate(samplingRate).noiseMultiplier(noiseMultiplier)
                .steps(steps).delta(1e-5).build();
        Streams s = bench.parent.streams();
        DpBench.Figures f = DpBench.run(q, 5, runs, pldRuns, samples, s.err());
        s.out().printf("query: q=%s sigma=%s steps=%,d delta=1e-5%n", DpCommand.num(samplingRate),
                DpCommand.num(noiseMultiplier), steps);
        s.out().printf("rdp accounting: median %.2f ms, best %.2f ms over %d runs (epsilon %s)%n", f.rdpMedianMillis(),
                f.rdpBestMillis(), runs, DpCommand.num(f.rdpEpsilon()));
        s.out().printf("pld accounting: median %.0f ms, best %.0f ms over %d runs (epsilon %s)%n", f.pldMedianMillis(),
                f.pldBestMillis(), pldRuns, DpCommand.num(f.pldEpsilon()));
        s.out().printf("secure noise: %.2f M values/s, %.2f M per CPU-second of the thread (%.0f ms per million; %,d "
                + "values; %s)%n", f.noiseSamplesPerSecond() / 1e6, f.noiseSamplesPerCpuSecond() / 1e6,
                1e9 / f.noiseSamplesPerSecond(), f.noiseSamples(), f.noiseSource());
        return 0;
    }
}
