package org.mlgate.scan.keras;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;

class KerasHandlerTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    private static byte[] keras(String config) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("metadata.json"));
            z.write("{\"keras_version\": \"3.8.0\"}".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(config.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static FileResult scanKeras(String config) throws IOException {
        return SCANNER.scanBytes("m.keras", keras(config));
    }

    private static String sequential(String layer) {
        return "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + layer + "]}, \"registered_name\": null}";
    }

    @Test
    void kerasArchiveIsRecognisedAndItsConfigWalked() throws IOException {
        FileResult r = scanKeras(sequential("{\"module\": \"keras.layers\", \"class_name\": \"Dense\", "
                + "\"config\": {\"units\": 2, \"activation\": \"relu\"}, \"registered_name\": null}"));
        assertThat(r.format()).isEqualTo("keras");
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void moduleOsClassSystem_isDangerousModuleAtItsOffset() throws IOException {
        String layer = "{\"module\": \"os\", \"class_name\": \"system\", \"config\": {}}";
        String config = sequential(layer);
        FileResult r = scanKeras(config);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-KERAS-003");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.location().offset()).isEqualTo(config.indexOf(layer));
            assertThat(f.location().at()).isEqualTo("$.config.layers[0]");
            assertThat(f.message()).contains("os.system").contains("safe_mode does not prevent");
        });
    }

    @Test
    void customModuleIsHighAndRegisteredPackageToo() throws IOException {
        FileResult r = scanKeras(sequential("{\"module\": \"my_pkg\", \"class_name\": \"Evil\", \"config\": {}},"
                + "{\"class_name\": \"Mine\", \"config\": {}, \"registered_name\": \"Custom>Mine\"}"));
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("MLG-KERAS-002", "MLG-KERAS-002");
        assertThat(r.findings()).extracting(f -> f.location().at())
                .containsExactly("$.config.layers[0]", "$.config.layers[1]");
    }

    @Test
    void plainBuiltinsAndKerasInternalsAreFine() throws IOException {
        FileResult r = scanKeras(sequential("{\"module\": \"builtins\", \"class_name\": \"tuple\", \"config\": {}},"
                + "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": {},"
                + " \"registered_name\": \"Functional\"}"));
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void builtinsEvalIsDenied() throws IOException {
        FileResult r = scanKeras(sequential("{\"module\": \"builtins\", \"class_name\": \"eval\", \"config\": {}}"));
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("MLG-KERAS-003");
    }

    @Test
    void keras2LambdaCodeAndReference() throws IOException {
        FileResult code = scanKeras(sequential("{\"class_name\": \"Lambda\", \"config\": {\"function\": "
                + "[\"4wEAAAAAAAAA\", null, null], \"function_type\": \"lambda\", \"module\": \"__main__\"}}"));
        assertThat(code.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-KERAS-001");
            assertThat(f.location().at()).isEqualTo("$.config.layers[0].config.function");
        });
        FileResult ref = scanKeras(sequential("{\"class_name\": \"Lambda\", \"config\": {\"function\": \"scale\", "
                + "\"function_type\": \"function\", \"module\": \"helpers\"}}"));
        assertThat(ref.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-KERAS-004");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).contains("helpers.scale");
        });
    }

    @Test
    void keras3LambdaReferenceToKerasIsOnlyInfo() throws IOException {
        FileResult r = scanKeras(sequential("{\"module\": \"keras.layers\", \"class_name\": \"Lambda\", \"config\": "
                + "{\"function\": {\"module\": \"keras.activations\", \"class_name\": \"function\", \"config\": "
                + "\"relu\", \"registered_name\": \"function\"}}}"));
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-KERAS-004");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
    }

    @Test
    void serialisedLambdaAnywhereIsCode() throws IOException {
        FileResult r = scanKeras(sequential("{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": "
                + "{\"activation\": {\"class_name\": \"__lambda__\", \"config\": {\"code\": \"4wEA\"}}}}"));
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("MLG-KERAS-001");
    }

    @Test
    void duplicateKeysAreJudgedByTheLastLikePython() throws IOException {
        FileResult r = scanKeras("{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"module\": \"keras\","
                + " \"module\": \"subprocess\", \"class_name\": \"Popen\", \"config\": {}}]}}");
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("MLG-KERAS-003");
    }

    @Test
    void archiveConfigIsWalkedEvenWhenItsHeadDoesNotLookLikeKeras() throws IOException {
        // class_name only after 4 KiB: the content sniff misses it, the archive layout does not
        String config = "{\"pad\": \"" + "x".repeat(5000) + "\", \"module\": \"subprocess\", "
                + "\"class_name\": \"Popen\", \"config\": {}}";
        FileResult r = scanKeras(config);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-KERAS-003");
            assertThat(f.location().offset()).isZero();
            assertThat(f.location().members()).containsExactly("config.json");
        });
    }

    @Test
    void keras_config_truncated_isMalformed() throws IOException {
        FileResult r = scanKeras("{\"class_name\": \"Sequential\", \"config\": {");
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("invalid JSON");
        });
    }

    @Test
    void keras_config_trailing_data_isMalformed() throws IOException {
        FileResult r = scanKeras("{\"class_name\": \"S\", \"config\": {}} {}");
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("data after"));
    }

    @Test
    void keras_config_too_deep_isBudget() throws IOException {
        String deep = "[".repeat(JsonTree.MAX_DEPTH + 10) + "]".repeat(JsonTree.MAX_DEPTH + 10);
        FileResult r = scanKeras("{\"class_name\": \"S\", \"config\": " + deep + "}");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET);
            assertThat(p.message()).contains("nesting");
        });
    }

    @Test
    void keras_config_not_an_object_isMalformed() throws IOException {
        FileResult r = scanKeras("[1, 2]");
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("not a JSON object"));
    }

    @Test
    void standaloneModelJsonIsRecognisedByContent() {
        FileResult r = SCANNER.scanBytes("model", ("  {\"class_name\": \"Sequential\", \"config\": {\"layers\": "
                + "[{\"module\": \"os\", \"class_name\": \"system\", \"config\": {}}]}}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.format()).isEqualTo("keras-config");
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void h5_user_block_with_a_pickle_is_scanned_too() throws IOException {
        Path root = Path.of("src/test/resources/fixtures-keras/benign/sequential_userblock.h5");
        byte[] file = Files.readAllBytes(root);
        byte[] pickle = "cos\nsystem\n(S'echo'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(pickle, 0, file, 0, pickle.length);
        FileResult r = SCANNER.scanBytes("m.h5", file);
        assertThat(r.format()).isEqualTo("keras-h5");
        assertThat(r.findings()).extracting(Finding::ruleId).contains("MLG-PKL-001");
    }

    @Test
    void h5_signature_without_structure_isMalformed() {
        byte[] file = new byte[256];
        System.arraycopy(Hdf5Handler.SIGNATURE, 0, file, 0, 8);
        FileResult r = SCANNER.scanBytes("m.h5", file);
        assertThat(r.format()).isEqualTo("hdf5");
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).startsWith("HDF5 structure cannot be read");
        });
    }

    @Test
    void h5LambdaFindingNamesTheAttributeAndJsonOffset() throws IOException {
        byte[] file = Files.readAllBytes(Path.of("src/test/resources/fixtures-keras/malicious/lambda_marshal.h5"));
        FileResult r = SCANNER.scanBytes("m.h5", file);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-KERAS-001");
            assertThat(f.location().at()).isEqualTo("attribute model_config $.config.layers[2].config.function");
            assertThat(f.message()).contains("JSON offset");
        });
    }
}
