package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.sign.bundle.Bundle;
import org.mlgate.sign.bundle.BundleFormatException;
import org.mlgate.sign.bundle.BundleParser;
import org.mlgate.sign.bundle.ModelStatement;
import org.mlgate.sign.bundle.Statement;
import org.mlgate.sign.hash.Manifest;

/**
 * Any bytes as a model-signing bundle, then its payload as a statement and a model-signing predicate: only
 * {@link BundleFormatException} escapes, and what parses is consistent (a payload and a signature exist,
 * resources have distinct names and valid digests, the root digest can be computed).
 */
class BundleParserFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void bundle(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        Bundle b;
        try {
            b = BundleParser.parse(data);
        } catch (BundleFormatException e) {
            return;
        }
        if (b.envelope().payload().length == 0 || b.envelope().signatures().isEmpty()) {
            throw new AssertionError("parsed a bundle without payload or signature");
        }
        try {
            Statement s = Statement.parse(b.envelope().payload());
            if (!s.predicateType().equals(ModelStatement.PREDICATE_V1)
                    && !s.predicateType().equals(ModelStatement.PREDICATE_LEGACY)) {
                return;
            }
            ModelStatement m = ModelStatement.of(s);
            Manifest.rootDigest(m.resources());
            if (m.resources().stream().map(r -> r.name()).distinct().count() != m.resources().size()) {
                throw new AssertionError("duplicate resource names accepted");
            }
        } catch (BundleFormatException e) {
            // expected for malformed statements
        }
    }
}
