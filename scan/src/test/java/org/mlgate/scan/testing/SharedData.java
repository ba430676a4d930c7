package org.mlgate.scan.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates the read-only test data folder {@code shared/} that sits beside the checkout. */
public final class SharedData {
    private SharedData() {
    }

    /** The shared folder, found by walking up from the working directory, if present. */
    public static Optional<Path> root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("corpora"))) {
                return Optional.of(candidate);
            }
            Path inside = p.resolve("shared");
            if (Files.isDirectory(inside.resolve("corpora"))) {
                return Optional.of(inside);
            }
        }
        return Optional.empty();
    }

    /** A path under shared/, or empty with a message on stderr saying why tests will skip. */
    public static Optional<Path> resolve(String relative) {
        Optional<Path> r = root().map(p -> p.resolve(relative)).filter(Files::exists);
        if (r.isEmpty()) {
            System.err.println("SKIPPED: shared test data '" + relative + "' not found beside the checkout");
        }
        return r;
    }
}
