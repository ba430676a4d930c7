package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.core.Rule;
import org.mlgate.core.ToolInfo;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.policy.BuiltinProfiles;
import org.mlgate.scan.policy.Profile;
import org.mlgate.scan.report.JsonSchemas;

class MainTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** PROTO 4 then a FRAME whose 8-byte length is cut off: malformed under any pickle reader, so ERROR. */
    private static final byte[] TRUNCATED_PICKLE = {(byte) 0x80, 0x04, (byte) 0x95, 0x10};

    @TempDir
    Path tmp;

    @Test
    void topLevelHelpListsCommandsAndExitCodes() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Usage: mlgate [-hV] COMMAND", "scan", "help", "Exit codes:",
                "0   success", "1   a policy said no", "2   usage error", "3   the work could not be completed");
    }

    @Test
    void scanHelpExplainsWhatScanDoes() {
        Cli.Result r = Cli.run("scan", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Usage: mlgate scan", "without ever", "executing", "allowlist first",
                "SAFE    fully analysed", "UNSAFE  at least one finding", "ERROR   not fully analysed",
                "--format=FORMAT", "text, json, sarif", "--output=FILE", "--fail-on=SEVERITY", "--profile=FILE",
                "--threads=N", "--list-rules", "--no-progress", "Exit codes:", "0   every file SAFE",
                "1   at least one file UNSAFE", "3   at least one file ERROR");
        assertThat(Cli.run("help", "scan").out()).isEqualTo(r.out());
    }

    @Test
    void versionNamesTheBuildAndRulePack() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("mlgate " + ToolInfo.current().version() + "\n")
                .contains("rule pack " + BuiltinProfiles.RULE_PACK_VERSION);
        assertThat(ToolInfo.current().version()).isNotEqualTo("unknown");
    }

    static Stream<List<String>> usageErrors() {
        return Stream.of(
                List.of(),
                List.of("frobnicate"),
                List.of("--format", "json", "scan", "x"),
                List.of("scan"),
                List.of("scan", "--bogus", "x"),
                List.of("scan", "--format", "xml", "x"),
                List.of("scan", "--format"),
                List.of("scan", "--fail-on", "SEVERE", "x"),
                List.of("scan", "--threads", "many", "x"),
                List.of("scan", "--threads", "0", "x"),
                List.of("scan", "--list-rules", "--format", "sarif"),
                List.of("scan", "--list-rules", "x"),
                List.of("scan", "--profile", "/nonexistent/profile.json", "x"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitWithTwoAndWriteNothingToStdout(List<String> args) {
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("mlgate: ").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aPathThatDoesNotExistIsAUsageError() {
        Path missing = tmp.resolve("no-such-model.pt");
        Cli.Result r = Cli.run("scan", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("mlgate: no such file or directory: " + missing + "\n");
    }

    @Test
    void anInvalidProfileFileIsAUsageError() throws IOException {
        Path profile = Files.writeString(tmp.resolve("bad.json"), "{\"format\": \"mlgate-profile/v1\", \"name\": ");
        Path model = Files.write(tmp.resolve("m.pkl"), TRUNCATED_PICKLE);
        Cli.Result r = Cli.run("scan", "--profile", profile.toString(), model.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("mlgate: profile " + profile + " is not valid").endsWith("\n")
                .hasLineCount(1);
    }

    @Test
    void aFileThatCannotBeFullyAnalysedIsErrorAndExitsWithThree() throws IOException {
        Path model = Files.write(tmp.resolve("model.pkl"), TRUNCATED_PICKLE);
        Cli.Result r = Cli.run("scan", model.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("ERROR   " + model).contains("format pickle, 4 bytes, sha256 ")
                .endsWith("1 file: 0 safe, 0 unsafe, 1 error\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anUnsafeFileExitsWithOneAndNamesTheFinding() throws IOException {
        Path model = Files.write(tmp.resolve("evil.pkl"),
                org.mlgate.scan.testing.PickleBuilder.create().proto(2).osSystem().stop().bytes());
        Path ok = Files.write(tmp.resolve("ok.pkl"),
                org.mlgate.scan.testing.PickleBuilder.create().proto(2).emptyList().stop().bytes());
        Cli.Result r = Cli.run("scan", "--no-progress", model.toString(), ok.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("UNSAFE").contains("MLG-PKL-001").contains("os.system").contains("@2 (GLOBAL)");
        assertThat(Cli.run("scan", "--no-progress", ok.toString()).code()).isZero();
        assertThat(Cli.run("scan", "--fail-on", "critical", "--no-progress", model.toString()).code()).isEqualTo(1);
    }

    @Test
    void noDigestLeavesTheHashOutAndStaysValid() throws IOException {
        Path ok = Files.write(tmp.resolve("ok.pkl"),
                org.mlgate.scan.testing.PickleBuilder.create().proto(2).emptyList().stop().bytes());
        Cli.Result r = Cli.run("scan", "--format", "json", "--no-digest", ok.toString());
        assertThat(r.code()).isZero();
        assertThat(JsonSchemas.scanReportViolations(r.out())).isEmpty();
        assertThat(MAPPER.readTree(r.out()).at("/files/0/sha256").isNull()).isTrue();
        Cli.Result hashed = Cli.run("scan", "--format", "json", ok.toString());
        assertThat(MAPPER.readTree(hashed.out()).at("/files/0/sha256").asText()).hasSize(64);
    }

    @Test
    void suppressionsAndCacheWorkFromTheCommandLine() throws IOException {
        byte[] custom = org.mlgate.scan.testing.PickleBuilder.create().proto(2).global("mypkg", "Net").emptyTuple()
                .op(0x81).stop().bytes();
        Path model = Files.write(tmp.resolve("net.pkl"), custom);
        Path sup = Files.writeString(tmp.resolve("sup.json"), "{\"format\": \"mlgate-suppressions/v1\", "
                + "\"suppressions\": [{\"sha256\": \"" + org.mlgate.core.Digest.sha256(custom).hex() + "\", "
                + "\"rule\": \"MLG-PKL-002\", \"reason\": \"our class\", \"expires\": \"2999-01-01\"}]}");
        Path cache = tmp.resolve("cache");
        assertThat(Cli.run("scan", "--no-progress", model.toString()).code()).isEqualTo(1);
        Cli.Result r = Cli.run("scan", "--no-progress", "--suppressions", sup.toString(), "--cache", cache.toString(),
                model.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("suppressed HIGH MLG-PKL-002").contains("our class");
        assertThat(Files.isDirectory(cache)).isTrue();
        Cli.Result again = Cli.run("scan", "--no-progress", "--cache", cache.toString(), model.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(Cli.run("scan", "--no-digest", "--cache", cache.toString(), model.toString()).code()).isEqualTo(2);
    }

    @Test
    void inspectListsSafetensorsAndRefusesOtherFiles() throws IOException {
        Path st = tmp.resolve("model.safetensors");
        new org.mlgate.tensors.SafeTensorsWriter().metadata("format", "pt")
                .add("fc.weight", org.mlgate.tensors.Dtype.F32, List.of(2L, 3L), new byte[24])
                .add("fc.bias", org.mlgate.tensors.Dtype.BF16, List.of(2L), new byte[4]).write(st);
        Cli.Result r = Cli.run("inspect", st.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("2 tensors").contains("fc.weight  F32 [2, 3]  24 bytes")
                .contains("metadata format = pt");
        Cli.Result json = Cli.run("inspect", "--format", "json", st.toString());
        assertThat(MAPPER.readTree(json.out()).at("/tensors/0/name").asText()).isIn("fc.weight", "fc.bias");
        Path pickle = Files.write(tmp.resolve("x.pkl"), TRUNCATED_PICKLE);
        Cli.Result notWeights = Cli.run("inspect", pickle.toString());
        assertThat(notWeights.code()).isEqualTo(3);
        assertThat(notWeights.err()).contains("not a PyTorch checkpoint");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThat(Cli.run("inspect", text.toString()).code()).isEqualTo(2);
        byte[] broken = Files.readAllBytes(st);
        Files.write(st, java.util.Arrays.copyOf(broken, broken.length - 2));
        Cli.Result bad = Cli.run("inspect", st.toString());
        assertThat(bad.code()).isEqualTo(3);
        assertThat(bad.err()).contains("breaks the safetensors format");
    }

    static final Path CONVERT_FIXTURES = Path.of("..", "convert", "src", "test", "resources", "fixtures");

    private Path fixture(String resource) throws IOException {
        try (var in = MainTest.class.getResourceAsStream("/fixtures/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return Files.write(tmp.resolve(Path.of(resource).getFileName()), in.readAllBytes());
        }
    }

    @Test
    void convertWritesVerifiedSafetensorsAndRefusesWhatItCannotProve() throws IOException {
        Path model = fixture("benign/torch/mlp_state_dict.pt");
        Path out = tmp.resolve("mlp.safetensors");
        Cli.Result r = Cli.run("convert", "--verify", model.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("verified bit for bit");
        Cli.Result listed = Cli.run("inspect", out.toString());
        assertThat(listed.code()).isZero();
        assertThat(listed.out()).contains("metadata format = pt");

        Path evil = fixture("malicious/torch/zip_data_pkl_os_system.pt");
        Path evilOut = tmp.resolve("evil.safetensors");
        Cli.Result refused = Cli.run("convert", evil.toString(), "--out", evilOut.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("MLG-PKL-001");
        assertThat(evilOut).doesNotExist();

        Path script = fixture("benign/torch/torchscript_mlp.pt");
        Cli.Result unsupported = Cli.run("convert", script.toString(), "--out", tmp.resolve("l.safetensors").toString());
        assertThat(unsupported.code()).isEqualTo(3);
        assertThat(unsupported.err()).contains("TorchScript");
        assertThat(Cli.run("convert", "--format", "json", model.toString(), "--out", tmp.resolve("j.safetensors").toString())
                .out()).contains("\"tensors\"");
        assertThat(Cli.run("convert", model.toString(), "--out", tmp.resolve("no/such/dir/x.safetensors").toString()).code())
                .isEqualTo(2);
    }

    @Test
    void inspectListsCheckpointsWithoutExecutingThem() throws IOException {
        Cli.Result r = Cli.run("inspect", fixture("benign/torch/mlp_state_dict.pt").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("PyTorch zip checkpoint").contains("F32 [");
        Cli.Result npz = Cli.run("inspect", "--format", "json", CONVERT_FIXTURES.resolve("np_arrays.npz").toString());
        assertThat(npz.code()).isZero();
        assertThat(MAPPER.readTree(npz.out()).at("/format").asText()).isEqualTo("NumPy .npz archive");
        Cli.Result sharded = Cli.run("inspect", CONVERT_FIXTURES.resolve("sharded").toString());
        assertThat(sharded.code()).as(sharded.err()).isZero();
        assertThat(sharded.out()).contains("(pytorch_model-00002-of-00002.bin)");
        Cli.Result evil = Cli.run("inspect", fixture("malicious/torch/zip_data_pkl_os_system.pt").toString());
        assertThat(evil.code()).isEqualTo(1);
        assertThat(evil.err()).contains("outside the reconstruction allowlist");
    }

    @Test
    void convertShardedCheckpointIntoAFolder() throws IOException {
        Path out = tmp.resolve("st");
        Cli.Result r = Cli.run("convert", "--verify", "--format", "json", CONVERT_FIXTURES.resolve("sharded").toString(),
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(MAPPER.readTree(r.out()).at("/outputs").size()).isEqualTo(2);
        assertThat(out.resolve("model.safetensors.index.json")).exists();
        Cli.Result npy = Cli.run("convert", CONVERT_FIXTURES.resolve("np_f64_fortran.npy").toString(),
                "--out", tmp.resolve("n.safetensors").toString());
        assertThat(npy.code()).as(npy.err()).isZero();
        assertThat(npy.out()).contains("NumPy .npy array: 1 tensors");
    }

    @Test
    void lineageRecordsProvenanceAndAnswersImpactShowAndGraph() throws IOException {
        java.util.Map<String, String> env = java.util.Map.of("MLGATE_HOME", tmp.resolve("home").toString());
        Path statement = Path.of("..", "lineage", "src", "test", "resources", "records", "provenance-v1.json");
        Cli.Result rec = Cli.run(env, "lineage", "record", statement.toString());
        assertThat(rec.code()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("recorded provenance").contains("3 artifacts, 2 edges, unsigned");
        assertThat(Cli.run(env, "lineage", "record", statement.toString()).out()).contains("already recorded");
        String data = org.mlgate.core.Digest.sha256("fixture dataset".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hex();
        Cli.Result impact = Cli.run(env, "lineage", "impact", "--format", "json", data);
        assertThat(impact.code()).isZero();
        var doc = MAPPER.readTree(impact.out());
        assertThat(doc.at("/artifacts").size()).isEqualTo(2);
        assertThat(doc.at("/artifacts/0/kind").asText()).isIn("model", "run");
        Cli.Result tooDeep = Cli.run(env, "lineage", "impact", "--max-depth", "1", data);
        assertThat(tooDeep.code()).as(tooDeep.err()).isEqualTo(3);
        assertThat(tooDeep.err()).contains("deeper than 1 hops");
        assertThat(Cli.run(env, "lineage", "impact", "--max-depth", "0", data).code()).isEqualTo(2);
        assertThat(Cli.run(env, "lineage", "graph").out()).startsWith("digraph lineage {").contains("[label=\"input\"]");
        assertThat(Cli.run(env, "lineage", "show", "sha256:" + data.toUpperCase(java.util.Locale.ROOT)).code()).isZero();
        assertThat(Cli.run(env, "lineage", "show", org.mlgate.core.Digest.sha256(new byte[1]).hex()).code()).isEqualTo(1);
        assertThat(Cli.run(env, "lineage", "show", "not-a-digest").code()).isEqualTo(2);
        Path junk = Files.writeString(tmp.resolve("junk.json"), "{\"a\": 1}");
        Cli.Result refused = Cli.run(env, "lineage", "record", junk.toString());
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err()).contains("neither an in-toto statement");
    }

    @Test
    void lineageUrlCarryingCodeIsAUsageErrorBeforeAnythingIsOpened() throws IOException {
        Path db = tmp.resolve("evil");
        String data = org.mlgate.core.Digest.sha256(new byte[1]).hex();
        // H2 runs INIT as SQL on connect; CREATE ALIAS compiles and runs Java
        String url = "jdbc:h2:file:" + db + ";INIT=CREATE ALIAS PWN AS 'String p() { return \"x\"; }'\\;CALL PWN()";
        Cli.Result viaOption = Cli.run("lineage", "impact", "--db", url, data);
        assertThat(viaOption.code()).as(viaOption.err()).isEqualTo(2);
        assertThat(viaOption.err()).contains("H2 setting INIT is not allowed");
        Cli.Result viaEnv = Cli.run(java.util.Map.of("MLGATE_LINEAGE_DB", "jdbc:postgresql://127.0.0.1/test?"
                + "socketFactory=java.io.FileOutputStream&socketFactoryArg=" + tmp.resolve("owned")), "lineage", "impact",
                data);
        assertThat(viaEnv.code()).as(viaEnv.err()).isEqualTo(2);
        assertThat(viaEnv.err()).contains("PostgreSQL parameter socketFactory is not allowed");
        assertThat(tmp.resolve("evil.mv.db")).doesNotExist();
        assertThat(tmp.resolve("owned")).doesNotExist();
    }

    private Path[] ecKeyPair(String name) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair kp = g.generateKeyPair();
        java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes());
        Path priv = Files.writeString(tmp.resolve(name + ".pem"), "-----BEGIN PRIVATE KEY-----\n"
                + b64.encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path pub = Files.writeString(tmp.resolve(name + ".pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + b64.encodeToString(kp.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return new Path[] {priv, pub};
    }

    @Test
    void provenanceIsSignedRecordedAndVerifiedAgainstTheModel() throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("MLGATE_HOME", tmp.resolve("home").toString());
        Path[] keys = ecKeyPair("k");
        Path[] other = ecKeyPair("other");
        Path model = Files.write(tmp.resolve("model.safetensors"), new byte[] {1, 2, 3});
        Path data = Files.write(tmp.resolve("train.csv"), "a,b\n1,2\n".getBytes());
        var rec = org.mlgate.lineage.provenance.ProvenanceRecorder.start("https://mlgate.dev/train/v1");
        rec.uses(new org.mlgate.lineage.Artifact(org.mlgate.core.Digest.sha256(data).hex(),
                org.mlgate.lineage.ArtifactKind.DATASET, "train.csv"));
        var st = rec.finish(List.of(new org.mlgate.lineage.Artifact(org.mlgate.core.Digest.sha256(model).hex(),
                org.mlgate.lineage.ArtifactKind.MODEL, "model.safetensors")));
        Path prov = Files.write(tmp.resolve("provenance.json"), org.mlgate.lineage.intoto.CanonicalJson.bytes(st));

        Cli.Result signed = Cli.run(env, "lineage", "record", "--private-key", keys[0].toString(), prov.toString());
        assertThat(signed.code()).as(signed.err()).isZero();
        assertThat(signed.out()).contains("provenance.json.sig").contains("signed by");
        Path bundle = tmp.resolve("provenance.json.sig");
        assertThat(Cli.run(env, "lineage", "record", "--public-key", keys[1].toString(), bundle.toString()).out())
                .contains("already recorded");
        Cli.Result wrongKey = Cli.run(env, "lineage", "record", "--public-key", other[1].toString(), bundle.toString());
        assertThat(wrongKey.code()).isEqualTo(1);
        assertThat(Cli.run(env, "lineage", "record", bundle.toString()).code()).isEqualTo(1);

        Cli.Result ok = Cli.run("verify", "--public-key", keys[1].toString(), "--provenance", bundle.toString(),
                model.toString());
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("VERIFIED  provenance of");
        assertThat(Cli.run("verify", "--public-key", other[1].toString(), "--provenance", bundle.toString(),
                model.toString()).code()).isEqualTo(1);
        Files.write(model, new byte[] {1, 2, 4});
        Cli.Result changed = Cli.run("verify", "--public-key", keys[1].toString(), "--provenance", bundle.toString(),
                model.toString());
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.out()).contains("file-changed");
    }

    @Test
    void scanOfAnEmptyFolderIsIncompleteUnlessAllowed() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Cli.Result r = Cli.run("scan", empty.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("holds no files", "--allow-empty");
        assertThat(Cli.run("scan", "--allow-empty", empty.toString()).code()).isZero();
        assertThat(Cli.run("scan", tmp.resolve("missing").toString()).code()).isEqualTo(2);
    }

    @Test
    void scanReportsALinkWithItsTarget() throws Exception {
        Path blob = Files.write(Files.createDirectories(tmp.resolve("blobs")).resolve("abc"),
                SignVerifyCommandTest.EMPTY_LIST_PICKLE);
        Path link = Files.createDirectories(tmp.resolve("snap")).resolve("model.pkl");
        Files.createSymbolicLink(link, Path.of("../blobs/abc"));
        Cli.Result refused = Cli.run("scan", tmp.resolve("snap").toString());
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.out()).contains("ERROR   " + link + " -> " + blob.toRealPath(), "--follow-external-links");
        Cli.Result followed = Cli.run("scan", "--follow-external-links", tmp.resolve("snap").toString());
        assertThat(followed.code()).as(followed.out()).isZero();
        assertThat(followed.out()).contains("SAFE    " + link + " -> " + blob.toRealPath());
    }

    @Test
    void scanAttestationIsRecordedAsAScanOfTheFile() throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("MLGATE_HOME", tmp.resolve("home").toString());
        Path[] keys = ecKeyPair("scanner");
        Path file = Files.write(tmp.resolve("weights.bin"), SignVerifyCommandTest.EMPTY_LIST_PICKLE);
        assertThat(Cli.run("scan", "--attest", keys[0].toString(), file.toString()).code()).isZero();
        Path att = tmp.resolve("weights.bin.scan.sig");
        Cli.Result rec = Cli.run(env, "lineage", "record", "--public-key", keys[1].toString(), att.toString());
        assertThat(rec.code()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("recorded scan");
        Cli.Result show = Cli.run(env, "lineage", "show", "--format", "json",
                org.mlgate.core.Digest.sha256(file).hex());
        assertThat(MAPPER.readTree(show.out()).at("/records/0/detail").asText()).isEqualTo("SAFE");
        assertThat(MAPPER.readTree(show.out()).at("/records/0/verified").asBoolean()).isTrue();
    }

    @Test
    void benchScanPrintsFigures() {
        Cli.Result r = Cli.run("bench", "scan", "--records", "2000", "--warmups", "1", "--runs", "2", "--format", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"opcodes\"").contains("median_ops_per_sec");
        assertThat(Cli.run("bench", "scan", "--records", "0").code()).isEqualTo(2);
        Cli.Result tensors = Cli.run("bench", "tensors", "--gib", "1", "--runs", "5");
        assertThat(tensors.code()).isZero();
        assertThat(tensors.out()).contains("1,073,741,").contains("open+close median");
    }

    @Test
    void jsonOutputParsesAndFollowsTheSchema() throws IOException {
        Path model = Files.write(tmp.resolve("model.pkl"), TRUNCATED_PICKLE);
        Cli.Result r = Cli.run("scan", "--format", "json", "--fail-on", "medium", "--threads", "2", model.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(JsonSchemas.scanReportViolations(r.out())).isEmpty();
        JsonNode doc = MAPPER.readTree(r.out());
        assertThat(doc.get("fail_on").asText()).isEqualTo("MEDIUM");
        assertThat(doc.get("exit_code").asInt()).isEqualTo(3);
        assertThat(doc.at("/files/0/path").asText()).isEqualTo(model.toString());
        assertThat(doc.at("/files/0/verdict").asText()).isEqualTo("ERROR");
        assertThat(doc.at("/files/0/size").asInt()).isEqualTo(4);
        assertThat(doc.at("/files/0/problems").size()).isPositive();
        // stdout is the document alone; the summary goes to stderr
        assertThat(r.out()).startsWith("{").endsWith("}\n");
        assertThat(r.err()).isEqualTo("mlgate: 1 file: 0 safe, 0 unsafe, 1 error\n");
    }

    @Test
    void sarifOutputFollowsTheOfficialSchema() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("models dir"));
        Files.write(dir.resolve("a.pkl"), TRUNCATED_PICKLE);
        Files.write(dir.resolve("b.pkl"), TRUNCATED_PICKLE);
        Cli.Result r = Cli.run("scan", "--format", "sarif", dir.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(JsonSchemas.sarifViolations(r.out())).isEmpty();
        JsonNode run = MAPPER.readTree(r.out()).at("/runs/0");
        assertThat(run.at("/tool/driver/rules").size()).isEqualTo(ScanRules.all().size());
        assertThat(run.get("artifacts").size()).isEqualTo(2);
        assertThat(run.at("/artifacts/0/location/uri").asText()).startsWith("file:///").contains("models%20dir/a.pkl");
        assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
        assertThat(run.at("/invocations/0/toolExecutionNotifications").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void listRulesPrintsRulesAndProfilesWithTheGivenOnes() throws IOException {
        Path profile = Files.writeString(tmp.resolve("ours.json"), """
                {"format": "mlgate-profile/v1", "name": "ours", "version": "7", "description": "our classes",
                 "allow": [{"module": "ourpkg.nets", "name": "Net"}, {"module": "ourpkg.nets", "name": "Head"}]}
                """);
        Cli.Result r = Cli.run("scan", "--list-rules", "--profile", profile.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        for (Rule rule : ScanRules.all()) {
            assertThat(r.out()).contains(rule.id());
        }
        for (Profile p : BuiltinProfiles.all()) {
            assertThat(r.out()).contains(p.id());
        }
        assertThat(r.out()).containsPattern("ours@7 +from " + java.util.regex.Pattern.quote(profile.toString())
                + ", 2 entries: our classes");
    }

    @Test
    void listRulesHonoursJson() throws IOException {
        Cli.Result r = Cli.run("scan", "--list-rules", "--format", "json");
        assertThat(r.code()).isZero();
        JsonNode doc = MAPPER.readTree(r.out());
        assertThat(doc.get("schema_version").asText()).isEqualTo("mlgate-rule-list/v2");
        assertThat(doc.get("rules").size()).isEqualTo(ScanRules.all().size());
        assertThat(doc.get("profiles").size()).isEqualTo(BuiltinProfiles.all().size());
        assertThat(doc.at("/profiles/0/allowed_entries").asInt()).isPositive();
    }

    @Test
    void outputGoesToTheFileAtomicallyAndStdoutStaysEmpty() throws IOException {
        Path model = Files.write(tmp.resolve("model.pkl"), TRUNCATED_PICKLE);
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        Path report = outDir.resolve("report.json");
        Files.writeString(report, "old content");
        Cli.Result r = Cli.run("scan", "-f", "json", "-o", report.toString(), model.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("mlgate: 1 file: 0 safe, 0 unsafe, 1 error; json report written to " + report
                + "\n");
        assertThat(JsonSchemas.scanReportViolations(Files.readString(report))).isEmpty();
        try (Stream<Path> s = Files.list(outDir)) {
            assertThat(s.toList()).containsExactly(report);
        }
    }

    @Test
    void outputIntoAMissingDirectoryFailsBeforeScanningAndLeavesNothing() throws IOException {
        Path model = Files.write(tmp.resolve("model.pkl"), TRUNCATED_PICKLE);
        Path report = tmp.resolve("missing").resolve("report.sarif");
        Cli.Result r = Cli.run("scan", "--format", "sarif", "--output", report.toString(), model.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("mlgate: cannot write the report to " + report + ": directory "
                + report.getParent() + " does not exist\n");
        assertThat(report.getParent()).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).containsExactly(model);
        }
    }

    @Test
    void outputOntoADirectoryIsAUsageError() throws IOException {
        Path model = Files.write(tmp.resolve("model.pkl"), TRUNCATED_PICKLE);
        Cli.Result r = Cli.run("scan", "--output", tmp.toString(), model.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).endsWith(": it is a directory\n");
    }

    @Test
    void aFailingStdoutIsIncomplete() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(broken, err, Map.of(), "scan", "--list-rules");
        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("mlgate: cannot write to standard output\n");
    }

    @Test
    void unexpectedExceptionsAreInternalErrorsWithoutStackTraceUnlessDebugging() {
        OutputStream exploding = new OutputStream() {
            @Override
            public void write(int b) {
                throw new IllegalStateException("boom");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Cli.run(exploding, err, Map.of(), "scan", "--list-rules")).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "mlgate: internal error: java.lang.IllegalStateException: boom (set MLGATE_DEBUG=1 for the stack trace)\n");

        ByteArrayOutputStream debugErr = new ByteArrayOutputStream();
        assertThat(Cli.run(exploding, debugErr, Map.of("MLGATE_DEBUG", "1"), "scan", "--list-rules")).isEqualTo(3);
        assertThat(debugErr.toString(StandardCharsets.UTF_8))
                .startsWith("mlgate: internal error: java.lang.IllegalStateException: boom\n")
                .contains("\tat ");
    }

    @Test
    void optionsComeAfterTheSubcommandAndPathsCanBeMany() throws IOException {
        Path a = Files.write(tmp.resolve("a.pkl"), TRUNCATED_PICKLE);
        Path b = Files.write(tmp.resolve("b.pkl"), TRUNCATED_PICKLE);
        Cli.Result r = Cli.run("scan", "--no-progress", "--format", "json", a.toString(), b.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(MAPPER.readTree(r.out()).at("/summary/files").asInt()).isEqualTo(2);
    }

    @Test
    void dpHelpNamesBothCommandsAndTheAccountants() {
        Cli.Result r = Cli.run("dp", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: mlgate dp", "epsilon", "noise", "rdp", "pld", "Exit codes:");
        Cli.Result e = Cli.run("dp", "epsilon", "--help");
        assertThat(e.code()).isZero();
        assertThat(e.out()).contains("--sampling-rate=Q", "--noise-multiplier=S", "--steps=T", "--delta=D",
                "--accountant=rdp|pld", "--format=FORMAT");
        assertThat(Cli.run("dp", "noise", "--help").out()).contains("--target-epsilon=E");
        assertThat(Cli.run("bench", "dp", "--help").out()).contains("Usage: mlgate bench dp");
        assertThat(Cli.run("--help").out()).contains("dp");
    }

    @Test
    void benchTrainPrintsBothThroughputs() {
        assertThat(Cli.run("bench", "train", "--help").out()).contains("Usage: mlgate bench train", "--rows");
        Cli.Result r = Cli.run("bench", "train", "--rows", "2048", "--epochs", "1", "--warmups", "0", "--runs", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("MLP 30->64->2 (2,114 parameters)", "non-private: median", "DP-SGD:      median",
                "SecureRandom DRBG");
        assertThat(Cli.run("bench", "train", "--rows", "10").code()).isEqualTo(2);
    }

    @Test
    void dpEpsilonPrintsTheRdpAnswerOfDpAccounting() throws IOException {
        // dp_accounting RdpAccountant: q=0.01, sigma=1, 1000 steps, delta 1e-5 -> 2.10137 at order 7.8.
        String[] args = {"dp", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "1", "--steps", "1000",
            "--delta", "1e-5"};
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("epsilon 2.10137 at delta 0.00001 (rdp, optimal order 7.8)\n"
                + "  sampling rate 0.01, noise multiplier 1, 1000 steps\n");
        Cli.Result j = Cli.run(append(args, "--format", "json"));
        assertThat(j.code()).isZero();
        JsonNode doc = MAPPER.readTree(j.out());
        assertThat(doc.get("accountant").asText()).isEqualTo("rdp");
        assertThat(doc.get("epsilon").asDouble()).isCloseTo(2.10137, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(doc.get("optimal_order").asDouble()).isEqualTo(7.8);
        assertThat(doc.get("sampling_rate").asDouble()).isEqualTo(0.01);
        assertThat(doc.get("noise_multiplier").asDouble()).isEqualTo(1.0);
        assertThat(doc.get("steps").asLong()).isEqualTo(1000);
        assertThat(doc.get("delta").asDouble()).isEqualTo(1e-5);
    }

    @Test
    void dpEpsilonRefusesAnInfiniteEpsilonAndTakesAPldInterval() {
        Cli.Result inf = Cli.run("dp", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "1e-300",
                "--steps", "100", "--delta", "1e-5");
        assertThat(inf.code()).as(inf.out()).isEqualTo(3);
        assertThat(inf.out()).doesNotContain("Infinity");
        assertThat(inf.err()).contains("no finite epsilon");
        Cli.Result coarse = Cli.run("dp", "epsilon", "--accountant", "pld", "--pld-interval", "1e-2",
                "--sampling-rate", "0.01", "--noise-multiplier", "1", "--steps", "100", "--delta", "1e-5");
        assertThat(coarse.code()).as(coarse.err()).isZero();
        assertThat(coarse.out()).contains("pld, discretisation 0.01");
        assertThat(Cli.run("dp", "epsilon", "--pld-interval", "1e-2", "--sampling-rate", "0.01",
                "--noise-multiplier", "1", "--steps", "100", "--delta", "1e-5").code()).isEqualTo(2);
    }

    @Test
    void dpEpsilonWithPldHasNoOrder() throws IOException {
        // dp_accounting PLDAccountant: q=0.001, sigma=2, 1000 steps -> 0.050137.
        Cli.Result j = Cli.run("dp", "epsilon", "--sampling-rate", "0.001", "--noise-multiplier", "2", "--steps",
                "1000", "--delta", "1e-5", "--accountant", "pld", "--format", "json");
        assertThat(j.code()).as(j.err()).isZero();
        JsonNode doc = MAPPER.readTree(j.out());
        assertThat(doc.get("accountant").asText()).isEqualTo("pld");
        assertThat(doc.get("epsilon").asDouble()).isCloseTo(0.050137, org.assertj.core.data.Offset.offset(5e-4));
        assertThat(doc.has("optimal_order")).isFalse();
    }

    @Test
    void dpNoiseFindsTheNoiseMultiplier() throws IOException {
        // dp_accounting calibrate_dp_mechanism with RDP: q=0.01, 1000 steps, delta 1e-5, eps 1 -> sigma 1.51314.
        Cli.Result j = Cli.run("dp", "noise", "--target-epsilon", "1", "--sampling-rate", "0.01", "--steps", "1000",
                "--delta", "1e-5", "--format", "json");
        assertThat(j.code()).as(j.err()).isZero();
        JsonNode doc = MAPPER.readTree(j.out());
        assertThat(doc.get("noise_multiplier").asDouble()).isCloseTo(1.51314, org.assertj.core.data.Offset.offset(3e-4));
        assertThat(doc.get("epsilon").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(doc.get("accountant").asText()).isEqualTo("rdp");
        Cli.Result t = Cli.run("dp", "noise", "--target-epsilon", "1", "--sampling-rate", "0.01", "--steps", "1000",
                "--delta", "1e-5");
        assertThat(t.out()).startsWith("noise multiplier 1.51").contains("gives epsilon", "<= 1 at delta 0.00001");
    }

    @Test
    void dpRejectsInvalidValuesWithExitCode2AndFailsClosedWithExit3() {
        Cli.Result q0 = Cli.run("dp", "epsilon", "--sampling-rate", "0", "--noise-multiplier", "1", "--steps", "10",
                "--delta", "1e-5");
        assertThat(q0.code()).isEqualTo(2);
        assertThat(q0.err()).isEqualTo("mlgate: sampling rate must be in (0, 1], got 0.0\n");
        assertThat(Cli.run("dp", "epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "10",
                "--delta", "1e-5", "--accountant", "prv").err()).contains("unknown accountant 'prv'");
        assertThat(Cli.run("dp", "epsilon", "--sampling-rate", "0.1", "--steps", "10", "--delta", "1e-5").code())
                .isEqualTo(2);
        assertThat(Cli.run("dp", "epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "10",
                "--delta", "2").code()).isEqualTo(2);
        assertThat(Cli.run("dp").code()).isEqualTo(2);
        Cli.Result unreachable = Cli.run("dp", "noise", "--target-epsilon", "1e-9", "--sampling-rate", "1",
                "--steps", "1", "--delta", "1e-5");
        assertThat(unreachable.code()).isEqualTo(3);
        assertThat(unreachable.err()).startsWith("mlgate: no noise multiplier up to");
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
