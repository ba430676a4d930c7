package org.mlgate.convert;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.mlgate.core.Debris;
import org.mlgate.core.UsageException;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;

/**
 * Converts a sharded Hugging Face checkpoint: {@code pytorch_model.bin.index.json} ({@code weight_map}: tensor name
 * → shard file, {@code metadata}) and its shards ({@code pytorch_model-00001-of-00002.bin}, ...). Each shard is
 * converted like a single file into {@code model-00001-of-00002.safetensors}, after checking that it holds exactly
 * the tensors the index assigns to it, and {@code model.safetensors.index.json} is written with the new shard
 * names and {@code metadata.total_size} (bytes of tensor data).
 *
 * <p>Everything is first written into a staging folder beside the output folder; only when every shard has been
 * converted (and verified, with {@code --verify}) is it renamed to the output folder in one step (an existing one,
 * which may hold only a previous conversion's files, is moved aside first and put back if that rename fails). A
 * refusal or an interrupt ({@link Debris}) deletes the staging folder, so the output folder is left as it was.
 */
final class ShardedConversion {
    static final String INDEX_SUFFIX = ".index.json";
    private ShardedConversion() {
    }

    static boolean isSharded(Path in) {
        return Files.isDirectory(in) || in.getFileName() != null && in.getFileName().toString().endsWith(INDEX_SUFFIX);
    }

    /** The index file of a sharded checkpoint given as its directory (exactly one *.index.json) or the index. */
    static Path indexOf(Path in) throws IOException, ConversionRefused {
        if (!Files.isDirectory(in)) {
            return in;
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(in, "*" + INDEX_SUFFIX)) {
            ds.forEach(found::add);
        }
        if (found.size() != 1) {
            throw ConversionRefused.unsupported(-1, in + " holds " + found.size() + " *" + INDEX_SUFFIX
                    + " files; a sharded checkpoint has exactly one (or name the index)");
        }
        return found.getFirst();
    }

    /** {@code pytorch_model-00001-of-00002.bin} → {@code model-00001-of-00002.safetensors}. */
    static String outputName(String input) {
        String base = input.replaceFirst("\\.(bin|pt|pth|ckpt)$", "");
        if (base.startsWith("pytorch_model")) {
            base = "model" + base.substring("pytorch_model".length());
        }
        return base + ".safetensors";
    }

    static Checkpoints.Result convert(Scanner scanner, Path in, Path outDir, boolean verify)
            throws IOException, ConversionRefused {
        return convert(scanner, in, outDir, verify, ConversionLimits.DEFAULT, Rename.ATOMIC);
    }

