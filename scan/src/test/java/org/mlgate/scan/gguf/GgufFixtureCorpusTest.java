package org.mlgate.scan.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.core.Problem;
import org.mlgate.core.Verdict;
import org.mlgate.scan.testing.ManifestCorpus;

/**
 * The GGUF fixtures (scan/src/test/fixtures-gen/gguf): verdicts and required rules from
 * fixtures-gguf/MANIFEST.tsv; every file is detected as GGUF, and broken ones fail as malformed.
 */
class GgufFixtureCorpusTest {
    @TestFactory
    Stream<DynamicTest> manifest() {
        return ManifestCorpus.tests("fixtures-gguf", (path, r) -> {
            String detail = r.format() + " " + r.findings() + " " + r.problems();
            assertThat(r.format()).as(detail).isEqualTo("gguf");
            if (r.verdict() == Verdict.SAFE) {
                assertThat(r.problems()).as(detail).isEmpty();
            }
            if (path.startsWith("broken/")) {
                assertThat(r.problems()).as(detail).isNotEmpty().extracting(Problem::kind)
                        .containsOnly(Problem.Kind.MALFORMED);
            }
        });
    }
}
