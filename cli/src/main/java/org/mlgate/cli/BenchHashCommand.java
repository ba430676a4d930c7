package org.mlgate.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.sign.hash.ModelFiles;
import org.mlgate.sign.hash.ModelHasher;
import org.mlgate.sign.hash.ParallelHasher;
import org.mlgate.sign.hash.Serialization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mlgate bench hash}: model hashing throughput against the machine's parallel SHA-256 capacity, measured
 * with {@code sha256sum} run on every core at once over the same (cached) bytes.
 */
@Command(name = "hash", mixinStandardHelpOptions = true,
        description = {"Writes a model directory (--files small files of --file-mib MiB and one file of --big-mib MiB) "
                + "to --dir (default: a new temporary directory, deleted afterwards; free space is checked first), "
                + "reads it once to warm the page cache, then times hashing it with the files method and the shards "
                + "method (--runs runs each, median; wall-clock GB/s and GB per CPU-second of this process). The "
                + "references are sha256sum and openssl dgst -sha256: one process on the large file, then one process "
                + "per thread on it at once (the machine's parallel SHA-256 throughput).",
            "Not run in CI."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
public final class BenchHashCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the model (must not exist; kept).")
    Path dir;

    @Option(names = "--files", defaultValue = "200", description = "small files (default ${DEFAULT-VALUE})")
    int files;

    @Option(names = "--file-mib", defaultValue = "4", description = "MiB per small file (default ${DEFAULT-VALUE})")
    int fileMib;

    @Option(names = "--big-mib", defaultValue = "3072", description = "MiB of the large file (default ${DEFAULT-VALUE})")
    int bigMib;

    @Option(names = "--shard-size", defaultValue = "268435456",
            description = "shard size for the shards run (default ${DEFAULT-VALUE})")
    long shardSize;

    @Option(names = "--runs", defaultValue = "3", description = "runs per method (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--threads", paramLabel = "N", description = "hashing threads (default: the number of processors)")
    Integer threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (files < 0 || fileMib < 1 || bigMib < 0 || runs < 1 || shardSize < 1) {
            throw new UsageException("--files and --big-mib must not be negative; --file-mib, --runs and --shard-size "
                    + "must be positive");
        }
        int t = SigningInputs.threads(threads);
        Streams s = bench.parent.streams();
        long total = (long) files * fileMib * (1L << 20) + (long) bigMib * (1L << 20);
        boolean temp = dir == null;
        Path root = temp ? Files.createTempDirectory("mlgate-bench-hash-") : dir;
        if (!temp && Files.exists(root)) {
            throw new UsageException("--dir " + root + " exists; give a new directory");
        }
        FileStore store = Files.getFileStore(temp ? root : root.toAbsolutePath().getParent());
        if (store.getUsableSpace() < total + (total / 10) + (1L << 30)) {
            if (temp) {
                Files.delete(root);
            }
            throw new UsageException(String.format("not enough free space: %,d bytes needed (+10%% and 1 GiB spare), "
                    + "%,d free on %s", total, store.getUsableSpace(), store));
        }
        try {
            Path big = write(root, s);
            s.err().println("warming the page cache ...");
            ModelFiles model = ModelFiles.list(root, List.of());
            ModelHasher.manifest(model, Serialization.files(List.of()), t);
            double[] filesGbs = median(runs, () -> ModelHasher.manifest(model, Serialization.files(List.of()), t), total);
            double[] shardsGbs = median(runs, () -> ModelHasher.manifest(model, Serialization.shards(shardSize,
                    List.of()), t), total);
            s.out().printf("model: %d files + 1 large file, %,d bytes; %d hashing threads; load average before: %.2f%n",
                    files, total, t, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            s.out().printf("mlgate files method : %.2f GB/s wall, %.2f GB per CPU-second (median of %d)%n",
                    filesGbs[0], filesGbs[1], runs);
            s.out().printf("mlgate shards method: %.2f GB/s wall, %.2f GB per CPU-second (median of %d, shard size %,d)%n",
                    shardsGbs[0], shardsGbs[1], runs, shardSize);
            if (bigMib == 0) {
                s.out().println("no large file: no reference figure");
                return 0;
            }
            long bigBytes = Files.size(big);
            for (String[] tool : List.of(new String[] {"/usr/bin/sha256sum"},
                    new String[] {"/usr/bin/openssl", "dgst", "-sha256"})) {
                if (!Files.isExecutable(Path.of(tool[0]))) {
                    s.out().println(tool[0] + " not found: no reference figure from it");
                    continue;
                }
                String name = String.join(" ", tool).replace("/usr/bin/", "");
                double one = referenceGbs(tool, big, 1, bigBytes);
                double all = referenceGbs(tool, big, t, bigBytes);
                s.out().printf("%s, 1 process on the large file: %.2f GB/s; %d processes at once: %.2f GB/s%n",
                        name, one, t, all);
                s.out().printf("  mlgate shards method / %s on %d processes: %.0f%%; files method: %.0f%%%n", name, t,
                        100 * shardsGbs[0] / all, 100 * filesGbs[0] / all);
            }
            return 0;
        } finally {
            if (temp) {
                deleteTree(root);
            }
        }
    }

    private Path write(Path root, Streams s) throws IOException {
        Files.createDirectories(root.resolve("shards"));
        byte[] block = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(42); // benchmark filler, not security material
        s.err().printf("writing %d x %d MiB and %d MiB to %s ...%n", files, fileMib, bigMib, root);
        for (int i = 0; i < files; i++) {
            fill(block, random);
            try (OutputStream out = Files.newOutputStream(root.resolve("shards").resolve(String.format("part-%05d.bin", i)))) {
                for (int m = 0; m < fileMib; m++) {
                    block[m % block.length] ^= 1;
                    out.write(block);
                }
            }
        }
        Path big = root.resolve("model.safetensors");
        try (OutputStream out = Files.newOutputStream(big)) {
            fill(block, random);
            for (int m = 0; m < bigMib; m++) {
                block[m % block.length] ^= 1;
                out.write(block);
            }
        }
        return big;
    }

    private static void fill(byte[] b, SplittableRandom r) {
        for (int i = 0; i < b.length; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
    }

    interface Work {
        void run() throws IOException;
    }

    /** Median wall GB/s and median GB per CPU-second of this process over {@code runs} runs. */
    private static double[] median(int runs, Work w, long bytes) throws IOException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        double[] gbs = new double[runs];
        double[] perCpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            w.run();
            gbs[i] = bytes / (double) (System.nanoTime() - t0);
            perCpu[i] = bytes / (double) Math.max(1, os.getProcessCpuTime() - c0);
        }
        Arrays.sort(gbs);
        Arrays.sort(perCpu);
        return new double[] {gbs[runs / 2], perCpu[runs / 2]};
    }

    private static double referenceGbs(String[] tool, Path file, int processes, long bytes)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<Process> ps = new ArrayList<>();
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.add(file.toString());
        for (int i = 0; i < processes; i++) {
            ps.add(new ProcessBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start());
        }
        for (Process p : ps) {
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IncompleteException(tool[0] + " failed on " + file);
            }
        }
        return (double) bytes * processes / (System.nanoTime() - t0);
    }

    private static void deleteTree(Path root) throws IOException {
        org.mlgate.core.FileTrees.delete(root);
    }
}
