package org.mlgate.sign.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes byte ranges of files with SHA-256 on a fixed pool of threads. Each range is streamed through a
 * per-thread 1 MiB direct buffer with positional reads, so no file is ever held in memory. A range that
 * cannot be read in full (an I/O error, a file that shrank or grew while it was read) fails the whole call
 * with a {@link HashingException}: no digest of a partial read is returned.
 */
public final class ParallelHasher implements AutoCloseable {
    static final int BUFFER = 1 << 20;

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

    private final ExecutorService pool;
    private final int threads;
    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));

    public ParallelHasher(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1 to 256, got " + threads);
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mlgate-hash-" + n.incrementAndGet());
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

    /** The hex SHA-256 of each range, in the order given. Largest ranges are started first. */
    public List<String> hash(List<Range> ranges) throws IOException {
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
            futures.set(i, pool.submit(() -> hashRange(r)));
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
        }
        return out;
    }

    private String hashRange(Range r) throws HashingException {
        MessageDigest md = sha256();
        ByteBuffer buf = buffers.get();
        try (FileChannel ch = FileChannel.open(r.file(), StandardOpenOption.READ)) {
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
        } catch (NoSuchFileException e) {
            throw new HashingException(r.file(), "no such file (removed while hashing?)", e);
        } catch (AccessDeniedException e) {
            throw new HashingException(r.file(), "permission denied", e);
        } catch (IOException e) {
            throw new HashingException(r.file(), e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage(), e);
        }
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
    }
}
