package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./mlgate} reached through symbolic links (relative, chained) still finds its repository: it runs
 * the jar beside the real script, not beside the link. Runs a copy of the real script in a scratch repository whose
 * cached "java" is a stub that prints its arguments, so nothing is built.
 */
class LauncherSymlinkTest {
    @TempDir
    Path tmp;

    @Test
    void aSymlinkedLauncherRunsTheJarOfItsRepository() throws Exception {
        Path script = Path.of("..", "mlgate").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(script) && Files.isExecutable(Path.of("/bin/bash")), "launcher and bash");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path launcher = repo.resolve("mlgate");
        Files.copy(script, launcher);
        executable(launcher);
        Path jar = Files.createDirectories(repo.resolve("cli/target")).resolve("mlgate.jar");
        Files.writeString(jar, "not a real jar: the stub java never opens it");
        Path stub = tmp.resolve("stub-java");
        Files.writeString(stub, "#!/bin/sh\nprintf '%s\\n' \"$*\"\n");
        executable(stub);
        Files.createDirectories(repo.resolve(".mlgate"));
        Files.writeString(repo.resolve(".mlgate/java"), stub + "\n");
        Path aot = repo.resolve(".mlgate/mlgate.aot"); // a start-up cache newer than the jar: none is recorded
        Files.writeString(aot, "stub");
        Files.setLastModifiedTime(aot, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("mlgate"), Path.of("../repo/mlgate")); // relative
        Path other = Files.createDirectories(tmp.resolve("elsewhere"));
        Path chained = Files.createSymbolicLink(other.resolve("mg"), link); // a link to the link

        for (Path entry : new Path[] {launcher, link, chained}) {
            Process p = new ProcessBuilder("/bin/bash", entry.toString(), "--version").directory(other.toFile())
                    .redirectErrorStream(false).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s: %s", entry, err).isZero();
            assertThat(out).as(entry.toString()).contains("-jar " + jar.toRealPath()).contains("--version");
            assertThat(err).as(entry.toString()).doesNotContain("building");
        }
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
