package org.mlgate.sign.hash;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A file opened once for hashing, without following links, after checking that it is a regular file, and with
 * its identity (device and inode, size, modification time) taken before it was opened. {@link #checkUnchanged}
 * compares the path's identity again, and the open descriptor's size: a write, a rename over the file, or a swap
 * for a link or a pipe between the checks makes the hash worthless and is reported, never returned as a digest.
 */
final class OpenedFile implements AutoCloseable {
    /** What identifies a file's content without reading it; {@code fileKey} is device and inode on POSIX. */
    record Identity(Object fileKey, long size, FileTime modified, Object changed) {
        String describe() {
            return "inode " + fileKey + ", " + size + " bytes, modified " + modified
                    + (changed != null ? ", status changed " + changed : "");
        }
    }

    /** The status-change time (ctime) is read where the platform has it: unlike mtime, no one can set it back. */
    private static final boolean UNIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
            .contains("unix");

    private final Path path;
    private final Identity before;
    private final FileChannel channel;

    private OpenedFile(Path path, Identity before, FileChannel channel) {
        this.path = path;
        this.before = before;
        this.channel = channel;
    }

    Path path() {
        return path;
    }

    Identity identity() {
        return before;
    }

    FileChannel channel() {
        return channel;
    }

    /**
     * The file's identity, if it is a regular file; a link (never followed), directory, pipe, device or socket is
     * refused here, before anything is opened for reading (opening a FIFO would block until a writer comes).
     */
    static Identity regular(Path path) throws HashingException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new HashingException(path, "no such file (removed while verifying?)", e);
        } catch (AccessDeniedException e) {
            throw new HashingException(path, "permission denied", e);
        } catch (IOException e) {
            throw new HashingException(path, reason(e), e);
        }
        if (a.isSymbolicLink()) {
            throw new HashingException(path, "it is now a symbolic link (links are never followed)", null);
        }
        if (a.isDirectory()) {
            throw new HashingException(path, "it is now a directory", null);
        }
        if (!a.isRegularFile()) {
            throw new HashingException(path, "it is now not a regular file (a pipe, device or socket)", null);
        }
        Object ctime = null;
        if (UNIX) {
            try {
                ctime = Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new HashingException(path, reason(e), e);
            }
        }
        return new Identity(a.fileKey(), a.size(), a.lastModifiedTime(), ctime);
    }

    /**
     * Opens {@code path} for reading: checked as a regular file first, opened with {@code O_NOFOLLOW}, on
     * {@code opener} with a time limit — a pipe swapped in between the check and the open would block the open
     * until a writer comes; the blocked thread is a daemon left behind, the caller gets an error. Then the path's
     * identity must still be the one checked and the descriptor's size the checked size.
     */
    static OpenedFile open(Path path, Duration timeout, ExecutorService opener, ParallelHasher.Probe probe)
            throws IOException {
        Identity before = regular(path);
        probe.checked(path);
        CompletableFuture<FileChannel> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, opener);
        FileChannel ch;
        try {
            ch = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            opening.thenAccept(OpenedFile::closeQuietly); // should it open after all
            throw new HashingException(path, "it did not open within " + timeout.toMillis() + " ms (replaced by a "
                    + "pipe after it was checked?)", null);
        } catch (InterruptedException e) {
            opening.thenAccept(OpenedFile::closeQuietly);
            Thread.currentThread().interrupt();
            throw new HashingException(path, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof FileSystemLoopException || cause instanceof IOException io
                    && String.valueOf(io.getMessage()).contains("symbolic link")) {
                throw new HashingException(path, "it is now a symbolic link (links are never followed)", cause);
            }
            if (cause instanceof NoSuchFileException) {
                throw new HashingException(path, "no such file (removed while verifying?)", cause);
            }
            if (cause instanceof AccessDeniedException) {
                throw new HashingException(path, "permission denied", cause);
            }
            throw new HashingException(path, cause instanceof IOException io ? reason(io) : String.valueOf(cause),
                    cause);
        }
        OpenedFile f = new OpenedFile(path, before, ch);
        try {
            f.checkUnchanged("was opened");
        } catch (HashingException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** The path still names the same, unmodified file, and the open descriptor still has its size. */
    void checkUnchanged(String when) throws HashingException {
        Identity now;
        try {
            now = regular(path);
        } catch (HashingException e) {
            throw new HashingException(path, "it changed while it " + when + ": " + e.reason(), e);
        }
        long openSize;
        try {
            openSize = channel.size(); // fstat on the descriptor that was read
        } catch (IOException e) {
            throw new HashingException(path, reason(e), e);
        }
        if (!Objects.equals(now, before) || openSize != before.size()) {
            throw new HashingException(path, "it changed while it " + when + " (before: " + before.describe()
                    + "; after: " + now.describe() + (openSize != now.size() ? "; open file " + openSize + " bytes"
                    : "") + ")", null);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // a channel nobody read from; nothing to report
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
