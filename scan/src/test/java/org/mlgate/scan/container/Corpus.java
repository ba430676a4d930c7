package org.mlgate.scan.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mlgate.scan.Budgets;

/**
 * The shared picklescan corpus (../shared/corpora/picklescan beside the checkout). Tests that need it
 * are skipped, with a message saying so, when it is absent.
 */
final class Corpus {
    private static final Path ROOT = locate();

    private Corpus() {
    }

    /** Walks up from the working directory until a directory with shared/corpora is found. */
    private static Path locate() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("corpora").resolve("picklescan");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }

    static Path file(String relative) {
        assumeTrue(ROOT != null, "picklescan corpus not found (looked for shared/corpora/picklescan above "
                + Path.of("").toAbsolutePath() + "); skipping corpus test");
        Path p = ROOT.resolve(relative);
        assumeTrue(Files.isRegularFile(p), "corpus file " + p + " is missing; skipping");
        return p;
    }

    /** Scans a corpus file mapped like the CLI maps it. */
    static Harness.Result scan(String relative) {
        Path p = file(relative);
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return Harness.scan(p.getFileName().toString(), seg, Budgets.DEFAULT);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }
}
