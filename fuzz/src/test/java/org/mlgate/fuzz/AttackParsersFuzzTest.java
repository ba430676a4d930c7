package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.mlgate.core.FileTrees;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.attack.oracle.Answer;
import org.mlgate.attack.oracle.FeatureRanges;
import org.mlgate.attack.oracle.HttpOracle;

/**
 * What the red team reads from outside: a served model's prediction answers (the server is what is under test)
 * and the attacker's {@code --features} file. Answers may only be refused with {@link IncompleteException}, and
 * accepted ones carry a label among the classes and probabilities in [0, 1]; a features file may only be refused
 * with a {@link UsageException} naming it, and accepted ranges are ordered.
 */
class AttackParsersFuzzTest {
    private static final URI URL = URI.create("http://127.0.0.1:1/v1/models/fraud:predict");
    private static final List<String> CLASSES = List.of("0", "1", "review");
    private static final Path DIR = FuzzFiles.tempDir("mlgate-attack-fuzz-");

    @AfterAll
    static void removeTempDir() throws IOException {
        FileTrees.delete(DIR);
    }

    @FuzzTest(maxDuration = "2m")
    void answers(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        // The number of rows asked for comes from the request; the first byte stands for it, the rest is the body.
        int expected = data.length == 0 ? 1 : 1 + (data[0] & 3);
        byte[] body = data.length == 0 ? data : java.util.Arrays.copyOfRange(data, 1, data.length);
        List<Answer> answers = FuzzFiles.readOrRefused(() -> HttpOracle.parse(URL, CLASSES, body, expected),
                URL.toString(), IncompleteException.class);
        if (answers == null) {
            return;
        }
        if (answers.size() != expected) {
            throw new AssertionError(answers.size() + " answers for " + expected + " rows");
        }
        for (Answer a : answers) {
            if (!CLASSES.contains(a.label())) {
                throw new AssertionError("label " + a.label());
            }
            if (a.probabilities() != null) {
                for (double p : a.probabilities()) {
                    if (!(p >= 0 && p <= 1)) {
                        throw new AssertionError("probability " + p);
                    }
                }
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void featureRanges(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        Path f = FuzzFiles.write(DIR.resolve("features.json"), data);
        FeatureRanges r = FuzzFiles.readOrRefused(() -> FeatureRanges.read(f), "features.json", UsageException.class);
        if (r == null) {
            return;
        }
        for (var feature : r.features().values()) {
            if (feature instanceof org.mlgate.train.data.Feature.Numeric n && !(n.min() <= n.max())) {
                throw new AssertionError("range " + n);
            }
        }
    }
}
