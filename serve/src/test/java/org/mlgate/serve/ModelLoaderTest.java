package org.mlgate.serve;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlgate.core.PolicyException;
import org.mlgate.gate.Admission;

/** What the package read must be what the gate admitted, file by file (a swap between the two reads is refused). */
class ModelLoaderTest {
    static final Path DIR = Path.of("fraud");

    private static Admission admitted(Map<String, String> files) {
        return new Admission(DIR, null, new Admission.Evidence.SignatureOnly(), files.entrySet().stream()
                .map(e -> new Admission.AdmittedFile(e.getKey(), e.getValue(), null)).toList());
    }

    @Test
    void everyFileReadMatchesItsAdmittedDigest() {
        Map<String, String> read = Map.of("model.safetensors", "aa", "model-card.json", "bb", "schema.json", "cc",
                "provenance.json", "dd");
        assertThatCode(() -> ModelLoader.requireAdmitted(DIR, admitted(read), read)).doesNotThrowAnyException();
    }

    @Test
    void aCardSwappedAfterVerificationIsRefused() {
        Map<String, String> signed = Map.of("model.safetensors", "aa", "model-card.json", "bb", "schema.json", "cc",
                "provenance.json", "dd");
        Map<String, String> read = Map.of("model.safetensors", "aa", "model-card.json", "ee", "schema.json", "cc",
                "provenance.json", "dd");
        assertThatThrownBy(() -> ModelLoader.requireAdmitted(DIR, admitted(signed), read))
                .isInstanceOf(PolicyException.class).hasMessageContaining("model-card.json changed after it was verified")
                .hasMessageContaining("sha256 ee, admitted bb");
    }

    @Test
    void aFileReadButNotSignedIsRefused() {
        Map<String, String> signed = Map.of("model.safetensors", "aa");
        Map<String, String> read = Map.of("model.safetensors", "aa", "schema.json", "cc");
        assertThatThrownBy(() -> ModelLoader.requireAdmitted(DIR, admitted(signed), read))
                .isInstanceOf(PolicyException.class).hasMessageContaining("schema.json is not signed");
    }
}
