package org.mlgate.convert;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.mlgate.core.Digest;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.SafeTensorsWriter;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.tensors.Tensor;

/**
 * Converts a PyTorch zip checkpoint to safetensors: scan, read, write — in that order, stopping at the first
 * refusal with nothing written.
 * <ol>
 *   <li>The file is scanned with {@link Scanner}; any verdict but SAFE refuses, with the findings. The bytes read
 *       next must have the SHA-256 the scanner saw (a file changed in between is refused).</li>
 *   <li>{@link CheckpointReader} rebuilds the tensors (allowlisted reconstruction only).</li>
 *   <li>{@link SafeTensorsWriter} writes them atomically with {@code "format": "pt"} in {@code __metadata__},
 *       plus the non-tensor leaves as JSON text and {@code "alias of <name>"} for tied tensors (which are written
 *       under both names).</li>
 * </ol>
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** What a conversion wrote. */
    public record Result(FileResult scan, List<String> tensors, int metadataEntries, boolean verified) {
        public Result {
            tensors = List.copyOf(tensors);
        }
    }

    /** Converts with the default scanner (fail on HIGH, built-in profiles). */
    public static Result convert(Path in, Path out) throws IOException, ConversionRefused {
        return convert(Scanner.builder().build(), in, out);
    }

    public static Result convert(Scanner scanner, Path in, Path out) throws IOException, ConversionRefused {
        return convert(scanner, in, out, false);
    }

    /**
     * Converts; with {@code verify} the written file is opened again and every tensor compared bit for bit
     * with its source (dtype, shape, bytes). A mismatch deletes the output and throws.
     */
    public static Result convert(Scanner scanner, Path in, Path out, boolean verify) throws IOException,
            ConversionRefused {
        FileResult scan = scanner.scanFile(in, in.toString());
        if (scan.verdict() != Verdict.SAFE) {
            StringBuilder msg = new StringBuilder("refused: the scan verdict for " + in + " is " + scan.verdict());
            scan.findings().forEach(f -> msg.append("\n  ").append(f.severity()).append(' ').append(f.ruleId())
                    .append(": ").append(f.message()));
            scan.problems().forEach(p -> msg.append("\n  problem: ").append(p.message()));
            throw new ConversionRefused(ConversionRefused.Reason.SCAN_VERDICT, null, -1, scan.findings(),
                    msg.toString());
        }
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(in, StandardOpenOption.READ)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            if (scan.sha256() != null && !scan.sha256().equals(Digest.sha256(file))) {
                throw ConversionRefused.unsupported(-1, in + " changed between the scan and the conversion");
            }
            CheckpointReader.Checkpoint cp = CheckpointReader.read(file, arena);
            SafeTensorsWriter w = new SafeTensorsWriter();
            cp.metadata().forEach(w::metadata);
            w.metadata(Flattener.FORMAT_KEY, "pt");
            for (CheckpointReader.TensorData t : cp.tensors()) {
                try {
                    w.add(t.name(), t.dtype(), t.shape(), t.data());
                } catch (IllegalArgumentException e) {
                    throw ConversionRefused.unsupported(-1, "tensor " + t.name() + ": " + e.getMessage());
                }
            }
            w.write(out);
            if (verify) {
                verify(cp, out);
            }
            return new Result(scan, cp.tensors().stream().map(CheckpointReader.TensorData::name).toList(),
                    cp.metadata().size() + 1, verify);
        }
    }

    private static void verify(CheckpointReader.Checkpoint cp, Path out) throws IOException {
        String failure = null;
        try (SafeTensors written = SafeTensors.open(out)) {
            if (written.tensors().size() != cp.tensors().size()) {
                failure = "the output holds " + written.tensors().size() + " tensors, the source "
                        + cp.tensors().size();
            }
            for (CheckpointReader.TensorData t : cp.tensors()) {
                if (failure != null) {
                    break;
                }
                Tensor w = written.tensor(t.name());
                if (w.dtype() != t.dtype() || !w.shape().equals(t.shape())) {
                    failure = "tensor " + t.name() + " was written as " + w.dtype() + " " + w.shape();
                } else if (w.segment().mismatch(t.data()) != -1) {
                    failure = "tensor " + t.name() + " differs from its source at byte "
                            + w.segment().mismatch(t.data());
                }
            }
        } catch (SafetensorsException | java.util.NoSuchElementException e) {
            failure = "the output does not read back: " + e.getMessage();
        }
        if (failure != null) {
            Files.deleteIfExists(out);
            throw new IOException("verification failed, output removed: " + failure);
        }
    }
}
