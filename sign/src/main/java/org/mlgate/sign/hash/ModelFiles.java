package org.mlgate.sign.hash;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The regular files of a model (a directory, walked recursively, or a single file), in canonical order,
 * with model-relative POSIX names. Symbolic links are never followed: one anywhere in scope is refused, as
 * are devices, pipes and sockets. Paths equal to or below an ignored path are left out.
 *
 * @param root       the model path as given
 * @param singleFile true when the model is one file (its only entry is named {@code "."})
 * @param files      the files, sorted by {@link PathOrder#NAMES}
 */
public record ModelFiles(Path root, boolean singleFile, List<Entry> files) {
    /** The names of the git metadata paths left out of every model, as the reference tool does. */
    public static final Set<String> GIT_PATHS = Set.of(".git", ".gitattributes", ".github", ".gitignore");

    public record Entry(String name, Path path, long size) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
        }
    }

    public ModelFiles {
        files = List.copyOf(files);
    }

    public String modelName() {
        Path name = root.toAbsolutePath().normalize().getFileName();
        return name == null ? "/" : name.toString();
    }

    public long totalBytes() {
        return files.stream().mapToLong(Entry::size).sum();
    }

    /**
     * Lists {@code model}. I/O errors (an unreadable directory) propagate; a refused path throws
     * {@link RefusedPathException}.
     */
    public static ModelFiles list(Path model, Collection<String> ignorePaths) throws IOException {
        BasicFileAttributes top = Files.readAttributes(model, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (top.isSymbolicLink()) {
            throw new RefusedPathException(model, "it is a symbolic link (links are never followed)");
        }
        if (top.isRegularFile()) {
            return new ModelFiles(model, true, List.of(new Entry(".", model, top.size())));
        }
        if (!top.isDirectory()) {
            throw new RefusedPathException(model, "not a regular file or directory");
        }
        List<Entry> out = new ArrayList<>();
        Files.walkFileTree(model, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(model) && ignored(name(model, dir), ignorePaths)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = name(model, file);
                if (ignored(name, ignorePaths)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    throw new RefusedPathException(file, "it is a symbolic link (links are never followed)");
                }
                if (!attrs.isRegularFile()) {
                    throw new RefusedPathException(file, "not a regular file (device, pipe or socket)");
                }
                out.add(new Entry(name, file, attrs.size()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                throw exc;
            }
        });
        out.sort((a, b) -> PathOrder.NAMES.compare(a.name(), b.name()));
        return new ModelFiles(model, false, out);
    }

    /** Files that exist under a left-out path: what a verification did not check, reported rather than hidden. */
    public record LeftOut(String path, long files) { }

    /**
     * How many files (anything but directories: links, pipes and devices count) exist at or below each of
     * {@code paths} (model-relative, POSIX) in the directory {@code model}, without following links; paths with
     * nothing there, and paths below another of {@code paths}, are omitted.
     */
    public static List<LeftOut> leftOut(Path model, Collection<String> paths) throws IOException {
        List<LeftOut> out = new ArrayList<>();
        for (String p : new java.util.TreeSet<>(paths)) {
            if (paths.stream().anyMatch(q -> !q.equals(p) && p.startsWith(q + "/"))) {
                continue;
            }
            Path start = model.resolve(p);
            if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            long[] count = {0};
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    count[0]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    throw exc;
                }
            });
            if (count[0] > 0) {
                out.add(new LeftOut(p, count[0]));
            }
        }
        return out;
    }

    /** True when {@code name} equals an ignored path or lies below one. */
    public static boolean ignored(String name, Collection<String> ignorePaths) {
        for (String p : ignorePaths) {
            if (name.equals(p) || name.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    static String name(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            String s = part.toString();
            if (s.indexOf('\uFFFD') >= 0) {
                throw new RefusedPathException(file, "its name is not valid in the platform encoding "
                        + "(run with a UTF-8 locale, e.g. LANG=C.UTF-8)");
            }
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(s);
        }
        return sb.toString();
    }
}
