package org.mlgate.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mlgate.guard.eval.GuardTrainer;
import org.mlgate.guard.eval.PromptCorpus;
import org.mlgate.guard.model.GuardModel;

/**
 * The shipped model is what {@code mlgate guard train --data ../shared/datasets/prompts --data guard/data/prompts
 * --seed 42} writes.
 */
class ModelReproducibilityTest {
    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final Path PROMPTS = Path.of("../../shared/datasets/prompts").toAbsolutePath().normalize();
    /** mlgate's own prompts (ordinary instructions, hard negatives, injections), in this repository. */
    static final Path OWN = Path.of("data/prompts").toAbsolutePath().normalize();

    @Test
    void builtInModelIsReproducedBitForBit() throws IOException {
        assumeTrue(Files.isDirectory(PROMPTS), "../shared/datasets/prompts absent");
        byte[] shipped;
        try (InputStream in = GuardModel.class.getResourceAsStream(GuardModel.RESOURCE)) {
            shipped = in.readAllBytes();
        }
        PromptCorpus corpus = PromptCorpus.read(java.util.List.of(PROMPTS, OWN));
        byte[] again = GuardTrainer.train(corpus, GuardTrainer.DEFAULT_SEED).toBytes();
        assertThat(sha256(again)).as("retrained model vs the shipped resource").isEqualTo(sha256(shipped));
        // Another seed gives another classifier (the seed is really used), same thresholds' format.
        byte[] other = GuardTrainer.train(corpus, 7).toBytes();
        assertThat(sha256(other)).isNotEqualTo(sha256(shipped));
        assertThat(GuardModel.builtIn().training()).containsEntry("seed", "42")
                .containsEntry("corpus_sha256", corpus.digest());
    }
}
