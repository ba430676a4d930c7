package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Severity;
import org.mlgate.scan.ScanRules;

/** Routing of the picklescan corpus's containers: which members reach the pickle path, and why. */
class PicklescanRoutingTest {

    @Test
    void encryptionFlagOnPlaintext_0x1() {
        Harness.Result r = Corpus.scan("data/malicious1_0x1.zip");
        assertThat(r.pickleMembers()).containsExactly("model/config.pkl");
        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("encryption flag"));
        assertThat(r.findings(ScanRules.ENCRYPTED_MEMBER)).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void patchedFlag_0x20_andStrongEncryptionFlag_0x40() {
        Harness.Result r20 = Corpus.scan("data/malicious1_0x20.zip");
        assertThat(r20.pickleMembers()).containsExactly("model/config.pkl");
        assertThat(r20.findings(ScanRules.ZIP_ANOMALY)).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("0x20"));

        Harness.Result r40 = Corpus.scan("data/malicious1_0x40.zip");
        assertThat(r40.pickleMembers()).containsExactly("model/config.pkl");
        assertThat(r40.findings(ScanRules.ZIP_ANOMALY)).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("encryption flag"));
    }

    @Test
    void crcMismatch() {
        Harness.Result r = Corpus.scan("data2/malicious1_crc.zip");
        assertThat(r.pickleMembers()).containsExactly("data.pkl");
        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("CRC-32"));
    }

    @Test
    void centralDirectoryNameWins() {
        Harness.Result r = Corpus.scan("data/malicious1_central_directory.zip");
        assertThat(r.pickleMembers()).containsExactly("data.pkl");
        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("'datap.kl'"));
    }

    @Test
    void wrongExtensionIsFoundByContent() {
        Harness.Result r = Corpus.scan("data/malicious1_wrong_ext.zip");
        assertThat(r.pickleMembers()).containsExactly("data.txt");
        assertThat(r.outcome().findings()).isEmpty();
    }

    @Test
    void plainZip() {
        Harness.Result r = Corpus.scan("data/malicious1.zip");
        assertThat(r.pickleMembers()).containsExactly("data.pkl");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void passwordProtectedZipIsInfoOnly() {
        Harness.Result r = Corpus.scan("data/benign_password_protected.zip");
        assertThat(r.format()).isEqualTo("zip");
        assertThat(r.pickles()).isEmpty();
        assertThat(r.problems()).isEmpty();
        assertThat(r.outcome().findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo(ScanRules.ENCRYPTED_MEMBER.id());
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.location().at()).isEqualTo("test.txt");
        });
    }

    @Test
    void npzMembersGoToNpy() {
        for (String f : new String[] {"data2/int_arrays.npz", "data2/int_arrays_compressed.npz"}) {
            Harness.Result r = Corpus.scan(f);
            assertThat(r.routedTo("npy")).as(f).containsExactly("a.npy", "b.npy");
            assertThat(r.pickles()).as(f).isEmpty();
            assertThat(r.outcome().findings()).as(f).isEmpty();
            assertThat(r.problems()).as(f).isEmpty();
        }
    }

    @Test
    void numericNpy() {
        Harness.Result r = Corpus.scan("data2/int_array.npy");
        assertThat(r.format()).isEqualTo("npy");
        assertThat(r.outcome().findings()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void objectNpyHandsItsPickleOver() {
        for (String f : new String[] {"data2/object_array.npy", "data2/dns_exfiltration.npy"}) {
            Harness.Result r = Corpus.scan(f);
            assertThat(r.format()).as(f).isEqualTo("npy");
            assertThat(r.findings(ScanRules.OBJECT_ARRAY)).as(f).hasSize(1);
            assertThat(r.pickles()).as(f).singleElement().satisfies(s -> {
                assertThat(s.members()).containsExactly("array-data");
                assertThat(s.head()[0] & 0xff).isEqualTo(0x80);
            });
        }
    }

    @Test
    void objectNpzMembersReachPickleThroughNpy() {
        for (String f : new String[] {"data2/object_arrays.npz", "data2/object_arrays_compressed.npz"}) {
            Harness.Result r = Corpus.scan(f);
            assertThat(r.routedTo("npy")).as(f).hasSize(2);
            assertThat(r.pickles()).as(f).hasSize(2)
                    .allSatisfy(s -> assertThat(s.members()).hasSize(2).last().isEqualTo("array-data"));
            assertThat(r.problems()).as(f).isEmpty();
        }
    }

    @Test
    void sevenZip() {
        Harness.Result r = Corpus.scan("data/malicious1.7z");
        assertThat(r.format()).isEqualTo("7z");
        assertThat(r.pickleMembers()).containsExactly("data.pkl");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void pytorchZipCheckpointSkipsStorages() {
        Harness.Result r = Corpus.scan("data/new_pytorch_model.bin");
        assertThat(r.format()).isEqualTo("zip");
        assertThat(r.pickleMembers()).containsExactly("archive/data.pkl");
        assertThat(r.routed()).noneMatch(x -> x.member().equals("archive/data/0"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.outcome().findings()).isEmpty();
    }

    @Test
    void pngIsNotAContainer() {
        Harness.Result r = Corpus.scan("data/bad_pytorch.pt");
        assertThat(r.format()).isEqualTo("not-a-model");
        assertThat(r.ruleIds()).isEmpty();
        // named .pt, it claims a PyTorch checkpoint: not SAFE
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("claims a PyTorch checkpoint (.pt), is not a PyTorch checkpoint"));
    }
}
