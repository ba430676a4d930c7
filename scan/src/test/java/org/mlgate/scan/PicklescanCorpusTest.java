package org.mlgate.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.core.Verdict;
import org.mlgate.scan.testing.SharedData;

/**
 * The picklescan corpus: every malicious file UNSAFE, every benign file SAFE, except the benign files whose
 * name claims a model format their bytes are not (a PNG saved as {@code .pt}, 7 junk bytes as {@code .bin}):
 * a loader would try them, so they are ERROR ("claims X, is not X"), never SAFE and never UNSAFE.
 */
class PicklescanCorpusTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();
    private static final java.util.Set<String> CLAIMS_ONLY = java.util.Set.of("data/bad_pytorch.pt",
            "data/not_a_pickle.bin");

    @TestFactory
    Stream<DynamicTest> labelledFiles() throws IOException {
        var dir = SharedData.resolve("corpora/picklescan");
        Assumptions.assumeTrue(dir.isPresent(), "shared/corpora/picklescan is absent");
        List<String> rows = Files.readAllLines(dir.get().resolve("LABELS.tsv"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t");
            Path file = dir.get().resolve(f[0]);
            boolean malicious = f[1].equals("malicious");
            tests.add(DynamicTest.dynamicTest(f[0] + " is " + f[1], () -> {
                FileResult r = SCANNER.scanFile(file, f[0]);
                String detail = r.verdict() + " " + r.format() + " " + r.findings() + " " + r.problems();
                if (malicious) {
                    assertThat(r.verdict()).as(detail).isEqualTo(Verdict.UNSAFE);
                } else if (CLAIMS_ONLY.contains(f[0])) {
                    assertThat(r.verdict()).as(detail).isEqualTo(Verdict.ERROR);
                    assertThat(r.problems()).singleElement().extracting(p -> p.message()).asString()
                            .contains("claims a PyTorch checkpoint");
                } else {
                    assertThat(r.verdict()).as(detail).isEqualTo(Verdict.SAFE);
                }
            }));
        }
        return tests.stream();
    }
}
