package org.mlgate.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses (usage error, exit 2) a command whose output would land on one of its inputs or on another of its
 * outputs, before any work: {@code convert same.pt same.pt} would otherwise replace its own input and exit 0.
 * Paths are compared as the file system sees them: symbolic links and relative paths are resolved, existing files
 * are also compared by file key (device and inode, so hard links match), and an output that does not exist yet is
 * placed under its nearest existing ancestor's real path. A {@code tree} is a directory as a whole: an output inside
 * an input tree, or an input inside an output tree (which is replaced in one rename), is refused too.
 */
public final class DistinctPaths {
    private record Role(String name, Path path, boolean tree, boolean output) { }

    private record Resolved(Role role, Path real, Object fileKey) { }

    private final List<Role> roles = new ArrayList<>();

    private DistinctPaths() {
    }

    /** A new, empty check. */
    public static DistinctPaths check() {
        return new DistinctPaths();
    }

    /** An input file (or directory compared by identity only); null paths are ignored (an option not given). */
    public DistinctPaths input(String name, Path path) {
        return add(new Role(name, path, false, false));
    }

    /** An input directory whose whole content is read: no output may be inside it. */
    public DistinctPaths inputTree(String name, Path path) {
        return add(new Role(name, path, true, false));
    }

    /** An output file; null paths are ignored. */
    public DistinctPaths output(String name, Path path) {
        return add(new Role(name, path, false, true));
    }

    /** An output directory that is replaced as a whole: no input may be inside it. */
    public DistinctPaths outputTree(String name, Path path) {
        return add(new Role(name, path, true, true));
    }

    private DistinctPaths add(Role r) {
        if (r.path() != null) {
            roles.add(r);
        }
        return this;
    }

    /** Throws {@link UsageException} naming both options when an output collides with an input or another output. */
    public void verify() {
        List<Resolved> all = roles.stream().map(DistinctPaths::resolve).toList();
        for (int i = 0; i < all.size(); i++) {
            Resolved out = all.get(i);
            if (!out.role().output()) {
                continue;
            }
            for (int j = 0; j < all.size(); j++) {
                Resolved other = all.get(j);
                if (j == i || (other.role().output() && j < i)) {
                    continue; // each pair of outputs once
                }
                String clash = clash(out, other);
                if (clash != null) {
                    throw new UsageException(describe(out.role()) + " " + clash + " " + describe(other.role())
                            + (out.real().equals(other.real()) ? "" : " (" + out.real() + ")")
                            + ": " + (other.role().output() ? "two outputs would overwrite each other"
                            : "writing it would destroy the input"));
                }
            }
        }
    }

    private static String clash(Resolved out, Resolved other) {
        if (out.real().equals(other.real())
                || (out.fileKey() != null && out.fileKey().equals(other.fileKey()))) {
            return "is the same file as";
        }
        if (other.role().tree() && out.real().startsWith(other.real())) {
            return "is inside";
        }
        if (out.role().tree() && other.real().startsWith(out.real())) {
            return "contains";
        }
        return null;
    }

    private static String describe(Role r) {
        return r.name() + " " + r.path();
    }

    private static Resolved resolve(Role r) {
        Path abs = r.path().toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                Path real = abs.toRealPath();
                Object key = Files.readAttributes(real, BasicFileAttributes.class).fileKey();
                return new Resolved(r, real, key);
            }
            // not there yet (or a dangling link, which a rename replaces rather than follows): the nearest existing
            // ancestor's real path decides where it will be
            Path existing = abs.getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return new Resolved(r, abs, null);
            }
            Path real = existing.toRealPath().resolve(existing.relativize(abs));
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !r.output()) {
                throw new UsageException("cannot read " + describe(r) + ": it is a dangling symbolic link");
            }
            return new Resolved(r, real, null);
        } catch (IOException e) {
            throw new UsageException("cannot resolve " + describe(r) + ": " + AtomicFiles.describe(e), e);
        }
    }
}