    static Checkpoints.Result convert(Scanner scanner, Path in, Path outDir, boolean verify, ConversionLimits limits,
                                      Rename rename) throws IOException, ConversionRefused {
        Path index = indexOf(in);
        ShardIndex idx = ShardIndex.read(index);
        Path srcDir = index.toAbsolutePath().getParent();
        Map<String, List<String>> byShard = new LinkedHashMap<>();
        idx.weightMap().forEach((tensor, shard) -> byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(tensor));
        Map<String, String> renamed = new LinkedHashMap<>();
        Set<String> outputs = new HashSet<>();
        String outIndex = outputName(index.getFileName().toString().replaceFirst(Pattern.quote(INDEX_SUFFIX) + "$",
                "")) + INDEX_SUFFIX;
        outputs.add(outIndex);
        for (String shard : byShard.keySet()) {
            String o = outputName(shard);
            if (!outputs.add(o)) {
                throw ConversionRefused.unsupported(-1, "two shards would both be written as " + o);
            }
            renamed.put(shard, o);
        }
        Path target = outDir.toAbsolutePath().normalize();
        boolean replacing = requireReplaceable(target);
        Files.createDirectories(target.getParent());
        // staged beside the output folder (same file system), which is then replaced in one rename: readers see
        // the old folder or the complete new one, never a mix
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".mlgate-staging-");
        try (Debris.Registration cleanup = Debris.register(staging)) {
            List<FileResult> scans = new ArrayList<>();
            List<Checkpoints.Written> written = new ArrayList<>();
            long totalSize = 0;
            for (Map.Entry<String, List<String>> e : byShard.entrySet()) {
                Set<String> expected = new HashSet<>(e.getValue());
                String shard = e.getKey();
                Path shardPath = srcDir.resolve(shard);
                if (!Files.isRegularFile(shardPath)) {
                    throw ConversionRefused.unsupported(-1, "shard " + shard + " named in " + index.getFileName()
                            + " is not a file in " + srcDir);
                }
                long[] bytes = new long[1];
                Checkpoints.Written w = Checkpoints.convertFile(scanner, shardPath, staging.resolve(renamed.get(shard)),
                        verify, scans, cp -> {
                            Set<String> got = new HashSet<>();
                            for (CheckpointReader.TensorData t : cp.tensors()) {
                                if (!expected.contains(t.name())) {
                                    throw ConversionRefused.unsupported(-1, "shard " + shard + " holds tensor "
                                            + t.name() + ", which the index does not assign to it");
                                }
                                got.add(t.name());
                                bytes[0] += t.byteSize();
                            }
                            expected.removeAll(got);
                            if (!expected.isEmpty()) {
                                throw ConversionRefused.unsupported(-1, "the index assigns " + expected.size()
                                        + " tensors to shard " + shard + " that it does not hold, e.g. "
                                        + expected.iterator().next());
                            }
                        }, limits);
                totalSize += bytes[0];
                written.add(new Checkpoints.Written(outDir.resolve(renamed.get(shard)), w.from(), w.tensors(),
                        w.metadataEntries()));
            }
            Map<String, String> weightMap = new TreeMap<>();
            idx.weightMap().forEach((tensor, shard) -> weightMap.put(tensor, renamed.get(shard)));
            Map<String, Object> metadata = new TreeMap<>();
            metadata.put("total_size", totalSize);
            Files.write(staging.resolve(outIndex), new ShardIndex(metadata, weightMap).toJson());
            place(staging, target, replacing, rename);
            return new Checkpoints.Result(scans, written, outDir.resolve(outIndex), verify);
        } catch (IOException | RuntimeException e) {
            removeTree(staging, e);
            throw e;
        }
    }

    /** A rename, replaceable in tests to make the final one fail. */
    @FunctionalInterface
    interface Rename {
        Rename ATOMIC = (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);

        void move(Path from, Path to) throws IOException;
    }

    /**
     * Whether {@code target} exists and will be replaced. It must be absent, or a folder holding nothing but a
     * previous conversion's files (safetensors and their index): anything else would be lost with the old folder.
     */
    private static boolean requireReplaceable(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException(target + " exists and is not a directory (a sharded checkpoint converts into one)");
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        || !(n.endsWith(".safetensors") || n.endsWith(".safetensors" + INDEX_SUFFIX))) {
                    throw new UsageException(target + " holds " + n + ", which is not a converted shard or index; "
                            + "the output folder is replaced as a whole, so convert into a new or empty folder");
                }
            }
        }
        return true;
    }

    /** Renames the staged folder to {@code target}; an existing target is moved aside first and restored on failure. */
    private static void place(Path staging, Path target, boolean replacing, Rename rename) throws IOException {
        if (!replacing) {
            rename.move(staging, target);
            return;
        }
        Path aside = target.resolveSibling("." + target.getFileName() + ".mlgate-old-"
                + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36));
        rename.move(target, aside);
        try {
            rename.move(staging, target);
        } catch (IOException | RuntimeException e) {
            try {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException restore) {
                e.addSuppressed(restore);
                throw new IOException("cannot rename the converted folder into place (" + e.getMessage()
                        + "); the previous " + target.getFileName() + " is at " + aside, e);
            }
            throw e;
        }
        removeTree(aside, null);
    }

    private static void removeTree(Path dir, Exception primary) {
        try {
            org.mlgate.core.FileTrees.delete(dir);
        } catch (NoSuchFileException gone) {
            // already renamed into place or removed
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }
}
