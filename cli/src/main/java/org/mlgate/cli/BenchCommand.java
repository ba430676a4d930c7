package org.mlgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.scan.bench.ScanBench;
import org.mlgate.scan.bench.SparseTorchZip;
import org.mlgate.scan.bench.SyntheticPickle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Benchmarks: figures printed, never pass/fail. */
@Command(name = "bench", description = "Benchmarks (print figures; never run in CI).",
        mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE},
        subcommands = {BenchCommand.Scan.class, BenchCommand.Tensors.class,
            BenchCommand.Convert.class, BenchHashCommand.class, DpBenchCommand.class, TrainBenchCommand.class,
            SanitizeBenchCommand.class, PredictBenchCommand.class, BenchSevenZipCommand.class,
            GuardBenchCommand.class})
public final class BenchCommand implements Runnable {
    @ParentCommand
    MlgateCommand parent;

    @Override
    public void run() {
        throw new UsageException("missing benchmark name (try 'mlgate bench scan')");
    }

    /** In-process VM throughput; optionally writes the files bench/compare.sh times whole-process. */
    @Command(name = "scan", mixinStandardHelpOptions = true,
            description = {"Measures the pickle VM on one thread over a synthetic pickle of N records "
                    + "(about 13 opcodes each) after warm-up and prints opcodes per second.",
                "With --write-pickle/--write-zip it also writes the benchmark inputs for a whole-process "
                    + "comparison (bench/compare.sh)."},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
    public static final class Scan implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--records", defaultValue = "100000", description = "records in the pickle (default ${DEFAULT-VALUE})")
        int records;

        @Option(names = "--runs", defaultValue = "10", description = "measured runs (default ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--warmups", defaultValue = "5", description = "warm-up runs (default ${DEFAULT-VALUE})")
        int warmups;

        @Option(names = "--write-pickle", paramLabel = "FILE", description = "also write the pickle to FILE")
        Path writePickle;

        @Option(names = "--write-zip", paramLabel = "FILE",
                description = "also write a sparse PyTorch zip with a --zip-size tensor member to FILE")
        Path writeZip;

        @Option(names = "--zip-size", defaultValue = "4294967296", paramLabel = "BYTES",
                description = "tensor bytes (default 4 GiB)")
        long zipSize;

        @picocli.CommandLine.Mixin
        ReportFormatOption format;

        @Override
        public Integer call() throws IOException {
            if (records < 1 || runs < 1 || warmups < 0 || zipSize < 0) {
                throw new UsageException("--records and --runs must be positive, --warmups and --zip-size not negative");
            }
            Streams s = bench.parent.streams();
            try {
                if (writePickle != null) {
                    Files.write(writePickle, SyntheticPickle.records(records));
                    s.err().println("wrote " + writePickle);
                }
                if (writeZip != null) {
                    SparseTorchZip.write(writeZip, zipSize);
                    s.err().println("wrote " + writeZip + " (sparse)");
                }
            } catch (IOException e) {
                throw new IncompleteException("cannot write benchmark input: " + e.getMessage(), e);
            }
            ScanBench.Figures f = ScanBench.run(records, warmups, runs, s.err());
            if (format.json()) {
                s.out().println(Json.pretty(f));
            } else {
                s.out().printf("opcodes: %,d  bytes: %,d%n", f.opcodes(), f.bytes());
                s.out().printf("median: %,.0f opcodes/s (%.1f MB/s)  best: %,.0f opcodes/s%n", f.medianOpsPerSec(),
                        f.medianMbPerSec(), f.bestOpsPerSec());
            }
            return 0;
        }
    }

    /** safetensors open cost on a sparse file: O(header) whatever the size. */
    @Command(name = "tensors", mixinStandardHelpOptions = true,
            description = "Writes a sparse safetensors file with one tensor of --gib GiB (to --file, default a temp "
                    + "file that is deleted afterwards) and prints the median and best time of SafeTensors.open + "
                    + "close over --runs runs.",
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
    public static final class Tensors implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--gib", defaultValue = "8", description = "tensor size in GiB (default ${DEFAULT-VALUE})")
        long gib;

        @Option(names = "--runs", defaultValue = "200", description = "measured runs (default ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--file", paramLabel = "FILE", description = "where to write the sparse file (kept)")
        Path file;

        @Override
        public Integer call() throws IOException {
            if (gib < 0 || gib > 1024 || runs < 1) {
                throw new UsageException("--gib must be 0..1024 and --runs positive");
            }
            Streams s = bench.parent.streams();
            Path target = file != null ? file : Files.createTempFile("mlgate-bench-", ".safetensors");
            try {
                org.mlgate.tensors.bench.OpenBench.writeSparse(target, gib << 30);
                var f = org.mlgate.tensors.bench.OpenBench.run(target, runs, s.err());
                s.out().printf("file: %,d bytes  open+close median: %.1f us  best: %.1f us%n", f.fileBytes(),
                        f.medianMicros(), f.bestMicros());
                return 0;
            } catch (org.mlgate.tensors.SafetensorsException e) {
                throw new IncompleteException("benchmark file did not validate: " + e.getMessage(), e);
            } finally {
                if (file == null) {
                    Files.deleteIfExists(target);
                }
            }
        }
    }

    /** Conversion against cp on the same bytes. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Writes a PyTorch zip checkpoint with one float32 tensor of --mib MiB of pseudo-random "
                    + "bytes in --dir (default: the system temp directory; needs three times that space), then "
                    + "times cp, cp followed by sync of the copy (as durable as convert's atomic write) and "
                    + "'convert' (in process, warm page cache) over --runs runs and prints the medians. Files are "
                    + "deleted afterwards.",
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
    public static final class Convert implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--mib", defaultValue = "2048", description = "tensor size in MiB (default ${DEFAULT-VALUE})")
        long mib;

        @Option(names = "--runs", defaultValue = "3", description = "measured runs (default ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--dir", paramLabel = "DIR", description = "where to write the files")
        Path dir;

        @Override
        public Integer call() throws IOException {
            if (mib < 1 || mib > (1 << 20) || runs < 1) {
                throw new UsageException("--mib must be 1..1048576 and --runs positive");
            }
            Streams s = bench.parent.streams();
            Path d = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
            try {
                var f = org.mlgate.convert.bench.ConvertBench.run(d, mib << 20, runs, s.err());
                s.out().printf("file: %,d bytes, %d runs (medians)%n", f.fileBytes(), f.runs());
                s.out().printf("cp: %.0f ms  cp+sync: %.0f ms  convert: %.0f ms%n", f.cpMillis(), f.cpSyncMillis(),
                        f.convertMillis());
                s.out().printf("convert / cp: %.2f  convert / (cp+sync): %.2f%n", f.ratioToCp(), f.ratioToCpSync());
                return 0;
            } catch (org.mlgate.convert.ConversionRefused e) {
                throw new IncompleteException("benchmark checkpoint was refused: " + e.getMessage(), e);
            }
        }
    }
}
