package org.mlgate.train.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import org.mlgate.core.IncompleteException;
import org.mlgate.train.model.Architecture;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;

/**
 * Reads what the untrusted worker left in its folder, believing nothing: each file must be a regular file
 * (opened with {@code NOFOLLOW_LINKS}, so a symbolic link planted by the worker is refused rather than followed
 * into the host), have one link (no hard link to a file elsewhere), and be at most a bound in size; the weights
 * must be a valid safetensors file of exactly the architecture the parent asked for, every value finite; the
 * result must be well-formed with a finite loss. Any breach is "could not complete" (exit 3), naming the file.
 */
final class WorkerOutput {
    /** Bound on {@code result.json}. */
    static final long MAX_RESULT = 64 * 1024;
    /** Bound on the trace: 1 GiB (about 8 M steps). */
    static final long MAX_TRACE = 1L << 30;

    private WorkerOutput() {
    }

    /** The worker's model, checked against {@code expected}. */
    static Model weights(Path dir, Architecture expected) {
        // The header of an mlgate model is well under 4 KiB; the tensors are the parameters as float32.
        long bound = 4L * expected.parameterCount() + 64 * 1024;
        byte[] bytes = read(dir.resolve(TrainWorker.WEIGHTS), bound);
        Model m = ModelFiles.load(bytes, "the worker's " + TrainWorker.WEIGHTS);
        if (!m.architecture().equals(expected)) {
            throw new IncompleteException("the worker returned a " + m.architecture() + ", not the " + expected
                    + " it was asked to train: not believed");
        }
        return m;
    }

    /** The worker's claims about its run. */
    static TrainWorker.Result result(Path dir) {
        byte[] bytes = read(dir.resolve(TrainWorker.RESULT), MAX_RESULT);
        TrainWorker.Result r;
        try {
            r = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .readValue(bytes, TrainWorker.Result.class);
        } catch (IOException e) {
            throw new IncompleteException("the worker's " + TrainWorker.RESULT + " is malformed: " + e.getMessage(), e);
        }
        if (!Double.isFinite(r.finalLoss())) {
            throw new IncompleteException(TrainService.DIVERGED);
        }
        return r;
    }

    /** Checks the trace file (regular, one link, bounded) and returns its path for the parent to move. */
    static Path trace(Path dir) {
        Path f = dir.resolve(TrainWorker.TRACE);
        check(f, MAX_TRACE);
        return f;
    }

    /** The bytes of a regular file of at most {@code bound} bytes, never through a link. */
    static byte[] read(Path file, long bound) {
        check(file, bound);
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)); InputStream in = Channels.newInputStream(ch)) {
            byte[] b = in.readNBytes((int) Math.min(bound + 1, Integer.MAX_VALUE - 8));
            if (b.length > bound) {
                throw new IncompleteException("the worker's " + file.getFileName() + " grew past " + bound
                        + " bytes: not believed");
            }
            return b;
        } catch (IOException e) {
            throw new IncompleteException("cannot read the worker's " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static void check(Path file, long bound) {
        BasicFileAttributes a;
        int links;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            links = (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IncompleteException("the training step wrote no " + file.getFileName(), e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IncompleteException("cannot inspect the worker's " + file.getFileName() + ": " + e.getMessage(),
                    e);
        }
        if (!a.isRegularFile()) {
            throw new IncompleteException("the worker's " + file.getFileName() + " is not a regular file (a link or "
                    + "a special file): not believed");
        }
        if (links != 1) {
            throw new IncompleteException("the worker's " + file.getFileName() + " has " + links + " hard links: "
                    + "not believed");
        }
        if (a.size() > bound) {
            throw new IncompleteException("the worker's " + file.getFileName() + " has " + a.size() + " bytes, more "
                    + "than the " + bound + " it can need: not believed");
        }
    }
}
