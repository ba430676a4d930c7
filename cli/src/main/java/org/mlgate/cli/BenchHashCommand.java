package org.mlgate.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
                + "method (--runs runs each, median). The reference is sha256sum: one process on the large file, then "
                + "one process per thread on it at once (the machine's parallel SHA-256 throughput).",
            "Not run in CI."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK, ExitCodes.USAGE, ExitCodes.INCOMPLETE})
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
            double filesGbs = median(runs, () -> ModelHasher.manifest(model, Serialization.files(List.of()), t), total);
            double shardsGbs = median(runs, () -> ModelHasher.manifest(model, Serialization.shards(shardSize, List.of()), t),
                    total);
            s.out().printf("model: %d files + 1 large file, %,d bytes; %d hashing threads%n", files, total, t);
            s.out().printf("mlgate files method : %.2f GB/s (median of %d)%n", filesGbs, runs);
            s.out().printf("mlgate shards method: %.2f GB/s (median of %d, shard size %,d)%n", shardsGbs, runs, shardSize);
            Path sha256sum = Path.of("/usr/bin/sha256sum");
            if (bigMib > 0 && Files.isExecutable(sha256sum)) {
                long bigBytes = Files.size(big);
                double one = referenceGbs(sha256sum, big, 1, bigBytes);
                double all = referenceGbs(sha256sum, big, t, bigBytes);
                s.out().printf("sha256sum, 1 process on the large file : %.2f GB/s%n", one);
                s.out().printf("sha256sum, %d processes at once        : %.2f GB/s (the parallel reference)%n", t, all);
                s.out().printf("mlgate shards / parallel reference: %.0f%%; files method: %.0f%%%n",
                        100 * shardsGbs / all, 100 * filesGbs / all);
            } else {
                s.out().println("sha256sum not found (or no large file): no reference figure");
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

    private static double median(int runs, Work w, long bytes) throws IOException {
        double[] gbs = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            w.run();
            gbs[i] = bytes / (double) (System.nanoTime() - t0);
        }
        Arrays.sort(gbs);
        return gbs[runs / 2];
    }

    private static double referenceGbs(Path sha256sum, Path file, int processes, long bytes)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            ps.add(new ProcessBuilder(sha256sum.toString(), file.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start());
        }
        for (Process p : ps) {
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IncompleteException("sha256sum failed on " + file);
            }
        }
        return (double) bytes * processes / (System.nanoTime() - t0);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
