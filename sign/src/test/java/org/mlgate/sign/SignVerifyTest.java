package org.mlgate.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlgate.sign.VerificationFailure.Check;
import org.mlgate.sign.hash.RefusedPathException;
import org.mlgate.sign.hash.Serialization;
import org.mlgate.sign.keys.PemFiles;

/** Our own bundles: round trips on every curve and key encoding, and the tamper matrix. */
class SignVerifyTest {
    @TempDir
    Path tmp;

    static final KeyPair P256 = TestPki.ec("secp256r1");
    static final PemFiles.KeyPair KEY = load(TestPki.pkcs8Pem(P256.getPrivate()));

    static PemFiles.KeyPair load(String pem) {
        return PemFiles.privateKey(pem.getBytes(StandardCharsets.US_ASCII), null, "test key");
    }

    Path model() throws IOException {
        Path m = tmp.resolve("model");
        Files.createDirectories(m.resolve("sub/deeper"));
        Files.writeString(m.resolve("config.json"), "{\"layers\": 2}");
        Files.write(m.resolve("weights.bin"), new byte[100_000]);
        Files.writeString(m.resolve("sub/tokenizer.txt"), "a b c");
        Files.writeString(m.resolve("sub/deeper/x"), "x");
        return m;
    }

    static SignOptions keyOptions(PemFiles.KeyPair key) {
        return new SignOptions(new SigningMethod.Key(key), null, Serialization.Method.FILES, 0, List.of(), 2);
    }

    static VerifyOptions verifyWith(ECPublicKey... keys) {
        return new VerifyOptions(new VerificationMethod.Keys(List.of(keys)), null, List.of(), false, 2);
    }

    static Check failure(Path model, VerifyOptions o) {
        try {
            Verifier.verify(model, o);
        } catch (VerificationFailure f) {
            return f.check();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("verified, expected a failure");
    }

    @ParameterizedTest(name = "{0}: PKCS#8 and SEC1 keys sign, and the bundle verifies")
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void roundTripOnEveryCurve(String curve) throws IOException {
        KeyPair kp = TestPki.ec(curve);
        for (String pem : List.of(TestPki.pkcs8Pem(kp.getPrivate()), TestPki.sec1Pem(kp))) {
            Path m = model();
            Signer.Signed s = Signer.sign(m, keyOptions(load(pem)));
            assertThat(s.signature()).isEqualTo(m.resolve("model.sig"));
            Verified v = Verifier.verify(m, verifyWith((ECPublicKey) kp.getPublic()));
            assertThat(v.files()).isEqualTo(4);
            assertThat(v.rootDigest()).isEqualTo(s.manifest().rootDigest());
            assertThat(v.modelName()).isEqualTo("model");
        }
    }

    @Test
    void encryptedKeyNeedsItsPassword() throws IOException {
        KeyPair kp = TestPki.ec("secp384r1");
        byte[] pem = TestPki.encryptedPkcs8Pem(kp.getPrivate(), "s3cret".toCharArray()).getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(pem, StandardCharsets.US_ASCII)).contains("ENCRYPTED PRIVATE KEY");
        PemFiles.KeyPair key = PemFiles.privateKey(pem, "s3cret".toCharArray(), "enc.pem");
        Path m = model();
        Signer.sign(m, keyOptions(key));
        assertThat(Verifier.verify(m, verifyWith((ECPublicKey) kp.getPublic())).files()).isEqualTo(4);
        assertThatThrownBy(() -> PemFiles.privateKey(pem, "wrong".toCharArray(), "enc.pem"))
                .hasMessageContaining("enc.pem").hasMessageContaining("wrong password");
        assertThatThrownBy(() -> PemFiles.privateKey(pem, null, "enc.pem")).hasMessageContaining("no password");
    }

    @Test
    void sameInputAndKeyGiveTheSameBundleBytes() throws IOException {
        Path m = model();
        Signer.Signed a = Signer.sign(m, keyOptions(KEY));
        Signer.Signed b = Signer.sign(m, keyOptions(KEY));
        assertThat(b.bundle()).isEqualTo(a.bundle());
        assertThat(Files.readAllBytes(m.resolve("model.sig"))).isEqualTo(a.bundle());
    }

