package org.mlgate.sign.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another process can do to a file while it is verified: each case is staged at the moment it hurts (through
 * {@link ParallelHasher.Probe}: after the type check, or after the last byte was read) and must fail the hash,
 * never return a digest. Before this, each of them verified (and a pipe hung the verifier).
 */
class RaceFreeHashingTest {
    @TempDir
    Path tmp;

    Path file;
    byte[] bytes;
    static final FileTime AT_REST = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void model() throws IOException {
        bytes = new byte[3 * ParallelHasher.BUFFER + 17];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        file = Files.write(tmp.resolve("weights.bin"), bytes);
        // a file at rest was last written well before it is verified (see the README on timestamp granularity)
        Files.setLastModifiedTime(file, AT_REST);
    }

    private static List<ParallelHasher.Range> whole(Path f, long size) {
        return List.of(new ParallelHasher.Range(f, 0, size, true));
    }

    private static List<ParallelHasher.Range> shards(Path f, long size) {
        return List.of(new ParallelHasher.Range(f, 0, size / 2, false), new ParallelHasher.Range(f, size / 2, size,
                true));
    }

    private List<String> hash(List<ParallelHasher.Range> ranges, ParallelHasher.Probe probe, Duration openTimeout)
            throws IOException {
        try (ParallelHasher h = new ParallelHasher(2, openTimeout, probe)) {
            return h.hash(ranges);
        }
    }

    @Test
    void untouchedFilesHashAsBefore() throws IOException {
        String expected = org.mlgate.core.Digest.sha256(bytes).hex();
        assertThat(hash(whole(file, bytes.length), ParallelHasher.Probe.NONE, Duration.ofSeconds(5)))
                .containsExactly(expected);
        assertThat(hash(shards(file, bytes.length), ParallelHasher.Probe.NONE, Duration.ofSeconds(5))).hasSize(2);
    }

    @Test
    void aWriteIntoAnAlreadyHashedRegionIsCaught() {
        ParallelHasher.Probe writer = new ParallelHasher.Probe() {
            @Override
            public void afterRead(Path f) throws IOException {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}), 0); // byte 0: hashed long ago
                }
            }
        };
        for (List<ParallelHasher.Range> ranges : List.of(whole(file, bytes.length), shards(file, bytes.length))) {
            assertThatThrownBy(() -> hash(ranges, writer, Duration.ofSeconds(5)))
                    .isInstanceOf(HashingException.class).hasMessageContaining("changed while it was hashed");
        }
    }

    @Test
    void aWriteThatPutsTheModificationTimeBackIsCaughtByTheStatusChangeTime() {
        Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix"));
        ParallelHasher.Probe writer = new ParallelHasher.Probe() {
            @Override
            public void afterRead(Path f) throws IOException {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}), 0);
                }
                Files.setLastModifiedTime(f, AT_REST);
            }
        };
        assertThatThrownBy(() -> hash(whole(file, bytes.length), writer, Duration.ofSeconds(5)))
                .isInstanceOf(HashingException.class).hasMessageContaining("status changed");
    }

    @Test
    void aRenameOverTheFileIsCaughtEvenWithTheSameSizeAndTime() {
        ParallelHasher.Probe renamer = new ParallelHasher.Probe() {
            @Override
            public void afterRead(Path f) throws IOException {
                byte[] evil = bytes.clone();
                evil[1000] ^= 1;
                Path other = Files.write(f.resolveSibling("evil.bin"), evil);
                Files.setLastModifiedTime(other, AT_REST);
                Files.move(other, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        };
        assertThatThrownBy(() -> hash(shards(file, bytes.length), renamer, Duration.ofSeconds(5)))
                .isInstanceOf(HashingException.class).hasMessageContaining("changed while it was hashed")
                .hasMessageContaining("inode");
    }

    @Test
    void aSwapForASymbolicLinkIsCaughtAfterReadingAndBeforeOpening() throws IOException {
        Path copy = Files.write(tmp.resolve("copy.bin"), bytes);
        ParallelHasher.Probe swapAfter = new ParallelHasher.Probe() {
            @Override
            public void afterRead(Path f) throws IOException {
                Files.delete(f);
                Files.createSymbolicLink(f, copy);
            }
        };
        assertThatThrownBy(() -> hash(whole(file, bytes.length), swapAfter, Duration.ofSeconds(5)))
                .isInstanceOf(HashingException.class).hasMessageContaining("symbolic link");
        Files.delete(file);
        Files.write(file, bytes);
        ParallelHasher.Probe swapBefore = new ParallelHasher.Probe() {
            @Override
            public void checked(Path f) throws IOException {
                Files.delete(f);
                Files.createSymbolicLink(f, copy);
            }
        };
        assertThatThrownBy(() -> hash(whole(file, bytes.length), swapBefore, Duration.ofSeconds(5)))
                .isInstanceOf(HashingException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> hash(whole(file, bytes.length), ParallelHasher.Probe.NONE, Duration.ofSeconds(5)))
                .isInstanceOf(HashingException.class).hasMessageContaining("symbolic link");
    }

    private static void mkfifo(Path p) throws Exception {
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        } catch (IOException e) {
            Assumptions.abort("mkfifo is not available: " + e.getMessage());
            return;
        }
        assertThat(mk.waitFor()).isZero();
    }

    @Test
    void aPipeIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = tmp.resolve("fifo");
        mkfifo(fifo);
        long t = System.nanoTime();
        assertThatThrownBy(() -> hash(whole(fifo, 0), ParallelHasher.Probe.NONE, Duration.ofSeconds(30)))
                .isInstanceOf(HashingException.class).hasMessageContaining("not a regular file");
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPipeSwappedInAfterTheCheckDoesNotHang() throws Exception {
        ParallelHasher.Probe swap = new ParallelHasher.Probe() {
            @Override
            public void checked(Path f) throws IOException {
                Files.delete(f);
                try {
                    mkfifo(f);
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        };
        long t = System.nanoTime();
        try {
            assertThatThrownBy(() -> hash(whole(file, bytes.length), swap, Duration.ofMillis(300)))
                    .isInstanceOf(HashingException.class).hasMessageContaining("did not open within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(10));
        } finally {
            // release the daemon thread still blocked in open(2): a writer arriving lets it return
            try (OutputStream released = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                released.flush();
            }
        }
    }
}
