package org.mlgate.scan;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.scan.testing.ManifestCorpus;

/**
 * The pickle-family fixtures (scan/src/test/fixtures-gen, made with real torch, numpy, joblib and
 * scikit-learn): verdicts and required rules from fixtures/MANIFEST.tsv.
 */
class FixtureCorpusTest {
    @TestFactory
    Stream<DynamicTest> manifest() {
        return ManifestCorpus.tests("fixtures");
    }
}
