package org.mlgate.convert;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.tensors.SafeTensorsWriter;

/**
 * Converts checkpoints to safetensors: scan, read, write — in that order, stopping at the first refusal with
 * nothing written.
 * <ol>
 *   <li>The file is scanned with {@link Scanner}; any verdict but SAFE refuses, with the findings.</li>
 *   <li>{@link CheckpointReader} rebuilds the tensors (allowlisted reconstruction only). Every pickle it
 *       interpreted is handed back as the exact bytes interpreted and scanned again, so a file swapped between
 *       the scan and the read cannot slip a different pickle through (tensor bytes are only copied, never
 *       interpreted).</li>
 *   <li>{@link SafeTensorsWriter} writes them atomically with {@code "format": "pt"} in {@code __metadata__},
 *       plus the non-tensor leaves as JSON text and {@code "alias of <name>"} for tied tensors (which are written
 *       under both names).</li>
 * </ol>
 * A directory holding a Hugging Face index ({@code pytorch_model.bin.index.json}), or the index itself, is
 * converted shard by shard into a directory ({@link ShardedConversion}).
 */
public final class Checkpoints {
    /** Reserved {@code __metadata__} key holding the output's framework tag. */
    public static final String FORMAT_KEY = Flattener.FORMAT_KEY;

    private Checkpoints() {
    }

    /** One safetensors file written. */
    public record Written(Path path, CheckpointReader.Format from, List<String> tensors, int metadataEntries) {
        public Written {
            tensors = List.copyOf(tensors);
        }
    }

    /**
     * What a conversion did.
     *
     * @param scans    the scan of every input file
     * @param files    the safetensors files written (one, or one per shard)
     * @param index    the index written for a sharded checkpoint, else null
     * @param verified every output was read back and compared bit for bit
     */
    public record Result(List<FileResult> scans, List<Written> files, Path index, boolean verified) {
        public Result {
            scans = List.copyOf(scans);
            files = List.copyOf(files);
        }

        /** Every tensor name written, in file order. */
        public List<String> tensors() {
            return files.stream().flatMap(f -> f.tensors().stream()).toList();
        }
    }

    /** Whether {@code in} is a sharded checkpoint (its directory or its {@code *.index.json}), converted into a folder. */
    public static boolean isSharded(Path in) {
        return ShardedConversion.isSharded(in);
    }

    /** Converts with the default scanner (fail on HIGH, built-in profiles). */
    public static Result convert(Path in, Path out) throws IOException, ConversionRefused {
        return convert(Scanner.builder().build(), in, out);
    }

    public static Result convert(Scanner scanner, Path in, Path out) throws IOException, ConversionRefused {
        return convert(scanner, in, out, false);
    }

    /**
     * Converts {@code in} — a checkpoint file, or a sharded checkpoint (its directory or index) into the directory
     * {@code out}. With {@code verify} every written file is opened again and every tensor compared bit for bit
     * with its source (dtype, shape, bytes); a mismatch removes the output and throws.
     */
    public static Result convert(Scanner scanner, Path in, Path out, boolean verify) throws IOException,
            ConversionRefused {
        return convert(scanner, in, out, verify, ConversionLimits.DEFAULT);
    }

    /** As {@link #convert(Scanner, Path, Path, boolean)}, refusing tensors and files over {@code limits}. */
    public static Result convert(Scanner scanner, Path in, Path out, boolean verify, ConversionLimits limits)
            throws IOException, ConversionRefused {
        if (ShardedConversion.isSharded(in)) {
            return ShardedConversion.convert(scanner, in, out, verify, limits, ShardedConversion.Rename.ATOMIC);
        }
        List<FileResult> scans = new ArrayList<>();
        Written w = convertFile(scanner, in, out, verify, scans, null, limits);
        return new Result(scans, List.of(w), null, verify);
    }

    /** What a shard must hold: called with every tensor name before anything is written. */
    @FunctionalInterface
    interface NameCheck {
        void check(CheckpointReader.Checkpoint cp) throws ConversionRefused;
    }

    static Written convertFile(Scanner scanner, Path in, Path out, boolean verify, List<FileResult> scans,
                               NameCheck names, ConversionLimits limits) throws IOException, ConversionRefused {
        FileResult scan = scanner.scanFile(in, in.toString());
        scans.add(scan);
        requireSafe(scan, in.toString());
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(in, StandardOpenOption.READ)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            CheckpointReader.Checkpoint cp = CheckpointReader.read(file, in.getFileName().toString(), arena);
            for (CheckpointReader.Pickle p : cp.pickles()) {
                requireSafe(scanner.scanBytes(in + "!" + p.name(), p.bytes()), in + " (" + p.name() + " as read)");
            }
            if (names != null) {
                names.check(cp);
            }
            limits.check(in.toString(), cp); // before any view is built or byte written
            SafeTensorsWriter w = new SafeTensorsWriter();
            cp.metadata().forEach(w::metadata);
            w.metadata(FORMAT_KEY, "pt");
            for (CheckpointReader.TensorData t : cp.tensors()) {
                try {
                    long at = offsetIn(file, t.data());
                    if (at >= 0) { // a zero-copy slice of the input: let the OS copy it file to file
                        w.addFileBacked(t.name(), t.dtype(), t.shape(), t.data(), ch, at);
                    } else {
                        w.add(t.name(), t.dtype(), t.shape(), t.data());
                    }
                } catch (IllegalArgumentException e) {
                    throw ConversionRefused.unsupported(-1, "tensor " + t.name() + ": " + e.getMessage());
                }
            }
            w.write(out);
            if (verify) {
                OutputCheck.verify(cp, out);
            }
            return new Written(out, cp.format(), cp.tensors().stream().map(CheckpointReader.TensorData::name)
                    .toList(), cp.metadata().size() + 1);
        }
    }

    /** Where {@code slice} lies in the mapped {@code file}, or -1 when it is not a slice of that mapping. */
    static long offsetIn(MemorySegment file, MemorySegment slice) {
        if (!file.isNative() || !slice.isNative() || slice.byteSize() == 0) {
            return -1;
        }
        long at = slice.address() - file.address();
        return at >= 0 && at <= file.byteSize() - slice.byteSize() ? at : -1;
    }

    private static void requireSafe(FileResult scan, String what) throws ConversionRefused {
        if (scan.verdict() == Verdict.SAFE) {
            return;
        }
        StringBuilder msg = new StringBuilder("refused: the scan verdict for " + what + " is " + scan.verdict());
        scan.findings().forEach(f -> msg.append("\n  ").append(f.severity()).append(' ').append(f.ruleId())
                .append(": ").append(f.message()));
        scan.problems().forEach(p -> msg.append("\n  problem: ").append(p.message()));
        throw new ConversionRefused(ConversionRefused.Reason.SCAN_VERDICT, null, -1, scan.findings(), msg.toString());
    }

    /** Deletes a file, keeping the first failure's exception primary. */
    static void deleteQuietly(Path p, Exception primary) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
