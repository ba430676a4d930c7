package org.mlgate.scan.keras;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.scan.testing.ManifestCorpus;

/**
 * The Keras fixtures (scan/src/test/fixtures-gen/keras, in the shapes Keras 2 and 3 write): verdicts and
 * required rules from fixtures-keras/MANIFEST.tsv.
 */
class KerasFixtureCorpusTest {
    @TestFactory
    Stream<DynamicTest> manifest() {
        return ManifestCorpus.tests("fixtures-keras");
    }
}
