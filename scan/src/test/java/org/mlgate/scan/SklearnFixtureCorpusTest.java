package org.mlgate.scan;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.scan.testing.ManifestCorpus;

/**
 * Every estimator of Debian scikit-learn's all_estimators(), fitted on 40x4 and saved with joblib
 * (scan/src/test/fixtures-gen/sklearn): ordinary models, so every one must be SAFE with no finding above
 * INFO (the profile covers what they import).
 */
class SklearnFixtureCorpusTest {
    @TestFactory
    Stream<DynamicTest> manifest() {
        return ManifestCorpus.tests("fixtures-sklearn");
    }
}
