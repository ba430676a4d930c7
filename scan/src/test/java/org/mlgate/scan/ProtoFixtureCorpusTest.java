package org.mlgate.scan;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.scan.testing.ManifestCorpus;

/**
 * The ONNX and TensorFlow fixtures (scan/src/test/fixtures-gen/proto): verdicts and required rules from
 * fixtures-proto/MANIFEST.tsv.
 */
class ProtoFixtureCorpusTest {
    @TestFactory
    Stream<DynamicTest> manifest() {
        return ManifestCorpus.tests("fixtures-proto");
    }
}
