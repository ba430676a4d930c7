package org.mlgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import org.mlgate.core.Digest;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.RecordReader;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.provenance.ProvenanceRecorder;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.scan.Scanner;
import org.mlgate.sign.SignOptions;
import org.mlgate.sign.Signer;
import org.mlgate.sign.SigningMethod;
import org.mlgate.sign.VerificationFailure;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.VerifyOptions;
import org.mlgate.sign.hash.Serialization;
import org.mlgate.sign.keys.Curve;
import org.mlgate.sign.keys.PemFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {
    @TempDir
    Path tmp;

    private PemFiles.KeyPair pair;
    private Path model;

    /** A protocol-2 pickle calling os.system: never loaded, only scanned. */
    private static final byte[] EVIL = {(byte) 0x80, 0x02, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', '.'};

    @BeforeEach
    void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var kp = g.generateKeyPair();
        pair = new PemFiles.KeyPair((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic(), Curve.P256);
        model = Files.createDirectories(tmp.resolve("fraud"));
        Files.write(model.resolve("model.safetensors"), safetensors());
        Files.writeString(model.resolve("schema.json"), "{}");
    }

    private void sign() throws Exception {
        Signer.sign(model, new SignOptions(new SigningMethod.Key(pair), null, Serialization.Method.FILES, 0, List.of(), 1));
    }

    private VerifyOptions verify() {
        return new VerifyOptions(new VerificationMethod.Keys(List.of(pair.publicKey())), null, List.of(), false, 1);
    }

    private static Scanner scanner() {
        return Scanner.builder().threads(1).build();
    }

    /** A minimal valid safetensors file: one F32 scalar. */
    private static byte[] safetensors() {
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes();
        byte[] out = new byte[8 + header.length + 4];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) ((long) header.length >>> (8 * i)); // long: an int shift by 32+ wraps
        }
        System.arraycopy(header, 0, out, 8, header.length);
        return out;
    }

    @Test
    void admitsASignedModelWhoseFilesScanSafeInProcess() throws Exception {
        sign();
        Admission a = Gate.admit(model, verify(), new ScanRequirement.InProcess(scanner()));
        assertThat(a.files()).extracting(Admission.AdmittedFile::verdict).containsOnly(Verdict.SAFE);
        assertThat(a.files()).extracting(Admission.AdmittedFile::name).contains("model.safetensors", "schema.json");
        assertThat(a.modelDigest()).isEqualTo(Digest.sha256(model.resolve("model.safetensors")).hex());
        assertThat(a.evidence()).isInstanceOf(Admission.Evidence.Scanned.class);
        assertThat(((Admission.Evidence.Scanned) a.evidence()).policy().failOn()).isEqualTo("HIGH");
    }

    @Test
    void refusesASignedFileThatScansUnsafe() throws Exception {
        Files.write(model.resolve("extra.pkl"), EVIL);
        sign(); // signed by the owner, malicious all the same
        assertThatThrownBy(() -> Gate.admit(model, verify(), new ScanRequirement.InProcess(scanner())))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(VerificationFailure.Check.SCAN_NOT_SAFE);
                    assertThat(f.getMessage()).contains("extra.pkl scanned UNSAFE", "CRITICAL");
                });
        // the signature alone admits it: the scan requirement is what stops it
        assertThat(Gate.admit(model, verify(), new ScanRequirement.NotRequired()).files()).hasSize(3);
    }

    @Test
    void refusesATamperedModelBeforeScanning() throws Exception {
        sign();
        Files.write(model.resolve("schema.json"), "{\"x\":1}".getBytes());
        assertThatThrownBy(() -> Gate.admit(model, verify(), new ScanRequirement.InProcess(scanner())))
                .isInstanceOfSatisfying(VerificationFailure.class,
                        f -> assertThat(f.check()).isEqualTo(VerificationFailure.Check.FILE_CHANGED));
    }

    @Test
    void attestationUnderAWeakerFailThresholdIsRefused() throws Exception {
        sign();
        Path att = tmp.resolve("scan.sig");
        Scanner lax = Scanner.builder().threads(1).failOn(Severity.CRITICAL).build();
        var report = lax.scan(List.of(model));
        Files.write(att, ScanAttestation.sign(ScanAttestation.predicate(report, lax.policy()),
                new SigningMethod.Key(pair)));
        var keys = new VerificationMethod.Keys(List.of(pair.publicKey()));
        assertThatThrownBy(() -> Gate.admit(model, verify(), new ScanRequirement.Attested(att, keys, scanner())))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> assertThat(f.check())
                        .isEqualTo(VerificationFailure.Check.ATTESTATION_POLICY_WEAKER));
        // a verifier that itself fails only on CRITICAL accepts it
        Scanner sameAsMaker = Scanner.builder().threads(1).failOn(Severity.CRITICAL).build();
        Admission a = Gate.admit(model, verify(), new ScanRequirement.Attested(att, keys, sameAsMaker));
        assertThat(a.evidence()).isInstanceOf(Admission.Evidence.Attested.class);
    }

    @Test
    void deploymentRecordIsReachedByImpactOfTheTrainingDataset() throws Exception {
        sign();
        Path data = Files.writeString(tmp.resolve("fraud.csv"), "amount,label\n1,0\n");
        String dataSha = Digest.sha256(data).hex();
        String weightsSha = Digest.sha256(model.resolve("model.safetensors")).hex();
        var provenance = ProvenanceRecorder.start("https://mlgate.dev/train/v1")
                .uses(new Artifact(dataSha, ArtifactKind.DATASET, "fraud.csv"))
                .finish(List.of(new Artifact(weightsSha, ArtifactKind.MODEL, "model.safetensors")));
        Admission a = Gate.admit(model, verify(), new ScanRequirement.InProcess(scanner()));
        byte[] statement = DeploymentRecord.statement(a, "fraud", "http://127.0.0.1:8080", Instant.parse(
                "2026-12-07T08:00:00Z"));
        try (LineageStore store = LineageStore.open(StoreConfig.embedded(tmp.resolve("home")))) {
            store.record(RecordReader.read(CanonicalJson.bytes(provenance), "provenance.json", null,
                    ArtifactKind.MODEL));
            var entry = DeploymentRecord.record(store, statement, "fraud");
            assertThat(entry.type().label()).isEqualTo("deployment");
            List<Artifact> impact = store.impact(dataSha);
            assertThat(impact).extracting(Artifact::kind).contains(ArtifactKind.MODEL, ArtifactKind.DEPLOYMENT);
            assertThat(impact).filteredOn(x -> x.kind() == ArtifactKind.DEPLOYMENT).extracting(Artifact::name)
                    .containsExactly("fraud");
        }
        var predicate = CanonicalJson.MAPPER.readTree(statement).path("predicate");
        assertThat(predicate.path("model").path("digest").path("sha256").asText()).isEqualTo(weightsSha);
        assertThat(predicate.path("model").path("oms_root_digest").path("sha256").asText())
                .isEqualTo(a.signature().rootDigest());
        assertThat(predicate.path("admission").path("scan").asText()).isEqualTo("in-process");
    }
}
