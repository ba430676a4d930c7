package org.mlgate.scan.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;

/**
 * The GGUF fixtures (written by scan/src/test/fixtures-gen/gguf): each file's verdict and required rules
 * from fixtures-gguf/MANIFEST.tsv; every file is detected as GGUF, and broken ones fail as malformed.
 */
class GgufFixtureCorpusTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    @TestFactory
    Stream<DynamicTest> manifest() throws IOException, URISyntaxException {
        Path root = Path.of(GgufFixtureCorpusTest.class.getResource("/fixtures-gguf/MANIFEST.tsv").toURI())
                .getParent();
        List<String> rows = Files.readAllLines(root.resolve("MANIFEST.tsv"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            String[] f = row.split("\t");
            Verdict expected = Verdict.valueOf(f[1]);
            List<String> rules = f[2].equals("-") ? List.of() : Arrays.asList(f[2].split(","));
            tests.add(DynamicTest.dynamicTest(f[0] + " -> " + f[1], () -> {
                FileResult r = SCANNER.scanFile(root.resolve(f[0]), f[0]);
                String detail = r.verdict() + " " + r.format() + " " + r.findings() + " " + r.problems();
                assertThat(r.format()).as(detail).isEqualTo("gguf");
                assertThat(r.verdict()).as(detail).isEqualTo(expected);
                assertThat(r.findings()).extracting(Finding::ruleId).as(detail).containsAll(rules);
                if (expected == Verdict.SAFE) {
                    assertThat(r.problems()).as(detail).isEmpty();
                    assertThat(r.findings()).filteredOn(x -> x.severity().atLeast(Severity.LOW))
                            .extracting(Finding::ruleId).as(detail).allMatch(rules::contains);
                }
                if (f[0].startsWith("broken/")) {
                    assertThat(r.problems()).as(detail).extracting(Problem::kind).containsOnly(Problem.Kind.MALFORMED);
                    assertThat(r.problems()).as(detail).isNotEmpty();
                }
            }));
        }
        return tests.stream();
    }
}
