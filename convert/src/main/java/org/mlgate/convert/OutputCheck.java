package org.mlgate.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.tensors.Tensor;

/** {@code --verify}: reads a written file back and compares it with its source, bit for bit. */
final class OutputCheck {
    private OutputCheck() {
    }

    /** Throws (after deleting {@code out}) unless {@code out} holds exactly the checkpoint's tensors. */
    static void verify(CheckpointReader.Checkpoint cp, Path out) throws IOException {
        String failure = mismatch(cp, out);
        if (failure != null) {
            Files.deleteIfExists(out);
            throw new IOException("verification of " + out + " failed, output removed: " + failure);
        }
    }

    /** The first difference between the file and the checkpoint, or null. */
    static String mismatch(CheckpointReader.Checkpoint cp, Path out) throws IOException {
        try (SafeTensors written = SafeTensors.open(out)) {
            if (written.tensors().size() != cp.tensors().size()) {
                return "the output holds " + written.tensors().size() + " tensors, the source " + cp.tensors().size();
            }
            for (CheckpointReader.TensorData t : cp.tensors()) {
                Tensor w = written.tensor(t.name());
                if (w.dtype() != t.dtype() || !w.shape().equals(t.shape())) {
                    return "tensor " + t.name() + " was written as " + w.dtype() + " " + w.shape() + ", the source is "
                            + t.dtype() + " " + t.shape();
                }
                long at = w.segment().mismatch(t.data());
                if (at != -1) {
                    return "tensor " + t.name() + " differs from its source at byte " + at;
                }
            }
            return null;
        } catch (SafetensorsException | NoSuchElementException e) {
            return "the output does not read back: " + e.getMessage();
        }
    }
}
