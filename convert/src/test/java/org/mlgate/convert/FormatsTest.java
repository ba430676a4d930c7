package org.mlgate.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.tensors.SafeTensors;

/** Legacy PyTorch, NumPy and sharded checkpoints: what converts, and negative fixtures named by defect. */
class FormatsTest {
    static final Path OWN = CheckpointsTest.OWN;
    static final Path SHARDED = OWN.resolve("sharded");
    static final Path SCAN_FIXTURES = Path.of("..", "scan", "src", "test", "resources", "fixtures");
    static final Path PICKLESCAN = Path.of("..", "..", "shared", "corpora", "picklescan");

    @TempDir
    Path dir;

    // ---- legacy PyTorch ----

    @Test
    void legacyTrainingCheckpointKeepsOptimizerStateAndLeaves() throws Exception {
        Path out = dir.resolve("t.safetensors");
        Checkpoints.Result r = Checkpoints.convert(OWN.resolve("legacy_training_checkpoint.pt"), out);
        assertThat(r.files().getFirst().from()).isEqualTo(CheckpointReader.Format.PYTORCH_LEGACY);
        assertThat(r.tensors()).contains("model.0.weight", "optimizer.state.0.exp_avg", "optimizer.state.0.step");
        try (SafeTensors st = SafeTensors.open(out)) {
            assertThat(st.metadata()).containsEntry("epoch", "3").containsEntry("lr", "0.01")
                    .containsEntry("format", "pt");
        }
    }

    @Test
    void legacyTiedWeightIsAnAlias() throws Exception {
        Path out = dir.resolve("m.safetensors");
        Checkpoints.convert(OWN.resolve("legacy_mlp.pt"), out);
        try (SafeTensors st = SafeTensors.open(out)) {
            assertThat(st.metadata()).containsEntry("tied", "alias of fc.weight");
            assertThat(st.tensor("tied").toFloatArray()).containsExactly(st.tensor("fc.weight").toFloatArray());
        }
    }