    @Test
    void keyRotationAnyTrustedKeyVerifies() throws IOException {
        Path m = model();
        Signer.sign(m, keyOptions(KEY));
        ECPublicKey other = (ECPublicKey) TestPki.ec("secp256r1").getPublic();
        assertThat(Verifier.verify(m, verifyWith(other, (ECPublicKey) P256.getPublic())).files()).isEqualTo(4);
        assertThat(failure(m, verifyWith(other))).isEqualTo(Check.WRONG_KEY);
    }

    // --- tamper matrix ---

    @Test
    void fileChanged() throws IOException {
        Path m = model();
        Signer.sign(m, keyOptions(KEY));
        Files.writeString(m.resolve("sub/tokenizer.txt"), "a b d");
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.FILE_CHANGED);
    }

    @Test
    void fileAdded() throws IOException {
        Path m = model();
        Signer.sign(m, keyOptions(KEY));
        Files.writeString(m.resolve("sub/new.py"), "import os");
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.FILE_EXTRA);
        VerifyOptions lenient = new VerifyOptions(new VerificationMethod.Keys(List.of((ECPublicKey) P256.getPublic())),
                null, List.of(), true, 1);
        assertThat(Verifier.verify(m, lenient).files()).isEqualTo(4);
        VerifyOptions ignoring = new VerifyOptions(new VerificationMethod.Keys(List.of((ECPublicKey) P256.getPublic())),
                null, List.of("sub/new.py"), false, 1);
        assertThat(Verifier.verify(m, ignoring).files()).isEqualTo(4);
    }

    @Test
    void fileRemovedIsMissingNotAnIoError() throws IOException {
        Path m = model();
        Signer.sign(m, keyOptions(KEY));
        Files.delete(m.resolve("config.json"));
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.FILE_MISSING);
        // also with --ignore-unsigned-files
        VerifyOptions lenient = new VerifyOptions(new VerificationMethod.Keys(List.of((ECPublicKey) P256.getPublic())),
                null, List.of(), true, 1);
        assertThat(failure(m, lenient)).isEqualTo(Check.FILE_MISSING);
    }

    @Test
    void fileRenamed() throws IOException {
        Path m = model();
        Signer.sign(m, keyOptions(KEY));
        Files.move(m.resolve("weights.bin"), m.resolve("weights2.bin"));
        assertThatThrownBy(() -> Verifier.verify(m, verifyWith((ECPublicKey) P256.getPublic())))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(Check.FILE_RENAMED);
                    assertThat(f.getMessage()).contains("weights.bin was renamed to weights2.bin");
                });
    }

    @Test
    void signatureAltered() throws IOException {
        Path m = model();
        Signer.sign(m, keyOptions(KEY));
        String json = Files.readString(m.resolve("model.sig"));
        String sig = json.replaceAll("(?s).*\"sig\" : \"([^\"]+)\".*", "$1");
        byte[] raw = Base64.getDecoder().decode(sig);
        raw[raw.length - 1] ^= 1;
        Files.writeString(m.resolve("model.sig"), json.replace(sig, Base64.getEncoder().encodeToString(raw)));
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.BAD_SIGNATURE);
    }

    @Test
    void payloadAlteredToMatchTamperedFiles() throws IOException {
        Path m = model();
        Signer.Signed s = Signer.sign(m, keyOptions(KEY));
        Files.writeString(m.resolve("config.json"), "{\"layers\": 3}");
        // the attacker re-signs nothing, but rewrites the statement to the new digest
        String json = Files.readString(m.resolve("model.sig"));
        String payload = json.replaceAll("(?s).*\"payload\" : \"([^\"]+)\".*", "$1");
        String statement = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
        String oldDigest = s.manifest().resources().getFirst().sha256();
        String newDigest = org.mlgate.core.Digest.sha256(m.resolve("config.json")).hex();
        String forged = Base64.getEncoder().encodeToString(statement.replace(oldDigest, newDigest)
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(m.resolve("model.sig"), json.replace(payload, forged));
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.BAD_SIGNATURE);
    }

    @Test
    void payloadTypeAltered() throws IOException {
        Path m = model();
        Signer.sign(m, keyOptions(KEY));
        String json = Files.readString(m.resolve("model.sig"));
        Files.writeString(m.resolve("model.sig"), json.replace("application/vnd.in-toto+json", "application/json"));
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.WRONG_PAYLOAD_TYPE);
    }

    @Test
    void noSignatureTruncatedAndEmptyBundles() throws IOException {
        Path m = model();
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.NO_SIGNATURE);
        Signer.Signed s = Signer.sign(m, keyOptions(KEY));
        Files.write(m.resolve("model.sig"), java.util.Arrays.copyOf(s.bundle(), s.bundle().length / 2));
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.MALFORMED_BUNDLE);
        Files.write(m.resolve("model.sig"), new byte[0]);
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.MALFORMED_BUNDLE);
    }

    @Test
    void emptyModelIsRefused() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("empty/.git"));
        Files.writeString(m.resolve("HEAD"), "ref");
        assertThatThrownBy(() -> Signer.sign(tmp.resolve("empty"), keyOptions(KEY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to sign");
    }

    @Test
    void unicodeSpecialAndDotFileNames() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("módel 🤖"));
        List<String> names = List.of("données.bin", "中文/模型.safetensors", "space name.txt", ".hidden",
                "colon:and;semi", "quote'\"", "emoji😀.pt", "a-c", "a/b", "tab\tname", "back\\slash");
        for (String n : names) {
            Path p = m.resolve(n);
            Files.createDirectories(p.getParent());
            Files.writeString(p, n);
        }
        Files.createDirectories(m.resolve(".git"));
        Files.writeString(m.resolve(".git/config"), "not signed");
        Signer.Signed s = Signer.sign(m, keyOptions(KEY));
        assertThat(s.manifest().resources()).hasSize(names.size());
        assertThat(s.manifest().resources().stream().map(r -> r.name()).toList())
                .startsWith(".hidden").contains("a/b", "中文/模型.safetensors");
        // path-component order: a/b (component "a") before a-c
        List<String> order = s.manifest().resources().stream().map(r -> r.name()).toList();
        assertThat(order.indexOf("a/b")).isLessThan(order.indexOf("a-c"));
        assertThat(Verifier.verify(m, verifyWith((ECPublicKey) P256.getPublic())).files()).isEqualTo(names.size());
        Files.writeString(m.resolve("中文/模型.safetensors"), "changed");
        assertThatThrownBy(() -> Verifier.verify(m, verifyWith((ECPublicKey) P256.getPublic())))
                .hasMessageContaining("中文/模型.safetensors changed");
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        Path m = model();
        Files.createSymbolicLink(m.resolve("link"), m.resolve("config.json"));
        assertThatThrownBy(() -> Signer.sign(m, keyOptions(KEY))).isInstanceOf(RefusedPathException.class)
                .hasMessageContaining("symbolic link");
        Files.delete(m.resolve("link"));
        Signer.sign(m, keyOptions(KEY));
        Files.createSymbolicLink(m.resolve("link"), m.resolve("config.json"));
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.REFUSED_PATH);
    }

    @Test
    void singleFileDatasetSignatureBesideIt() throws IOException {
        Path data = tmp.resolve("train.parquet");
        Files.write(data, new byte[] {1, 2, 3});
        Signer.Signed s = Signer.sign(data, keyOptions(KEY));
        assertThat(s.signature()).isEqualTo(tmp.resolve("train.parquet.sig"));
        assertThat(s.manifest().resources()).extracting(r -> r.name()).containsExactly(".");
        Verified v = Verifier.verify(data, verifyWith((ECPublicKey) P256.getPublic()));
        assertThat(v.modelName()).isEqualTo("train.parquet");
        Files.write(data, new byte[] {1, 2, 4});
        assertThat(failure(data, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.FILE_CHANGED);
    }

    @Test
    void shardedRoundTripAndTamperInOneShard() throws IOException {
        Path m = model();
        SignOptions o = new SignOptions(new SigningMethod.Key(KEY), null, Serialization.Method.SHARDS, 30_000,
                List.of(), 2);
        Signer.Signed s = Signer.sign(m, o);
        assertThat(s.manifest().resources()).extracting(r -> r.name())
                .contains("weights.bin:0:30000", "weights.bin:90000:100000", "config.json:0:13");
        assertThat(Verifier.verify(m, verifyWith((ECPublicKey) P256.getPublic())).serialization().shardSize())
                .isEqualTo(30_000);
        byte[] w = Files.readAllBytes(m.resolve("weights.bin"));
        w[95_000] = 1;
        Files.write(m.resolve("weights.bin"), w);
        assertThatThrownBy(() -> Verifier.verify(m, verifyWith((ECPublicKey) P256.getPublic())))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(Check.FILE_CHANGED);
                    assertThat(f.getMessage()).contains("weights.bin:90000:100000");
                });
        Files.write(m.resolve("weights.bin"), new byte[100_001]);
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.FILE_CHANGED);
    }

    /** Re-signs {@code m}'s manifest with its resources in {@code order} (root digest over that order). */
    private void resign(Path m, Signer.Signed s, List<org.mlgate.sign.hash.Resource> order) throws IOException {
        org.mlgate.sign.hash.Manifest permuted = new org.mlgate.sign.hash.Manifest(s.manifest().modelName(),
                s.manifest().serialization(), order);
        Files.write(m.resolve("model.sig"), Signer.bundle(org.mlgate.sign.bundle.BundleWriter.modelStatement(permuted),
                new SigningMethod.Key(KEY)));
    }

    /** OMS interoperability: the reference compares manifests as sets; shards may be listed in any order. */
    @Test
    void shardsInAnyOrderVerifyAndTamperingStillFails() throws IOException {
        Path m = model();
        SignOptions o = new SignOptions(new SigningMethod.Key(KEY), null, Serialization.Method.SHARDS, 30_000,
                List.of(), 2);
        Signer.Signed s = Signer.sign(m, o);
        List<org.mlgate.sign.hash.Resource> canonical = s.manifest().resources();
        List<List<org.mlgate.sign.hash.Resource>> orders = new java.util.ArrayList<>();
        orders.add(canonical.reversed());
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5; i++) {
            List<org.mlgate.sign.hash.Resource> shuffled = new java.util.ArrayList<>(canonical);
            java.util.Collections.shuffle(shuffled, random);
            orders.add(shuffled);
        }
        // by shard start first: every file's first shard, then every second shard, ... (files interleaved)
        orders.add(canonical.stream().sorted(java.util.Comparator.comparingLong((org.mlgate.sign.hash.Resource r) ->
                org.mlgate.sign.bundle.ModelStatement.ShardName.parse(r.name(), "r").start())
                .thenComparing(org.mlgate.sign.hash.Resource::name, java.util.Comparator.reverseOrder())).toList());
        ECPublicKey pub = (ECPublicKey) P256.getPublic();
        for (List<org.mlgate.sign.hash.Resource> order : orders) {
            assertThat(order).isNotEqualTo(canonical);
            resign(m, s, order);
            Verified v = Verifier.verify(m, verifyWith(pub));
            assertThat(v.rootDigest()).as("root digest over the statement's own order")
                    .isEqualTo(org.mlgate.sign.hash.Manifest.rootDigest(order)).isNotEqualTo(s.manifest().rootDigest());
        }
        // a changed shard is still found, named, in a permuted bundle
        byte[] w = Files.readAllBytes(m.resolve("weights.bin"));
        w[35_000] = 9;
        Files.write(m.resolve("weights.bin"), w);
        assertThatThrownBy(() -> Verifier.verify(m, verifyWith(pub)))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(Check.FILE_CHANGED);
                    assertThat(f.getMessage()).contains("weights.bin:30000:60000");
                });
        w[35_000] = 0;
        Files.write(m.resolve("weights.bin"), w);
        // a renamed file is recognised whatever the order of its shards
        Files.move(m.resolve("weights.bin"), m.resolve("weights-renamed.bin"));
        assertThat(failure(m, verifyWith(pub))).isEqualTo(Check.FILE_RENAMED);
    }

    @Test
    void anOversizedBundleIsRefusedByItsSizeBeforeItIsRead() throws IOException {
        Path m = model();
        Signer.sign(m, keyOptions(KEY));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(m.resolve("model.sig").toFile(), "rw")) {
            f.setLength(60L << 20); // 60 MB: the parser once spent 2.1 GB and 11 s before refusing one
        }
        long t = System.nanoTime();
        assertThatThrownBy(() -> Verifier.verify(m, verifyWith((ECPublicKey) P256.getPublic())))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(Check.MALFORMED_BUNDLE);
                    assertThat(f.getMessage()).contains("62914560 bytes, more than the 16777216-byte cap");
                });
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertThat(ms).as("refused by its size, not by parsing").isLessThan(1_000);
        // the cap is configurable, up to the parser's own bound
        VerifyOptions small = new VerifyOptions(new VerificationMethod.Keys(List.of((ECPublicKey) P256.getPublic())),
                null, List.of(), false, 2, 1024);
        Signer.sign(m, keyOptions(KEY));
        assertThatThrownBy(() -> Verifier.verify(m, small)).hasMessageContaining("more than the 1024-byte cap");
        assertThatThrownBy(() -> new VerifyOptions(small.method(), null, List.of(), false, 2, 65L << 20))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSignatureThatIsAPipeOrADirectoryIsNotOpened() throws Exception {
        Path m = model();
        Files.createDirectories(m.resolve("model.sig"));
        assertThat(failure(m, verifyWith((ECPublicKey) P256.getPublic()))).isEqualTo(Check.NO_SIGNATURE);
        Path fifo = tmp.resolve("pipe.sig");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        VerifyOptions viaPipe = new VerifyOptions(new VerificationMethod.Keys(List.of((ECPublicKey) P256.getPublic())),
                fifo, List.of(), false, 2);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThatThrownBy(() -> Verifier.verify(m, viaPipe))
                        .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                            assertThat(f.check()).isEqualTo(Check.NO_SIGNATURE);
                            assertThat(f.getMessage()).contains("not a regular file");
                        }));
    }

    @Test
    void unsignedFilesUnderGitPathsOrASignatureDirectoryAreReported() throws IOException {
        Path m = model();
        Files.createDirectories(m.resolve(".git/objects/ab"));
        Files.writeString(m.resolve(".git/objects/ab/cdef"), "payload hidden from the signature");
        Files.writeString(m.resolve(".git/HEAD"), "ref: refs/heads/main");
        Files.writeString(m.resolve(".gitattributes"), "* -text");
        Signer.sign(m, keyOptions(KEY));
        Verified v = Verifier.verify(m, verifyWith((ECPublicKey) P256.getPublic()));
        assertThat(v.leftOut()).containsExactly(new org.mlgate.sign.hash.ModelFiles.LeftOut(".git", 2),
                new org.mlgate.sign.hash.ModelFiles.LeftOut(".gitattributes", 1));
        // the bundle kept elsewhere, and a directory standing where the signature was when signed (recorded as left out)
        Path elsewhere = Files.move(m.resolve("model.sig"), tmp.resolve("bundle.sig"));
        Files.createDirectories(m.resolve("model.sig"));
        Files.writeString(m.resolve("model.sig/extra.py"), "import os");
        VerifyOptions o = new VerifyOptions(new VerificationMethod.Keys(List.of((ECPublicKey) P256.getPublic())),
                elsewhere, List.of(), false, 2);
        assertThat(Verifier.verify(m, o).leftOut()).contains(new org.mlgate.sign.hash.ModelFiles.LeftOut("model.sig", 1));
        // the user's own --ignore-paths are not reported back
        VerifyOptions ignoring = new VerifyOptions(o.method(), elsewhere, List.of(".git"), false, 2);
        assertThat(Verifier.verify(m, ignoring).leftOut()).extracting(org.mlgate.sign.hash.ModelFiles.LeftOut::path)
                .containsExactly(".gitattributes", "model.sig");
    }

    @Test
    void aSignatureNameThatWasNotLeftOutIsCheckedNotReported() throws IOException {
        Path m = model();
        Files.createDirectories(m.resolve("model.sig"));
        Files.writeString(m.resolve("model.sig/part.txt"), "signed content in a directory named like a signature");
        Path bundle = tmp.resolve("elsewhere.sig");
        Signer.sign(m, new SignOptions(new SigningMethod.Key(KEY), bundle, Serialization.Method.FILES, 0, List.of(),
                2));
        VerifyOptions o = new VerifyOptions(new VerificationMethod.Keys(List.of((ECPublicKey) P256.getPublic())),
                bundle, List.of(), false, 2);
        Verified v = Verifier.verify(m, o);
        assertThat(v.files()).isEqualTo(5);
        assertThat(v.leftOut()).isEmpty();
        Files.writeString(m.resolve("model.sig/part.txt"), "changed");
        assertThat(failure(m, o)).isEqualTo(Check.FILE_CHANGED);
    }

    @Test
    void ignorePathsAreRecordedAndAppliedOnVerify() throws IOException {
        Path m = model();
        Files.writeString(m.resolve("notes.md"), "unsigned");
        SignOptions o = new SignOptions(new SigningMethod.Key(KEY), null, Serialization.Method.FILES, 0,
                List.of("notes.md", "sub/deeper"), 2);
        Signer.Signed s = Signer.sign(m, o);
        assertThat(s.manifest().serialization().ignorePaths())
                .containsExactly(".git", ".gitattributes", ".github", ".gitignore", "model.sig", "notes.md", "sub/deeper");
        assertThat(s.manifest().resources()).hasSize(3);
        Files.writeString(m.resolve("notes.md"), "changed, still ignored");
        assertThat(Verifier.verify(m, verifyWith((ECPublicKey) P256.getPublic())).files()).isEqualTo(3);
        assertThatThrownBy(() -> Signer.sign(m, new SignOptions(new SigningMethod.Key(KEY), null,
                Serialization.Method.FILES, 0, List.of("../outside"), 1))).hasMessageContaining("not inside the model");
    }

    // --- certificate method ---

    @Test
    void certificateRoundTripExpiryAndWrongCa() throws IOException {
        TestPki.Hierarchy h = TestPki.Hierarchy.create("acme");
        PemFiles.KeyPair key = load(TestPki.pkcs8Pem(h.leafKey().getPrivate()));
        Path m = model();
        Signer.sign(m, new SignOptions(new SigningMethod.Certificate(key, h.leaf(), List.of(h.intermediate(), h.root())),
                null, Serialization.Method.FILES, 0, List.of(), 2));
        java.time.Clock in2026 = java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"),
                java.time.ZoneOffset.UTC);
        VerifyOptions ok = new VerifyOptions(new VerificationMethod.Certificates(List.of(h.root()), in2026), null,
                List.of(), false, 2);
        Verified v = Verifier.verify(m, ok);
        assertThat(v.signer()).contains("acme-signer");
        java.time.Clock in2031 = java.time.Clock.fixed(java.time.Instant.parse("2031-01-01T00:00:00Z"),
                java.time.ZoneOffset.UTC);
        assertThat(failure(m, new VerifyOptions(new VerificationMethod.Certificates(List.of(h.root()), in2031), null,
                List.of(), false, 1))).isEqualTo(Check.CERTIFICATE_EXPIRED);
        TestPki.Hierarchy other = TestPki.Hierarchy.create("other");
        assertThat(failure(m, new VerifyOptions(new VerificationMethod.Certificates(List.of(other.root()), in2026), null,
                List.of(), false, 1))).isEqualTo(Check.UNTRUSTED_CERTIFICATE);
        assertThat(failure(m, verifyWith((ECPublicKey) h.leafKey().getPublic()))).isEqualTo(Check.METHOD_MISMATCH);
    }

    @Test
    void certificateForAnotherKeyIsRefusedAtSigning() {
        TestPki.Hierarchy h = TestPki.Hierarchy.create("acme");
        assertThatThrownBy(() -> new SigningMethod.Certificate(KEY, h.leaf(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not for this private key");
    }

    @Test
    void leafNotForCodeSigningIsUntrusted() throws IOException {
        TestPki.Hierarchy h = TestPki.Hierarchy.create("acme");
        java.time.Instant from = java.time.Instant.parse("2025-01-01T00:00:00Z");
        java.time.Instant to = java.time.Instant.parse("2030-01-01T00:00:00Z");
        var tls = TestPki.cert("tls", h.leafKey().getPublic(), "acme-int", h.intKey().getPrivate(), false, from, to, false);
        Path m = model();
        Signer.sign(m, new SignOptions(new SigningMethod.Certificate(load(TestPki.pkcs8Pem(h.leafKey().getPrivate())),
                tls, List.of(h.intermediate())), null, Serialization.Method.FILES, 0, List.of(), 1));
        assertThatThrownBy(() -> Verifier.verify(m, new VerifyOptions(new VerificationMethod.Certificates(
                List.of(h.root()), Vectors.CLOCK), null, List.of(), false, 1)))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(Check.UNTRUSTED_CERTIFICATE);
                    assertThat(f.getMessage()).contains("code signing");
                });
    }
}
