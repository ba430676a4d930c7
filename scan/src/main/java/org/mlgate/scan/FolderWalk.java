package org.mlgate.scan;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.IoErrors;
import org.mlgate.core.Location;
import org.mlgate.core.Problem;
import org.mlgate.core.UsageException;

/**
 * Turns the paths given to a scan into what is scanned. Symbolic links are followed the way loaders follow
 * them (a Hugging Face snapshot is a folder of links into {@code ../../blobs/}): a link is judged by its
 * target and reported with it. Nothing is skipped silently: a link that escapes the scanned folder (unless
 * {@code followExternal}), a dangling link, a link loop and anything that is not a regular file or folder
 * become a result of their own that is never SAFE. A folder reached twice (a link to an ancestor) is walked
 * once and the second way in is reported. Depth and entry count are bounded.
 */
final class FolderWalk {
    static final int MAX_DEPTH = 64;
    static final int MAX_ENTRIES = 1_000_000;

    /** One thing the walk found. */
    sealed interface Target permits Readable, Refused, Revisit {
        String display();
    }

    /** A regular file to scan; {@code linkTarget} is its real path when {@code display} is a link, else null. */
    record Readable(Path file, String display, String linkTarget) implements Target { }

    /** An entry that is not scanned and therefore not SAFE (why: the problem). */
    record Refused(String display, String linkTarget, Problem.Kind kind, String why) implements Target { }

    /** A link to a folder that this scan walks anyway (through another path): reported, not scanned twice. */
    record Revisit(String display, String linkTarget) implements Target { }

    private final boolean followExternal;
    private final List<Target> out = new ArrayList<>();
    private final Set<Path> visitedDirs = new HashSet<>();
    private int entries;

    private FolderWalk(boolean followExternal) {
        this.followExternal = followExternal;
    }

    static List<Target> expand(List<Path> paths, boolean followExternal) {
        if (paths.isEmpty()) {
            throw new UsageException("no file or directory to scan");
        }
        FolderWalk w = new FolderWalk(followExternal);
        for (Path p : paths) {
            w.top(p);
        }
        return w.out;
    }

    private void top(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("no such file or directory: " + p);
        }
        boolean link = Files.isSymbolicLink(p);
        if (link && !Files.exists(p)) {
            throw new UsageException("symbolic link " + p + " points to nothing (" + readLink(p) + ")");
        }
        if (Files.isDirectory(p)) {
            Path root = real(p);
            dir(p, root, 0);
        } else if (Files.isRegularFile(p)) {
            // A link given by name is what the user asked for: followed wherever it leads.
            out.add(new Readable(p, p.toString(), link ? real(p).toString() : null));
        } else {
            throw new UsageException("not a regular file or directory: " + p);
        }
    }

    private void dir(Path dir, Path root, int depth) {
        Path real = real(dir);
        if (!visitedDirs.add(real)) {
            out.add(new Revisit(dir.toString(), real.toString()));
            return;
        }
        if (depth > MAX_DEPTH) {
            out.add(new Refused(dir.toString(), null, Problem.Kind.BUDGET,
                    "folders nested more than " + MAX_DEPTH + " deep; not scanned below this point"));
            return;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        } catch (IOException e) {
            out.add(new Refused(dir.toString(), null, Problem.Kind.IO, "cannot list folder: " + IoErrors.reason(e)));
            return;
        } catch (java.io.UncheckedIOException e) { // an entry that cannot be read while listing
            out.add(new Refused(dir.toString(), null, Problem.Kind.IO, "cannot list folder: "
                    + IoErrors.reason(e.getCause())));
            return;
        }
        for (Path c : children) {
            if (++entries > MAX_ENTRIES) {
                throw new IncompleteException("more than " + MAX_ENTRIES + " entries below the scanned folders; "
                        + "scan smaller folders");
            }
            entry(c, root, depth);
        }
    }

    private void entry(Path c, Path root, int depth) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            out.add(new Refused(c.toString(), null, Problem.Kind.IO, "cannot read file attributes: "
                    + IoErrors.reason(e)));
            return;
        }
        if (a.isRegularFile()) {
            out.add(new Readable(c, c.toString(), null));
        } else if (a.isDirectory()) {
            dir(c, root, depth + 1);
        } else if (a.isSymbolicLink()) {
            link(c, root, depth);
        } else {
            out.add(new Refused(c.toString(), null, Problem.Kind.UNSUPPORTED,
                    "not a regular file, folder or link (a device, pipe or socket): not read"));
        }
    }

    private void link(Path c, Path root, int depth) {
        Path target;
        try {
            target = c.toRealPath();
        } catch (NoSuchFileException e) {
            out.add(new Refused(c.toString(), readLink(c), Problem.Kind.IO,
                    "symbolic link points to nothing (" + readLink(c) + "): a loader would fail on it"));
            return;
        } catch (FileSystemException e) {
            // ELOOP: a chain of links that never ends.
            out.add(new Refused(c.toString(), readLink(c), Problem.Kind.MALFORMED,
                    "symbolic link cannot be resolved (" + e.getReason() + "): a link loop?"));
            return;
        } catch (IOException e) {
            out.add(new Refused(c.toString(), readLink(c), Problem.Kind.IO, "cannot resolve link: "
                    + IoErrors.reason(e)));
            return;
        }
        if (!target.startsWith(root) && !followExternal) {
            out.add(new Refused(c.toString(), target.toString(), Problem.Kind.UNSUPPORTED,
                    "symbolic link leads outside the scanned folder " + root + " to " + target
                            + "; not followed (scan the folder that holds the target, e.g. the whole Hugging Face "
                            + "cache entry, or pass --follow-external-links)"));
            return;
        }
        if (Files.isDirectory(target)) {
            dir(c, root, depth + 1);
        } else if (Files.isRegularFile(target)) {
            out.add(new Readable(c, c.toString(), target.toString()));
        } else {
            out.add(new Refused(c.toString(), target.toString(), Problem.Kind.UNSUPPORTED,
                    "symbolic link leads to something that is not a regular file or folder: not read"));
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new IncompleteException("cannot resolve " + p + ": " + IoErrors.reason(e), e);
        }
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "unreadable link";
        }
    }

    static Problem problem(Refused r) {
        return new Problem(r.kind(), Location.of(r.display()), r.why());
    }
}
