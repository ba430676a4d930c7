package org.mlgate.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.core.Digest;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.Tensor;

class CheckpointsTest {
    static final Path BENIGN = Path.of("..", "scan", "src", "test", "resources", "fixtures", "benign", "torch");
    static final Path MALICIOUS = Path.of("..", "scan", "src", "test", "resources", "fixtures", "malicious", "torch");
    static final Path OWN = Path.of("src", "test", "resources", "fixtures");
    static final JsonNode EXPECTED;

    static {
        try {
            EXPECTED = new ObjectMapper().readTree(Path.of("src", "test", "resources", "expected_tensors.json").toFile());
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @TempDir
    Path dir;

    static Stream<String> fixtures() {
        List<String> names = new ArrayList<>();
        EXPECTED.fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    static Path fixture(String name) {
        return Files.exists(OWN.resolve(name)) ? OWN.resolve(name) : BENIGN.resolve(name);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyTensorMatchesTorch(String fixture) throws Exception {
        Path out = dir.resolve("out.safetensors");
        Checkpoints.Result r = Checkpoints.convert(fixture(fixture), out);
        JsonNode expected = EXPECTED.get(fixture);
        Set<String> names = new HashSet<>();
        expected.fieldNames().forEachRemaining(names::add);
        assertThat(r.tensors()).containsExactlyInAnyOrderElementsOf(names);
        try (SafeTensors st = SafeTensors.open(out)) {
            assertThat(st.tensors()).containsExactlyInAnyOrderElementsOf(names);
            assertThat(st.metadata()).containsEntry("format", "pt");
            for (String name : names) {
                JsonNode e = expected.get(name);
                Tensor t = st.tensor(name);
                List<Long> shape = new ArrayList<>();
                e.get("shape").forEach(n -> shape.add(n.asLong()));
                assertThat(t.dtype().name()).as(name).isEqualTo(e.get("dtype").asText());
                assertThat(t.shape()).as(name).isEqualTo(shape);
                assertThat(Digest.sha256(t.toByteArray()).hex()).as(name).isEqualTo(e.get("sha256").asText());
            }
        }
        assertThat(leftovers()).containsExactly("out.safetensors");
    }

    @Test
    void tiedWeightsAreWrittenTwiceAndRecordedAsAlias() throws Exception {
        Path out = dir.resolve("tied.safetensors");
        Checkpoints.convert(BENIGN.resolve("tied_weights.pt"), out);
        try (SafeTensors st = SafeTensors.open(out)) {
            assertThat(st.metadata()).containsEntry("decoder.weight", "alias of encoder.weight");
            assertThat(st.tensor("decoder.weight").toByteArray()).isEqualTo(st.tensor("encoder.weight").toByteArray());
        }
    }

    @Test
    void trainingCheckpointKeepsPlainLeavesAsMetadata() throws Exception {
        Path out = dir.resolve("ckpt.safetensors");
        Checkpoints.convert(BENIGN.resolve("training_checkpoint.pt"), out);
        try (SafeTensors st = SafeTensors.open(out)) {
            Map<String, String> m = st.metadata();
            assertThat(m).containsEntry("args.lr", "0.1").containsEntry("args.arch", "\"mlp\"")
                    .containsEntry("optimizer.param_groups.0.lr", "0.1")
                    .doesNotContainKey("optimizer.param_groups.0.foreach") // None: left out, never "null"
                    .containsEntry("optimizer.param_groups.0.params.0", "0")
                    .containsKey("epoch");
            // Adam's eps 1e-8: decimal text as Python writes JSON, never Java's 1.0E-8
            assertThat(m.values()).noneMatch(v -> v.contains("E-") || v.contains("E+"));
        }
    }

    @Test
    void ownFixtureLeavesAndScalar() throws Exception {
        Path out = dir.resolve("s.safetensors");
        Checkpoints.convert(OWN.resolve("scalars_ints_bools.pt"), out);
        try (SafeTensors st = SafeTensors.open(out)) {
            assertThat(st.metadata()).containsEntry("step", "7").containsEntry("name", "\"run \\\"a\\\"\"")
                    .containsEntry("ok", "true").doesNotContainKey("none").containsEntry("lrs.1", "0.25");
            assertThat(st.tensor("scalar").shape()).isEmpty();
            assertThat(st.tensor("scalar").toFloatArray()).containsExactly(3.5f);
        }
    }

    static Stream<Path> maliciousFixtures() throws IOException {
        try (Stream<Path> s = Files.list(MALICIOUS)) {
            return s.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("maliciousFixtures")
    void maliciousFixturesAreRefusedWithNothingWritten(Path file) throws IOException {
        Path out = dir.resolve("out.safetensors");
        assertThatThrownBy(() -> Checkpoints.convert(file, out)).isInstanceOf(ConversionRefused.class);
        assertThat(leftovers()).isEmpty();
    }

    /** Defence in depth: the reader alone (no scan) refuses the malicious zip fixtures too. */
    @ParameterizedTest
    @MethodSource("maliciousFixtures")
    void readerAloneRefusesMaliciousFixtures(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> CheckpointReader.read(MemorySegment.ofArray(bytes), arena))
                    .isInstanceOf(ConversionRefused.class);
        }
    }

    @Test
    void scanRefusalCarriesTheFindings() {
        assertThatThrownBy(() -> Checkpoints.convert(MALICIOUS.resolve("zip_data_pkl_os_system.pt"),
                dir.resolve("o.safetensors")))
                .isInstanceOfSatisfying(ConversionRefused.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConversionRefused.Reason.SCAN_VERDICT);
                    assertThat(e.findings()).isNotEmpty();
                    assertThat(e.getMessage()).contains("os");
                });
    }

    @Test
    void unknownGlobalIsRefusedNamingItAndItsOffset() throws Exception {
        byte[] bytes = Files.readAllBytes(OWN.resolve("unknown_global.pt"));
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> CheckpointReader.read(MemorySegment.ofArray(bytes), arena))
                    .isInstanceOfSatisfying(ConversionRefused.class, e -> {
                        assertThat(e.reason()).isEqualTo(ConversionRefused.Reason.GLOBAL_NOT_ALLOWED);
                        assertThat(e.global()).isEqualTo("collections.Counter");
                        assertThat(e.offset()).isEqualTo(123); // the GLOBAL opcode in data.pkl
                        assertThat(e.getMessage()).contains("collections.Counter").contains("123");
                    });
        }
        Path out = dir.resolve("u.safetensors");
        assertThatThrownBy(() -> Checkpoints.convert(OWN.resolve("unknown_global.pt"), out))
                .isInstanceOfSatisfying(ConversionRefused.class, // the scanner lets this harmless global pass
                        e -> assertThat(e.global()).isEqualTo("collections.Counter"));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void torchScriptIsRefused() {
        assertThatThrownBy(() -> Checkpoints.convert(BENIGN.resolve("torchscript_mlp.pt"), dir.resolve("x.safetensors")))
                .isInstanceOfSatisfying(ConversionRefused.class, e -> assertThat(e.getMessage()).contains("TorchScript"));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void existingTargetIsUntouchedOnRefusal() throws Exception {
        Path out = dir.resolve("keep.safetensors");
        Files.writeString(out, "old");
        assertThatThrownBy(() -> Checkpoints.convert(OWN.resolve("unknown_global.pt"), out))
                .isInstanceOf(ConversionRefused.class);
        assertThat(Files.readString(out)).isEqualTo("old");
    }

    @Test
    void outputIsDeterministic() throws Exception {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Checkpoints.convert(BENIGN.resolve("views_offset_stride.pt"), a);
        Checkpoints.convert(BENIGN.resolve("views_offset_stride.pt"), b);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    private List<String> leftovers() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
