package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README runs top to bottom: every shell block of README.md and of each module's README.md, in order, in a fresh
 * folder per README ({@link ReadmeRunner}), failing on the first block whose exit code is not the one its markers
 * expect ({@link ReadmeBlocks}). Slow blocks run with {@code -Dmlgate.readme.slow=true} (or
 * {@code MLGATE_README_SLOW=1}); every skipped block is listed on standard output with why. One README only:
 * {@code -Dmlgate.readme.only=README.md}.
 */
class ReadmeTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    /** Per block; the slowest non-slow block (DP training on the fraud set) takes well under a minute. */
    static final long BLOCK_TIMEOUT_SECONDS = 600;

    @TempDir
    Path tmp;

    static boolean slow() {
        return Boolean.getBoolean("mlgate.readme.slow") || "1".equals(System.getenv("MLGATE_README_SLOW"));
    }

    static List<Path> readmes() throws Exception {
        List<Path> out = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> dirs = Files.list(REPO)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isRegularFile(d.resolve("README.md")))
                    .sorted().forEach(d -> out.add(d.resolve("README.md")));
        }
        String only = System.getProperty("mlgate.readme.only");
        return only == null || only.isBlank() ? out : out.stream().filter(p -> REPO.relativize(p).toString().equals(only))
                .toList();
    }

    @Test
    void everyReadmeRunsTopToBottom() throws Exception {
        List<String> report = new ArrayList<>();
        ReadmeRunner.Outcome failure = null;
        int ran = 0;
        for (Path readme : readmes()) {
            String name = REPO.relativize(readme).toString();
            ReadmeBlocks blocks = ReadmeBlocks.parse(name, Files.readString(readme));
            if (blocks.blocks().isEmpty()) {
                continue;
            }
            Path folder = Files.createDirectories(tmp.resolve(name.replace('/', '_')));
            for (ReadmeRunner.Outcome o : new ReadmeRunner(REPO, folder, slow(), BLOCK_TIMEOUT_SECONDS).run(blocks)) {
                report.add(o.line());
                ran += o.status().equals("OK") ? 1 : 0;
                if (o.failed() && failure == null) {
                    failure = o;
                }
            }
        }
        System.out.println("README blocks:\n  " + String.join("\n  ", report));
        if (failure != null) {
            throw new AssertionError("the README does not run top to bottom: block at " + failure.block().where()
                    + " exited " + failure.exit() + ", expected " + failure.block().expectedExit() + "\n--- block:\n"
                    + failure.block().script() + "--- last output:\n" + failure.log() + "\n--- all blocks:\n  "
                    + String.join("\n  ", report));
        }
        assertThat(ran).as("blocks run").isPositive();
    }

    /** The test command README.md states is the one CI runs. */
    @Test
    void readmeTestCommandIsWhatCiRuns() throws Exception {
        List<String> ci = Files.readAllLines(REPO.resolve(".ci/run")).stream().map(String::strip)
                .filter(l -> l.startsWith("./mvnw")).toList();
        assertThat(ci).containsExactly("./mvnw -B verify");
        ReadmeBlocks readme = ReadmeBlocks.parse("README.md", Files.readString(REPO.resolve("README.md")));
        assertThat(readme.blocks()).anySatisfy(b -> {
            assertThat(b.script().lines().map(l -> l.replaceAll("#.*", "").strip())).contains(ci.getFirst());
            assertThat(b.skipReason()).isNotNull();
        });
    }

    @Test
    void markersAreReadAndMisspeltOnesRefused() {
        String md = """
                text
                <!-- expect-exit: 1 -->
                ```sh
                false
                ```
                <!-- slow -->
                <!-- skip: needs a GPU -->
                ```bash
                echo hi
                ```
                ```java
                ```sh inside another fence is not a block
                ```
                ```shell
                true
                ```
                ```json
                {}
                ```
                """;
        List<ReadmeBlocks.Block> b = ReadmeBlocks.parse("x.md", md).blocks();
        assertThat(b).hasSize(3);
        assertThat(b.get(0).expectedExit()).isEqualTo(1);
        assertThat(b.get(0).line()).as("the opening fence").isEqualTo(3);
        assertThat(b.get(1).slow()).isTrue();
        assertThat(b.get(1).skipReason()).isEqualTo("needs a GPU");
        assertThat(b.get(2).script()).isEqualTo("true\n");
        assertThat(b.get(2).expectedExit()).isZero();
        assertThatThrownBy(() -> ReadmeBlocks.parse("y.md", "<!-- expect-exit 1 -->\n```sh\nfalse\n```\n"))
                .hasMessageContaining("y.md:1").hasMessageContaining("not a marker");
        assertThatThrownBy(() -> ReadmeBlocks.parse("z.md", "```sh\ntrue\n")).hasMessageContaining("never closed");
    }

    /** The runner fails on a wrong exit code either way, stops there, and carries files from block to block. */
    @Test
    void runnerCatchesWrongExitCodes() throws Exception {
        String md = """
                ```sh
                echo made > file.txt
                ./mlgate --version
                ```
                ```sh
                grep -q made file.txt
                test -d samples && test -x ./mlgate && test -n "$MLGATE_HOME"
                ```
                <!-- expect-exit: 2 -->
                ```sh
                ./mlgate nosuchcommand
                ```
                <!-- expect-exit: 1 -->
                ```sh
                true
                ```
                ```sh
                echo never
                ```
                """;
        List<ReadmeRunner.Outcome> o = new ReadmeRunner(REPO, tmp, false, 120).run(ReadmeBlocks.parse("t.md", md));
        assertThat(o).extracting(ReadmeRunner.Outcome::status)
                .containsExactly("OK", "OK", "OK", "FAILED", "NOT RUN");
        assertThat(o.get(3).exit()).isZero();
        List<ReadmeRunner.Outcome> p = new ReadmeRunner(REPO, tmp.resolve("again"), false, 120)
                .run(ReadmeBlocks.parse("u.md", "```sh\nfalse\necho not reached\n```\n"));
        assertThat(p.getFirst().failed()).isTrue();
        assertThat(p.getFirst().log()).doesNotContain("not reached");
    }
}
