package org.mlgate.scan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.mlgate.core.Finding;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;

/**
 * A fixture folder with a MANIFEST.tsv ({@code path, expected verdict, required rules, description}) as one
 * dynamic test per file: the verdict must match, the listed rules must appear, and a SAFE file may carry
 * no finding above INFO that the manifest does not name.
 */
public final class ManifestCorpus {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    private ManifestCorpus() {
    }

    public static Stream<DynamicTest> tests(String resourceDir) {
        return tests(resourceDir, (path, result) -> { });
    }

    /** {@code extra} adds per-corpus checks, given the manifest path and the result. */
    public static Stream<DynamicTest> tests(String resourceDir, BiConsumer<String, FileResult> extra) {
        Path root;
        List<String> rows;
        try {
            URL manifest = ManifestCorpus.class.getResource("/" + resourceDir + "/MANIFEST.tsv");
            if (manifest == null) {
                throw new IllegalStateException("no " + resourceDir + "/MANIFEST.tsv on the test class path");
            }
            root = Path.of(manifest.toURI()).getParent();
            rows = Files.readAllLines(root.resolve("MANIFEST.tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
                assertThat(r.verdict()).as(detail).isEqualTo(expected);
                assertThat(r.findings()).extracting(Finding::ruleId).as(detail).containsAll(rules);
                if (expected == Verdict.SAFE) {
                    assertThat(r.findings()).filteredOn(x -> x.severity().atLeast(Severity.LOW))
                            .extracting(Finding::ruleId).as(detail).allMatch(rules::contains);
                }
                extra.accept(f[0], r);
            }));
        }
        return tests.stream();
    }
}
