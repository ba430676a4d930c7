package org.mlgate.sign.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes byte ranges of files with SHA-256 on a fixed pool of threads. Each file is opened once
 * ({@link OpenedFile}: a regular file, checked before it is opened, opened without following links) and all its
 * ranges are read through that one channel with positional reads into a per-thread 1 MiB direct buffer, so no file
 * is ever held in memory. When its last range is done the file's identity (device and inode, size, modification
 * time) is compared with the one taken before it was opened. A range that cannot be read in full, or a file that
 * changed, was replaced or became a link or a pipe between the checks, fails the whole call with a
 * {@link HashingException}: no digest of a partial or moving read is returned.
 */
public final class ParallelHasher implements AutoCloseable {
    static final int BUFFER = 1 << 20;
    /** How long opening a checked regular file may take before it is taken for a swapped-in pipe. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    /** One range to hash; {@code wholeFile} also checks that the file ends exactly at {@code end}. */
    public record Range(Path file, long start, long end, boolean wholeFile) {
        public Range {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad range " + start + ".." + end + " of " + file);
            }
        }

        long length() {
            return end - start;
        }
    }

    /** Test seam: runs at points where another process could act on the file. */
    interface Probe {
        Probe NONE = new Probe() { };

        /** After the file was checked as a regular file, before it is opened. */
        default void checked(Path file) throws IOException {
        }

        /** After every range of the file was read, before its identity is checked again. */
        default void afterRead(Path file) throws IOException {
        }
    }

    private final ExecutorService pool;
    private final ExecutorService opener;
    private final int threads;
    private final Duration openTimeout;
    private final Probe probe;
    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));

    public ParallelHasher(int threads) {
        this(threads, OPEN_TIMEOUT, Probe.NONE);
    }

    ParallelHasher(int threads, Duration openTimeout, Probe probe) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1 to 256, got " + threads);
        }
        this.threads = threads;
        this.openTimeout = openTimeout;
        this.probe = probe;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mlgate-hash-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // opens run here, so an open blocked on a pipe holds a daemon thread of its own, not a hashing thread
        this.opener = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mlgate-open-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static int defaultThreads() {
        return Math.max(1, Math.min(256, Runtime.getRuntime().availableProcessors()));
    }

    public int threads() {
        return threads;
    }

    /** A file shared by its ranges: opened by the first range to run, checked and closed by the last. */
    private final class SharedFile {
        private final Path path;
        private final AtomicInteger remaining = new AtomicInteger();
        private OpenedFile opened;

        SharedFile(Path path) {
            this.path = path;
        }

        synchronized OpenedFile open() throws IOException {
            if (opened == null) {
                opened = OpenedFile.open(path, openTimeout, opener, probe);
            }
            return opened;
        }

        void rangeDone(OpenedFile f) throws IOException {
            if (remaining.decrementAndGet() == 0) {
                try {
                    probe.afterRead(path);
                    f.checkUnchanged("was hashed");
                } finally {
                    f.close();
                }
            }
        }

        synchronized void close() {
            if (opened != null) {
                opened.close();
            }
        }
    }

    /** The hex SHA-256 of each range, in the order given. Largest ranges are started first. */
    public List<String> hash(List<Range> ranges) throws IOException {
        Map<Path, SharedFile> files = new HashMap<>();
        List<SharedFile> shared = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            SharedFile f = files.computeIfAbsent(r.file(), SharedFile::new);
            f.remaining.incrementAndGet();
            shared.add(f);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> ranges.get(i).length()).reversed());
        List<Future<String>> futures = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            futures.add(null);
        }
        for (int i : order) {
            Range r = ranges.get(i);
            SharedFile f = shared.get(i);
            futures.set(i, pool.submit(() -> hashRange(r, f)));
        }
        List<String> out = new ArrayList<>(ranges.size());
        try {
            for (Future<String> f : futures) {
                out.add(f.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("hashing failed", e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while hashing");
        } finally {
            files.values().forEach(SharedFile::close);
        }
        return out;
    }

    private String hashRange(Range r, SharedFile file) throws IOException {
        OpenedFile opened = file.open();
        if (r.wholeFile() && opened.identity().size() != r.end()) {
            throw new HashingException(r.file(), "it is " + opened.identity().size() + " bytes, " + r.end()
                    + " when it was listed (it changed while being verified)", null);
        }
        MessageDigest md = sha256();
        ByteBuffer buf = buffers.get();
        FileChannel ch = opened.channel();
        try {
            long pos = r.start();
            while (pos < r.end()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new HashingException(r.file(), "interrupted", null);
                }
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), r.end() - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new HashingException(r.file(), "the file ended at byte " + pos + ", expected " + r.end()
                            + " (it changed while being hashed)", null);
                }
                buf.flip();
                md.update(buf);
                pos += n;
            }
            if (r.wholeFile()) {
                buf.clear();
                buf.limit(1);
                if (ch.read(buf, r.end()) > 0) {
                    throw new HashingException(r.file(), "the file grew beyond " + r.end()
                            + " bytes while being hashed", null);
                }
            }
        } catch (HashingException e) {
            throw e;
        } catch (java.nio.channels.ClosedChannelException e) {
            throw new HashingException(r.file(), "interrupted", e);
        } catch (IOException e) {
            throw new HashingException(r.file(), e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage(), e);
        }
        file.rangeDone(opened);
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        opener.shutdownNow();
    }
}
