package org.mlgate.convert;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;

/**
 * Converts a sharded Hugging Face checkpoint: {@code pytorch_model.bin.index.json} ({@code weight_map}: tensor name
 * → shard file, {@code metadata}) and its shards ({@code pytorch_model-00001-of-00002.bin}, ...). Each shard is
 * converted like a single file into {@code model-00001-of-00002.safetensors}, after checking that it holds exactly
 * the tensors the index assigns to it, and {@code model.safetensors.index.json} is written with the new shard
 * names and {@code metadata.total_size} (bytes of tensor data).
 *
 * <p>Everything is first written into a staging directory inside the output directory; only when every shard has
 * been converted (and verified, with {@code --verify}) are the files renamed into place. A refusal deletes the
 * staging directory, so the output directory is left as it was.
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
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new IOException(outDir + " exists and is not a directory (a sharded checkpoint converts into one)");
        }
        boolean created = !Files.exists(outDir);
        Files.createDirectories(outDir);
        Path staging = Files.createTempDirectory(outDir, ".mlgate-staging-");
        try {
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
                                bytes[0] += t.data().byteSize();
                            }
                            expected.removeAll(got);
                            if (!expected.isEmpty()) {
                                throw ConversionRefused.unsupported(-1, "the index assigns " + expected.size()
                                        + " tensors to shard " + shard + " that it does not hold, e.g. "
                                        + expected.iterator().next());
                            }
                        });
                totalSize += bytes[0];
                written.add(new Checkpoints.Written(outDir.resolve(renamed.get(shard)), w.from(), w.tensors(),
                        w.metadataEntries()));
            }
            Map<String, String> weightMap = new TreeMap<>();
            idx.weightMap().forEach((tensor, shard) -> weightMap.put(tensor, renamed.get(shard)));
            Map<String, Object> metadata = new TreeMap<>();
            metadata.put("total_size", totalSize);
            Files.write(staging.resolve(outIndex), new ShardIndex(metadata, weightMap).toJson());
            for (String name : outputs) {
                Files.move(staging.resolve(name), outDir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Files.delete(staging);
            return new Checkpoints.Result(scans, written, outDir.resolve(outIndex), verify);
        } catch (IOException | RuntimeException e) {
            removeStaging(staging, e);
            if (created) {
                Checkpoints.deleteQuietly(outDir, e);
            }
            throw e;
        }
    }

    private static void removeStaging(Path staging, Exception primary) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            for (Path p : ds) {
                Checkpoints.deleteQuietly(p, primary);
            }
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
        Checkpoints.deleteQuietly(staging, primary);
    }
}
