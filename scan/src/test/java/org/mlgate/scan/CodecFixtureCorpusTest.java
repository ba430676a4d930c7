package org.mlgate.scan;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlgate.scan.testing.ManifestCorpus;

/**
 * Codecs real loaders accept (scan/src/test/fixtures-gen/codecs): .npz members compressed with bzip2 and
 * LZMA, which numpy.load reads through Python's zipfile; a hostile object array there must be UNSAFE.
 */
class CodecFixtureCorpusTest {
    @TestFactory
    Stream<DynamicTest> manifest() {
        return ManifestCorpus.tests("fixtures-codecs");
    }
}
