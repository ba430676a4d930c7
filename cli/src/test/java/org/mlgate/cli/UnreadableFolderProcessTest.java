package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder scan with an unreadable subfolder, run as an unprivileged user (root reads everything; setpriv drops to
 * nobody): the subfolder is an ERROR entry saying "permission denied", the rest is still judged.
 */
class UnreadableFolderProcessTest {
    @TempDir
    Path tmp;

    /** The test class path (in root's home, unreadable to nobody) copied where nobody can read it. */
    private static String readableCopyOfClassPath(Path cp) throws java.io.IOException {
        List<String> entries = new java.util.ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(e);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = cp.resolve(i++ + "-" + src.getFileName());
            try (var w = Files.walk(src)) {
                for (Path f : w.toList()) {
                    Path d = dst.resolve(src.relativize(f).toString());
                    Files.copy(f, d);
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(Files.isDirectory(d)
                            ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            entries.add(dst.toString());
        }
        Files.setPosixFilePermissions(cp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return String.join(java.io.File.pathSeparator, entries);
    }

    @Test
    void anUnreadableSubfolderIsAnErrorEntryWithItsCause() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assumptions.assumeTrue(Files.isExecutable(setpriv) && "root".equals(System.getProperty("user.name")),
                "needs root and setpriv to run the scan as nobody");
        Path m = Files.createDirectories(tmp.resolve("m"));
        Files.copy(MainTest.CONVERT_FIXTURES.resolve("legacy_mlp.pt"), m.resolve("model.pt"));
        Path sub = Files.createDirectory(m.resolve("sub"));
        Files.copy(MainTest.CONVERT_FIXTURES.resolve("np_f32.npy"), sub.resolve("a.npy"));
        for (Path p : List.of(tmp, m, m.resolve("model.pt"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                    : "rw-r--r--"));
        }
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("---------"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = readableCopyOfClassPath(Files.createDirectory(tmp.resolve("cp")));
        Process p = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                java.toString(), "-cp", classPath, Main.class.getName(), "scan",
                "--format", "json", "--no-progress", m.toString()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(err).doesNotContain("internal error");
        assertThat(p.exitValue()).as(err).isEqualTo(3);
        assertThat(out).contains("cannot list folder: permission denied").contains("\"SAFE\"");
    }
}
