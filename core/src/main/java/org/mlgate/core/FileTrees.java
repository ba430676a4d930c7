package org.mlgate.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a file or a folder with its content: one walk for every caller, each keeping its own error policy. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Deletes {@code path} and everything below it, children first. Links are removed, never followed, so a link
     * planted in a staging folder cannot make this delete its target. A path that does not exist is not an error.
     */
    public static void delete(Path path) throws IOException {
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> w = Files.walk(path)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
