package org.mlgate.scan;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.scan.testing.ManifestCorpus;

/**
 * 7z archives made by /usr/bin/7z with PPMd members (scan/src/test/fixtures-gen/sevenz): a hostile pickle
 * inside must be UNSAFE, a benign one SAFE, a cut stream or an over-budget model ERROR.
 */
class SevenZipFixtureCorpusTest {
    @TestFactory
    Stream<DynamicTest> manifest() {
        return ManifestCorpus.tests("fixtures-7z");
    }
}
