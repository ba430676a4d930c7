package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.sandbox.Sandbox;

/**
 * {@code mlgate train} as a separate process: SIGTERM during training leaves nothing (no model folder, no staging
 * folder, no worker still running); a {@code bwrap} and an {@code unshare} planted on {@code PATH} are never run;
 * an unreachable lineage store is refused before the data is read.
 */
class TrainProcessTest {
    @TempDir
    Path tmp;

    private Path fraud() {
        Path data = tmp.resolve("fraud.csv");
        Cli.Result r = Cli.run("data", "fraud", "--rows", "3000", "--seed", "11", "--out", data.toString(),
                "--schema-out", tmp.resolve("fraud-schema.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        return data;
    }

    private ProcessBuilder mlgate(Map<String, String> env, String... args) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        c.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(c);
        pb.environment().put("MLGATE_HOME", tmp.resolve("home").toString());
        pb.environment().putAll(env);
        return pb;
    }

    private List<String> leftovers() throws Exception {
        try (Stream<Path> l = Files.list(tmp)) {
            return l.map(p -> p.getFileName().toString()).filter(n -> n.contains("staging") || n.equals("model"))
                    .toList();
        }
    }

    @Test
    void sigtermDuringTrainingLeavesNothing() throws Exception {
        Path data = fraud();
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--schema",
                tmp.resolve("fraud-schema.json").toString(), "--epochs", "100000", "--out",
                tmp.resolve("model").toString()));
        if (!Sandbox.bubblewrapInstalled()) {
            args.add("--no-sandbox");
        }
        Process p = mlgate(Map.of(), args.toArray(String[]::new)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null && !line.startsWith("epoch ")) {
                // wait until the worker is training
            }
            assertThat(line).as("the worker reported progress").isNotNull();
            assertThat(leftovers()).anyMatch(n -> n.contains("staging"));
            List<ProcessHandle> children = p.descendants().toList();
            assertThat(children).isNotEmpty();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle c : children) {
                c.onExit().get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void bwrapAndUnsharePlantedOnPathAreNeverRun() throws Exception {
        Assumptions.assumeTrue(Sandbox.bubblewrapInstalled(), "/usr/bin/bwrap absent; test skipped");
        Path data = fraud();
        Path bin = Files.createDirectories(tmp.resolve("planted"));
        Path marker = tmp.resolve("planted-ran");
        for (String tool : List.of("bwrap", "unshare")) {
            Path f = bin.resolve(tool);
            // what an attacker plants: run without isolation, and leave a trace for this test
            Files.writeString(f, "#!/bin/sh\necho " + tool + " >> '" + marker + "'\nshift $#\nexit 0\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Process p = mlgate(Map.of("PATH", bin + ":" + System.getenv("PATH")), "train", "--data", data.toString(),
                "--schema", tmp.resolve("fraud-schema.json").toString(), "--epochs", "1", "--out",
                tmp.resolve("m").toString(), "--format", "json").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(marker).doesNotExist();
        assertThat(new ObjectMapper().readTree(out).at("/sandbox").asText()).isEqualTo("bubblewrap");
    }

    @Test
    void anUnreachableLineageStoreIsRefusedBeforeTheDataIsRead() throws Exception {
        Path broken = tmp.resolve("broken.csv");
        Files.writeString(broken, "a,b\n1\n");
        fraud();
        Cli.Result r = Cli.run(Map.of("MLGATE_HOME", tmp.resolve("home").toString()), "train", "--data",
                broken.toString(), "--schema", tmp.resolve("fraud-schema.json").toString(), "--db",
                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "--no-sandbox", "--out", tmp.resolve("m").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("lineage store").doesNotContain("broken.csv:");
        assertThat(tmp.resolve("m")).doesNotExist();
    }
}