    @Test
    void legacyWithTrailingBytesIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("legacy_mlp.pt"));
        assertRefused(concat(b, new byte[] {1, 2, 3}), "3 bytes after the last storage");
    }

    @Test
    void legacyTruncatedInStoragesIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("legacy_mlp.pt"));
        assertRefused(Arrays.copyOf(b, b.length - 5), "storage");
    }

    @Test
    void legacyStorageWithWrongElementCountIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("legacy_mlp.pt"));
        int first = dataRegionStart(b);
        ByteBuffer.wrap(b, first, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(first, 999_999);
        assertRefused(b, "records 999999 elements");
    }

    @Test
    void legacyBigEndianSysInfoIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("legacy_mlp.pt"));
        int at = indexOf(b, "little_endian".getBytes(StandardCharsets.US_ASCII));
        int value = at + "little_endian".length();
        while (b[value] != (byte) 0x88) { // NEWTRUE after the key's memo opcode
            value++;
        }
        b[value] = (byte) 0x89;
        assertRefused(b, "big-endian");
    }

    @Test
    void picklesHandedBackAreTheBytesInterpreted() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("legacy_mlp.pt"));
        try (Arena arena = Arena.ofConfined()) {
            CheckpointReader.Checkpoint cp = CheckpointReader.read(MemorySegment.ofArray(b), "legacy_mlp.pt", arena);
            assertThat(cp.pickles()).hasSize(1);
            byte[] p = cp.pickles().getFirst().bytes();
            assertThat(Arrays.copyOf(b, p.length)).isEqualTo(p);
            assertThat(p.length).isEqualTo(dataRegionStart(b));
        }
    }

    // ---- NumPy ----

    @Test
    void npyIsNamedAfterItsFileAndBigEndianFortranBecomesLittleEndianC() throws Exception {
        Path out = dir.resolve("a.safetensors");
        Checkpoints.Result r = Checkpoints.convert(OWN.resolve("np_f32_be_fortran.npy"), out);
        assertThat(r.tensors()).containsExactly("np_f32_be_fortran");
        assertThat(r.files().getFirst().from()).isEqualTo(CheckpointReader.Format.NUMPY);
    }

    @Test
    void npyObjectAndStructuredArraysAreRefused() {
        assertThatThrownBy(() -> Checkpoints.convert(OWN.resolve("np_object.npy"), dir.resolve("o.safetensors")))
                .isInstanceOf(ConversionRefused.class).hasMessageContaining("|O");
        assertThatThrownBy(() -> Checkpoints.convert(OWN.resolve("np_structured.npy"), dir.resolve("s.safetensors")))
                .isInstanceOf(ConversionRefused.class).hasMessageContaining("structured dtype");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void npyWithMissingDataIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("np_f32.npy"));
        assertRefused(Arrays.copyOf(b, b.length - 4), "needs 48 data bytes, the file has 44");
    }

    @Test
    void npyWithTrailingDataIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("np_f32.npy"));
        assertRefused(concat(b, new byte[4]), "needs 48 data bytes, the file has 52");
    }

    @Test
    void npzMemberThatIsNotNpyMakesItATorchArchive() throws Exception {
        // a zip whose members are not all .npy is not read as .npz; as a torch checkpoint it has no data.pkl
        assertRefused(zip("weights.npy", Files.readAllBytes(OWN.resolve("np_f32.npy")), "notes.txt", new byte[3]),
                "not under a record prefix");
    }

    @Test
    void npzWithCorruptDeflateIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("np_arrays_compressed.npz"));
        byte[] bad = b.clone();
        for (int i = 60; i < 90; i++) { // inside the first member's deflate stream
            bad[i] ^= 0x5a;
        }
        assertRefused(bad, "member");
    }

    @Test
    void npzMemberClaimingMoreThanDeflateCanExpandToIsRefusedBeforeAllocating() throws Exception {
        byte[] b = Files.readAllBytes(OWN.resolve("np_arrays_compressed.npz"));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= b.length; i++) {
            if (bb.getInt(i) == 0x02014b50) { // every central header: uncompressed size = 2 GiB - 1
                bb.putInt(i + 24, Integer.MAX_VALUE);
            }
        }
        assertRefused(b, "beyond what deflate can expand to");
    }

    @Test
    void maliciousNumpyFixturesAreRefused() throws IOException {
        try (Stream<Path> s = Files.list(SCAN_FIXTURES.resolve("malicious").resolve("numpy"))) {
            for (Path p : s.toList()) {
                assertThatThrownBy(() -> Checkpoints.convert(p, dir.resolve("x.safetensors"))).as(p.toString())
                        .isInstanceOf(ConversionRefused.class);
            }
        }
        assertThat(leftovers()).isEmpty();
    }

    // ---- the picklescan corpus ----

    static Stream<String> picklescanMalicious() throws IOException {
        Path labels = PICKLESCAN.resolve("LABELS.tsv");
        if (!Files.exists(labels)) {
            System.out.println("SKIP: " + labels.toAbsolutePath().normalize() + " is absent; corpus tests skipped");
            return Stream.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(labels).subList(1, Files.readAllLines(labels).size())) {
            String[] f = line.split("\t");
            if (f.length >= 2 && f[1].equals("malicious")) {
                out.add(f[0]);
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("picklescanMalicious")
    void picklescanMaliciousFilesAreRefusedWithNothingWritten(String path) {
        Path out = dir.resolve("p.safetensors");
        assertThatThrownBy(() -> Checkpoints.convert(PICKLESCAN.resolve(path), out))
                .isInstanceOf(ConversionRefused.class);
        assertThat(leftovers()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("picklescanMalicious")
    void picklescanMaliciousFilesAreRefusedByTheReaderAlone(String path) throws IOException {
        byte[] b = Files.readAllBytes(PICKLESCAN.resolve(path));
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> CheckpointReader.read(MemorySegment.ofArray(b), path, arena))
                    .isInstanceOf(ConversionRefused.class);
        }
    }

    // ---- sharded ----

    @Test
    void shardedCheckpointBecomesShardedSafetensorsWithIndex() throws Exception {
        Path out = dir.resolve("out");
        Checkpoints.Result r = Checkpoints.convert(org.mlgate.scan.Scanner.builder().build(), SHARDED, out, true);
        assertThat(r.files()).hasSize(2);
        assertThat(r.verified()).isTrue();
        assertThat(names(out)).containsExactly("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                "model.safetensors.index.json");
        JsonNode index = new ObjectMapper().readTree(out.resolve("model.safetensors.index.json").toFile());
        JsonNode source = new ObjectMapper().readTree(SHARDED.resolve("pytorch_model.bin.index.json").toFile());
        assertThat(index.get("metadata").get("total_size").asLong())
                .isEqualTo(source.get("metadata").get("total_size").asLong());
        source.get("weight_map").fields().forEachRemaining(e -> assertThat(index.get("weight_map").get(e.getKey())
                .asText()).isEqualTo(e.getValue().asText().replace("pytorch_model", "model").replace(".bin",
                ".safetensors")));
        try (SafeTensors st = SafeTensors.open(out.resolve("model-00002-of-00002.safetensors"))) {
            assertThat(st.metadata()).containsEntry("format", "pt");
            for (String t : st.tensors()) {
                assertThat(index.get("weight_map").get(t).asText()).isEqualTo("model-00002-of-00002.safetensors");
            }
        }
        // the index file itself works as the input, too
        Checkpoints.convert(SHARDED.resolve("pytorch_model.bin.index.json"), dir.resolve("again"));
        assertThat(names(dir.resolve("again"))).isEqualTo(names(out));
    }

    @Test
    void shardMissingATensorOfTheIndexLeavesTheOutputFolderAsItWas() throws Exception {
        Path src = copySharded();
        Path idx = src.resolve("pytorch_model.bin.index.json");
        Files.writeString(idx, Files.readString(idx).replace("\"weight_map\": {",
                "\"weight_map\": {\n    \"ghost.weight\": \"pytorch_model-00002-of-00002.bin\","));
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("model.safetensors.index.json"), "old");
        assertThatThrownBy(() -> Checkpoints.convert(src, out)).isInstanceOf(ConversionRefused.class)
                .hasMessageContaining("ghost.weight");
        assertThat(names(out)).containsExactly("model.safetensors.index.json");
        assertThat(leftovers()).containsExactlyInAnyOrder("out", "src");
    }

    /**
     * 516 bytes that scan SAFE: one float32 storage element viewed as 65536 x 65536 with stride (0, 0), i.e. 16 GiB
     * once built (a stored zip of archive/data.pkl, archive/data/0 = 1.0f, archive/version).
     */
    static final Path STRIDE_ZERO = OWN.resolve("view_stride0_65536x65536.pt");

    @Test
    void aViewFarLargerThanItsStorageIsRefusedBeforeAnythingIsBuilt() throws Exception {
        assertThat(Files.size(STRIDE_ZERO)).isLessThan(600);
        Path out = dir.resolve("huge.safetensors");
        assertThatThrownBy(() -> Checkpoints.convert(STRIDE_ZERO, out)).isInstanceOfSatisfying(ConversionRefused.class,
                e -> assertThat(e.reason()).isEqualTo(ConversionRefused.Reason.BUDGET))
                .hasMessageContaining("17179869184 bytes").hasMessageContaining("storage of 4 bytes");
        assertThat(leftovers()).isEmpty();
        // listing it never builds the view: 16 GiB reported, nothing allocated
        Inspector.Listing l = Inspector.inspect(STRIDE_ZERO);
        assertThat(l.tensors().getFirst().bytes()).isEqualTo(1L << 34);
    }

    @Test
    void theFileBoundIsConfigurable() throws Exception {
        Path out = dir.resolve("small.safetensors");
        assertThatThrownBy(() -> Checkpoints.convert(org.mlgate.scan.Scanner.builder().build(),
                OWN.resolve("legacy_mlp.pt"), out, false, new ConversionLimits(64, 0, 16)))
                .isInstanceOf(ConversionRefused.class).hasMessageContaining("--max-file-bytes");
        assertThat(out).doesNotExist();
        Checkpoints.convert(org.mlgate.scan.Scanner.builder().build(), OWN.resolve("legacy_mlp.pt"), out, false,
                ConversionLimits.DEFAULT);
        assertThat(out).exists();
    }

    @Test
    void aFailedFinalRenameLeavesThePreviousOutputFolderWholeAndNoStaging() throws Exception {
        Path out = dir.resolve("out");
        Checkpoints.convert(SHARDED, out);
        Path first = out.resolve("model-00001-of-00002.safetensors");
        Files.writeString(first, "previous conversion");
        Files.writeString(out.resolve("model-00009-of-00009.safetensors"), "stale shard");
        List<String> before = names(out);
        ShardedConversion.Rename failing = (from, to) -> {
            if (from.getFileName().toString().contains("staging")) {
                throw new java.nio.file.FileSystemException(to.toString(), null, "simulated failure");
            }
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        };
        assertThatThrownBy(() -> ShardedConversion.convert(org.mlgate.scan.Scanner.builder().build(), SHARDED, out,
                false, ConversionLimits.DEFAULT, failing)).hasMessageContaining("simulated failure");
        assertThat(names(out)).isEqualTo(before);
        assertThat(Files.readString(first)).isEqualTo("previous conversion");
        assertThat(leftovers()).containsExactly("out");
        // a successful run replaces the folder as a whole: the stale shard of the old conversion is gone
        Checkpoints.convert(SHARDED, out);
        assertThat(names(out)).containsExactly("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                "model.safetensors.index.json");
        assertThat(leftovers()).containsExactly("out");
    }

    @Test
    void anOutputFolderHoldingOtherFilesIsRefusedBeforeWork() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> Checkpoints.convert(SHARDED, out)).isInstanceOf(org.mlgate.core.UsageException.class)
                .hasMessageContaining("keep.txt");
        assertThat(names(out)).containsExactly("keep.txt");
        assertThat(leftovers()).containsExactly("out");
    }

    @Test
    void shardHoldingAnUnindexedTensorIsRefusedAndNewFolderRemoved() throws Exception {
        Path src = copySharded();
        Path idx = src.resolve("pytorch_model.bin.index.json");
        JsonNode tree = new ObjectMapper().readTree(idx.toFile());
        String dropped = tree.get("weight_map").fieldNames().next();
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("weight_map")).remove(dropped);
        Files.write(idx, new ObjectMapper().writeValueAsBytes(tree));
        Path out = dir.resolve("fresh");
        assertThatThrownBy(() -> Checkpoints.convert(src, out)).isInstanceOf(ConversionRefused.class)
                .hasMessageContaining(dropped).hasMessageContaining("does not assign");
        assertThat(out).doesNotExist();
    }

    @Test
    void indexPointingOutsideItsFolderIsRefused() throws Exception {
        Path src = copySharded();
        Path idx = src.resolve("pytorch_model.bin.index.json");
        Files.writeString(idx, Files.readString(idx).replaceFirst("pytorch_model-00001-of-00002.bin",
                "../pytorch_model-00001-of-00002.bin"));
        assertThatThrownBy(() -> Checkpoints.convert(src, dir.resolve("o"))).isInstanceOf(ConversionRefused.class)
                .hasMessageContaining("not a file name");
    }

    @Test
    void indexThatIsNotJsonIsRefused() throws Exception {
        Path src = copySharded();
        Files.writeString(src.resolve("pytorch_model.bin.index.json"), "{\"weight_map\": {\"a\": ");
        assertThatThrownBy(() -> Checkpoints.convert(src, dir.resolve("o"))).isInstanceOf(ConversionRefused.class)
                .hasMessageContaining("not a checkpoint index");
    }

    @Test
    void outputNamesFollowHuggingFace() {
        assertThat(ShardedConversion.outputName("pytorch_model-00001-of-00003.bin"))
                .isEqualTo("model-00001-of-00003.safetensors");
        assertThat(ShardedConversion.outputName("pytorch_model.bin")).isEqualTo("model.safetensors");
        assertThat(ShardedConversion.outputName("shard_1.pt")).isEqualTo("shard_1.safetensors");
    }

    // ---- --verify ----

    @Test
    void verifyDetectsAChangedOutputAndRemovesIt() throws Exception {
        Path out = dir.resolve("v.safetensors");
        Checkpoints.convert(OWN.resolve("legacy_mlp.pt"), out);
        byte[] written = Files.readAllBytes(out);
        written[written.length - 1] ^= 1; // last byte of the last tensor
        Files.write(out, written);
        byte[] src = Files.readAllBytes(OWN.resolve("legacy_mlp.pt"));
        try (Arena arena = Arena.ofConfined()) {
            CheckpointReader.Checkpoint cp = CheckpointReader.read(MemorySegment.ofArray(src), "legacy_mlp.pt", arena);
            assertThat(OutputCheck.mismatch(cp, out)).contains("differs from its source at byte");
            assertThatThrownBy(() -> OutputCheck.verify(cp, out)).isInstanceOf(IOException.class)
                    .hasMessageContaining("output removed");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void verifyDetectsAMissingTensor() throws Exception {
        Path out = dir.resolve("v.safetensors");
        new org.mlgate.tensors.SafeTensorsWriter().add("x", org.mlgate.tensors.Dtype.F32, List.of(1L), new byte[4])
                .write(out);
        byte[] src = Files.readAllBytes(OWN.resolve("np_f32.npy"));
        try (Arena arena = Arena.ofConfined()) {
            CheckpointReader.Checkpoint cp = CheckpointReader.read(MemorySegment.ofArray(src), "np_f32.npy", arena);
            assertThat(OutputCheck.mismatch(cp, out)).contains("np_f32");
        }
    }

    // ---- helpers ----

    private void assertRefused(byte[] bytes, String message) {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> CheckpointReader.read(MemorySegment.ofArray(bytes), "defect.npy", arena))
                    .isInstanceOf(ConversionRefused.class).hasMessageContaining(message);
        }
    }

    /** Where the legacy data region starts: just after the storage-key list pickle (the fifth STOP). */
    private static int dataRegionStart(byte[] b) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            long pos = 0;
            MemorySegment seg = MemorySegment.ofArray(b);
            pos = 15; // the magic-number pickle
            for (int i = 0; i < 4; i++) {
                pos = PickleInterpreter.run(seg, pos).end();
            }
            return (int) pos;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] zip(String n1, byte[] d1, String n2, byte[] d2) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bos)) {
            z.putNextEntry(new java.util.zip.ZipEntry(n1));
            z.write(d1);
            z.putNextEntry(new java.util.zip.ZipEntry(n2));
            z.write(d2);
        }
        return bos.toByteArray();
    }

    private Path copySharded() throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        try (Stream<Path> s = Files.list(SHARDED)) {
            for (Path p : s.toList()) {
                Files.copy(p, src.resolve(p.getFileName().toString()));
            }
        }
        return src;
    }

    private static List<String> names(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> leftovers() {
        return names(dir);
    }
}
