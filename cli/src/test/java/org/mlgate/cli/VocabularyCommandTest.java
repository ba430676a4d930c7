package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 end to end: old spellings still work and say once that they are deprecated, enum values are
 * case-insensitive, unknown names get only close suggestions, reports are snake_case, small wording fixes.
 */
class VocabularyCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;
    Path model;
    Path key;
    Path pub;

    @BeforeEach
    void setUp() throws Exception {
        model = Files.createDirectories(tmp.resolve("model"));
        Files.write(model.resolve("weights.bin"), SignVerifyCommandTest.EMPTY_LIST_PICKLE);
        KeyPair pair = SignVerifyCommandTest.ec();
        key = Files.writeString(tmp.resolve("key.pem"), SignVerifyCommandTest.pem("PRIVATE KEY",
                pair.getPrivate().getEncoded()));
        pub = Files.writeString(tmp.resolve("pub.pem"), SignVerifyCommandTest.pem("PUBLIC KEY",
                pair.getPublic().getEncoded()));
    }

    private static List<String> deprecationLines(Cli.Result r) {
        return r.err().lines().filter(l -> l.contains("deprecated")).toList();
    }

    @Test
    void signAndVerifyWithTheOldKeyFlags() {
        Cli.Result s = Cli.run("sign", "--key", key.toString(), model.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(deprecationLines(s)).singleElement().asString().contains("--key", "--private-key");
        Cli.Result v = Cli.run("verify", "--key", pub.toString(), "--key", pub.toString(), model.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(deprecationLines(v)).singleElement().asString().contains("--key", "--public-key");
        Cli.Result quiet = Cli.run("verify", "--public-key", pub.toString(), model.toString());
        assertThat(quiet.err()).isEmpty(); // the new spelling says nothing
        assertThat(quiet.out()).contains("(1 file,"); // not "1 files"
    }

    @Test
    void signSaysWhenThePrivateKeyIsAPublicKey() {
        Cli.Result r = Cli.run("sign", "--private-key", pub.toString(), model.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("holds a public key", "--private-key needs the private key");
    }

    @Test
    void verifyJsonIsSnakeCaseAndVersioned() throws Exception {
        assertThat(Cli.run("sign", "--private-key", key.toString(), model.toString()).code()).isZero();
        JsonNode ok = MAPPER.readTree(Cli.run("verify", "--format", "JSON", "--public-key", pub.toString(),
                model.toString()).out());
        assertThat(ok.get("report").asText()).isEqualTo("mlgate-verify-report/v2");
        assertThat(ok.has("root_digest")).isTrue();
        assertThat(ok.has("rootDigest")).isFalse();
        assertThat(ok.has("left_out")).isTrue();
    }

    @Test
    void verifyPrintsEachDifferenceOnItsOwnLine() throws Exception {
        Files.writeString(model.resolve("a.txt"), "a");
        Files.writeString(model.resolve("b.txt"), "b");
        assertThat(Cli.run("sign", "--private-key", key.toString(), model.toString()).code()).isZero();
        Files.writeString(model.resolve("a.txt"), "A");
        Files.delete(model.resolve("b.txt"));
        Files.writeString(model.resolve("c.txt"), "new");
        Cli.Result r = Cli.run("verify", "--public-key", pub.toString(), model.toString());
        assertThat(r.code()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("NOT VERIFIED");
        assertThat(lines.get(1)).contains("3 differences:");
        assertThat(lines).anyMatch(l -> l.strip().startsWith("file-changed:") && l.contains("a.txt"))
                .anyMatch(l -> l.strip().startsWith("file-missing:") && l.contains("b.txt"))
                .anyMatch(l -> l.strip().startsWith("file-extra:") && l.contains("c.txt"));
        assertThat(lines).filteredOn(l -> l.contains("a.txt") || l.contains("b.txt") || l.contains("c.txt"))
                .allMatch(l -> l.split("\\.txt", -1).length == 2, "one file per line");
        JsonNode j = MAPPER.readTree(Cli.run("verify", "--format", "json", "--public-key", pub.toString(),
                model.toString()).out());
        assertThat(j.get("differences")).hasSize(3);
    }

    @Test
    void dataFraudFormatIsNowDataFormat() throws Exception {
        Path jsonl = tmp.resolve("f.data");
        Cli.Result old = Cli.run("data", "fraud", "--rows", "5", "--seed", "1", "--out", jsonl.toString(), "-f",
                "JSONL");
        assertThat(old.code()).as(old.err()).isZero();
        assertThat(deprecationLines(old)).singleElement().asString().contains("-f", "--data-format");
        assertThat(Files.readAllLines(jsonl).getFirst()).startsWith("{");
        // (-fjsonl, a clustered short option with its value, is not accepted for the old spelling)
        for (String[] attached : new String[][] {{"-f=jsonl"}, {"--format=jsonl"}}) {
            Path f = tmp.resolve("attached" + attached[0].length() + ".data");
            List<String> args = new ArrayList<>(List.of("data", "fraud", "--rows", "5", "--seed", "1", "--out",
                    f.toString()));
            args.addAll(List.of(attached));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(attached[0] + ": " + r.err()).isZero();
            assertThat(Files.readAllLines(f).getFirst()).as(attached[0]).startsWith("{");
        }
        Path csv = tmp.resolve("g.data");
        Cli.Result now = Cli.run("data", "fraud", "--rows", "5", "--seed", "1", "--out", csv.toString(),
                "--data-format", "csv");
        assertThat(now.code()).isZero();
        assertThat(now.err()).isEmpty();
        assertThat(Files.readAllLines(csv).getFirst()).startsWith("transaction_id");
    }

    @Test
    void poisonRateWithoutPoisonIsAUsageError() {
        Cli.Result r = Cli.run("data", "fraud", "--rows", "5", "--seed", "1", "--out", tmp.resolve("p.csv").toString(),
                "--poison-rate", "0.2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--poison-rate needs --poison");
        assertThat(tmp.resolve("p.csv")).doesNotExist();
    }

    @Test
    void convertTakesOutAndStillTheSecondArgument() {
        Path in = MainTest.CONVERT_FIXTURES.resolve("np_f64_fortran.npy");
        Cli.Result now = Cli.run("convert", in.toString(), "--out", tmp.resolve("a.safetensors").toString());
        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.err()).isEmpty();
        Cli.Result old = Cli.run("convert", in.toString(), tmp.resolve("b.safetensors").toString());
        assertThat(old.code()).as(old.err()).isZero();
        assertThat(deprecationLines(old)).singleElement().asString().contains("--out");
        assertThat(tmp.resolve("b.safetensors")).exists();
        Cli.Result both = Cli.run("convert", in.toString(), tmp.resolve("c.safetensors").toString(), "--out",
                tmp.resolve("d.safetensors").toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(Cli.run("convert", in.toString()).err()).contains("missing --out");
    }

    @Test
    void guardOutputIsNowAnswer() {
        Cli.Result old = Cli.run("guard", "check", "--output", "--text", "hello");
        assertThat(old.code()).as(old.err()).isZero();
        assertThat(deprecationLines(old)).singleElement().asString().contains("--output", "--answer");
    }

    @Test
    void oneFlagNameForOneMeaning() throws Exception {
        Cli.Result keygen = Cli.run(java.util.Map.of("PW", "secret-pass"), "keygen", "--out",
                tmp.resolve("k.pem").toString(), "--password-env", "PW");
        assertThat(keygen.code()).as(keygen.err()).isZero();
        assertThat(deprecationLines(keygen)).singleElement().asString().contains("--password-env",
                "--key-password-env");
        assertThat(Files.readString(tmp.resolve("k.pem"))).contains("ENCRYPTED PRIVATE KEY");
        Cli.Result inversion = Cli.run("attack", "inversion", "--hidden", "age");
        assertThat(inversion.code()).isEqualTo(2); // --target and --data are missing, but the alias was read
        assertThat(deprecationLines(inversion)).singleElement().asString().contains("--hidden", "--feature");
    }

    @Test
    void enumValuesAreCaseInsensitive() {
        assertThat(Cli.run("scan", "--list-rules", "--format", "JSON").code()).isZero();
        Cli.Result dp = Cli.run("dp", "epsilon", "--sampling-rate", "0.01", "--steps", "100", "--delta", "1e-5",
                "--noise-multiplier", "1.1", "--accountant", "RDP", "--format", "Json");
        assertThat(dp.code()).as(dp.err()).isZero();
        assertThat(dp.out()).contains("\"accountant\"");
        assertThat(Cli.run("scan", "--fail-on", "medium", "--list-rules").code()).isZero();
        assertThat(Cli.run("lineage", "graph", "--format", "XML").code()).isEqualTo(2);
    }

    @Test
    void unknownNamesGetOnlyCloseSuggestions() {
        Cli.Result nosuch = Cli.run("nosuch");
        assertThat(nosuch.code()).isEqualTo(2);
        assertThat(nosuch.err()).doesNotContain("Did you mean", "bench").contains("Try 'mlgate --help'");
        assertThat(Cli.run("scna").err()).contains("Did you mean: mlgate scan?");
        assertThat(Cli.run("sign", "--private-key", key.toString(), "--shard-sise", "1", model.toString()).err())
                .contains("Did you mean: --shard-size?");
        assertThat(Cli.run("verify", "--zzzzzz", "p").err()).doesNotContain("Did you mean");
    }

    @Test
    void benchHelpListsItsOwnExitCodes() {
        List<String> commands = new ArrayList<>(List.of("bench"));
        for (String b : List.of("scan", "tensors", "convert", "hash", "dp", "train", "sanitize", "predict", "7z")) {
            commands.add("bench " + b);
        }
        for (String c : commands) {
            Cli.Result r = Cli.run((c + " --help").split(" "));
            String codes = r.out().substring(r.out().indexOf("Exit codes:"));
            assertThat(codes).as(c).contains("the figures were printed").doesNotContain("scan:", "SAFE", "UNSAFE");
        }
    }
}
