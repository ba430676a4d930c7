package org.mlgate.train.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.mlgate.core.IncompleteException;

/**
 * Runs one of mlgate's own main classes in a child JVM under bubblewrap, called by absolute path
 * ({@link #BWRAP}: a {@code bwrap} or {@code unshare} planted on {@code PATH} is never used). The child gets new
 * user, PID, network, IPC, UTS and cgroup namespaces; its own {@code /proc} (no host process, so no
 * {@code /proc/<pid>/root} into the host); a minimal {@code /dev}; private {@code /tmp} and {@code /dev/shm}; no
 * {@code /run}, {@code /var}, {@code /etc} or home folder, so no UNIX socket of the host; read-only binds of the
 * system libraries, the JDK, mlgate's class path and {@link Spec#readOnly}; {@link Spec#writable} as the only
 * writable path; an empty environment; all capabilities dropped; {@code no_new_privs} (bubblewrap always sets it);
 * its own session (no terminal injection); and it dies with the parent. Whether that really isolates is not
 * assumed: {@link IsolationProof} checks it from inside before training.
 */
public final class Sandbox {
    /** Bubblewrap, by absolute path only. */
    public static final Path BWRAP = Path.of("/usr/bin/bwrap");
    /** The uid and gid inside the sandbox (nobody). */
    static final String NOBODY = "65534";
    /** The system library folders the JVM links against, bound read-only when present. */
    private static final List<String> LIBRARIES = List.of("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/lib32");

    /**
     * What to run.
     *
     * @param isolation  how to isolate it
     * @param writable   the only folder the child may write (must exist); its working directory
     * @param readOnly   further files or folders it may read (e.g. nothing: the parent passes the data on stdin)
     * @param mainClass  the child's main class (a class of mlgate, never a name from input)
     * @param args       its arguments
     */
    public record Spec(Isolation isolation, Path writable, List<Path> readOnly, Class<?> mainClass,
                       List<String> args) {
        public Spec {
            Objects.requireNonNull(isolation, "isolation");
            Objects.requireNonNull(mainClass, "mainClass");
            readOnly = readOnly.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            args = List.copyOf(args);
            if (!Files.isDirectory(writable, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("sandbox folder " + writable + " is not a folder");
            }
            writable = writable.toAbsolutePath().normalize();
        }

        /** The same sandbox running another of mlgate's main classes. */
        public Spec running(Class<?> other, List<String> otherArgs) {
            return new Spec(isolation, writable, readOnly, other, otherArgs);
        }
    }

    private Sandbox() {
    }

    /** Whether bubblewrap is installed where it is called from. */
    public static boolean bubblewrapInstalled() {
        return Files.isRegularFile(BWRAP) && Files.isExecutable(BWRAP);
    }

    /** The child's command line. */
    public static List<String> command(Spec spec) {
        Path javaHome = realPath(Path.of(System.getProperty("java.home")));
        List<Path> classPath = classPath();
        List<String> jvm = new ArrayList<>();
        jvm.add(javaHome.resolve("bin").resolve("java").toString());
        jvm.add("-XX:-UsePerfData"); // no hsperfdata file shared through /tmp
        jvm.add("-Djava.io.tmpdir=" + (spec.isolation() == Isolation.NONE ? spec.writable() : "/tmp"));
        jvm.add("-cp");
        jvm.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        jvm.add(spec.mainClass().getName());
        jvm.addAll(spec.args());
        if (spec.isolation() == Isolation.NONE) {
            return jvm;
        }
        List<String> c = new ArrayList<>(List.of(BWRAP.toString(), "--die-with-parent", "--new-session",
                "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--uid", NOBODY, "--gid", NOBODY, "--hostname", "sandbox",
                "--cap-drop", "ALL", "--clearenv",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"));
        for (String lib : LIBRARIES) {
            Path p = Path.of(lib);
            if (Files.isSymbolicLink(p)) {
                try {
                    c.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), lib));
                } catch (IOException e) {
                    throw new IncompleteException("cannot read the link " + lib + ": "
                            + org.mlgate.core.IoErrors.reason(e), e);
                }
            } else if (Files.isDirectory(p)) {
                c.addAll(List.of("--ro-bind", lib, lib));
            }
        }
        Set<Path> binds = new LinkedHashSet<>();
        binds.add(javaHome);
        binds.addAll(classPath);
        binds.addAll(spec.readOnly());
        for (Path p : binds) {
            c.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        c.addAll(List.of("--bind", spec.writable().toString(), spec.writable().toString(),
                "--chdir", spec.writable().toString(), "--remount-ro", "/", "--"));
        c.addAll(jvm);
        return c;
    }

    /**
     * Starts the child: standard input and output are the caller's pipes, standard error is inherited.
     *
     * @throws IncompleteException when bubblewrap is missing or the child cannot be started
     */
    public static Process start(Spec spec) {
        if (spec.isolation() == Isolation.BUBBLEWRAP && !bubblewrapInstalled()) {
            throw new IncompleteException(IsolationProof.HOW_TO_FIX);
        }
        try {
            return new ProcessBuilder(command(spec)).directory(spec.writable().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IncompleteException("cannot start the sandboxed training step: " + e.getMessage(), e);
        }
    }

    /**
     * This JVM's class path as real paths, with the {@code Class-Path} of a manifest-only jar (as test runners
     * start JVMs) followed one level: what the child needs to see, and nothing else.
     */
    static List<Path> classPath() {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                continue;
            }
            out.add(realPath(p));
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                out.addAll(manifestClassPath(p));
            }
        }
        return List.copyOf(out);
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> out = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return out;
            }
            for (String entry : cp.trim().split("\\s+")) {
                Path p = Path.of(jar.getParent().toUri().resolve(entry));
                if (Files.exists(p)) {
                    out.add(realPath(p));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IncompleteException("cannot read the class path of " + jar + ": "
                    + (e instanceof IOException io ? org.mlgate.core.IoErrors.reason(io) : e.getMessage()), e);
        }
        return out;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new IncompleteException("cannot resolve " + p + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
    }
}
