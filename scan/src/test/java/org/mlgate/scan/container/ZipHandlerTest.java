package org.mlgate.scan.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlgate.scan.container.Fixtures.PICKLE;
import static org.mlgate.scan.container.Fixtures.text;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.ScanRules;

class ZipHandlerTest {

    @Test
    void routesMembersByContentAndPklNamesToPickle() {
        ZipBuilder z = new ZipBuilder();
        z.add("readme.txt", "just text");
        z.add("weights.bin", PICKLE);
        z.add("model/config.pkl", text("not a pickle start"));
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.format()).isEqualTo("zip");
        assertThat(r.pickleMembers()).containsExactly("weights.bin", "model/config.pkl");
        assertThat(r.outcome().findings()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void deflatedMembersAreInflated() {
        byte[] big = new byte[100_000];
        System.arraycopy(PICKLE, 0, big, 0, PICKLE.length);
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", big).deflated();
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.pickles()).singleElement().satisfies(s -> {
            assertThat(s.size()).isEqualTo(big.length);
            assertThat(s.members()).containsExactly("archive/data.pkl");
        });
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void zip_crc_mismatch_isReportedAndMemberStillScanned() {
        ZipBuilder z = new ZipBuilder();
        z.add("data.pkl", PICKLE).crc(0xdeadbeefL);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("CRC-32").contains("deadbeef"));
        assertThat(r.pickleMembers()).containsExactly("data.pkl");
    }

    @Test
    void zip_encryption_flag_on_plaintext_isAnAnomalyAndScanned() {
        ZipBuilder z = new ZipBuilder();
        z.add("model/config.pkl", PICKLE).flags(0x1);
        z.add("other.pkl", PICKLE).flags(0x40);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).hasSize(2)
                .allSatisfy(f -> assertThat(f.message()).contains("encryption flag").contains("readable"));
        assertThat(r.findings(ScanRules.ENCRYPTED_MEMBER)).isEmpty();
        assertThat(r.pickleMembers()).containsExactly("model/config.pkl", "other.pkl");
    }

    @Test
    void zip_encrypted_member_isInfoOnlyAndNotScanned() {
        // ZipCrypto layout: 12-byte encryption header + ciphertext, compressed size = size + 12.
        byte[] cipher = new byte[27];
        cipher[0] = (byte) 0xa6;
        for (int i = 1; i < cipher.length; i++) {
            cipher[i] = (byte) (i * 37 + 11);
        }
        ZipBuilder z = new ZipBuilder();
        z.add("test.txt", cipher).flags(0x1).sizes(27, 15);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ENCRYPTED_MEMBER)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(r.pickles()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void zip_encrypted_member_staysEncryptedEvenIfThePickleSniffAcceptsEverything() {
        byte[] cipher = new byte[27];
        cipher[0] = (byte) 0xa6; // not a pickle opcode: pickle.load would stop at once
        ZipBuilder z = new ZipBuilder();
        z.add("test.txt", cipher).flags(0x1).sizes(27, 15);
        Harness.Result r = Harness.scan("t.zip", java.lang.foreign.MemorySegment.ofArray(z.build()), Budgets.DEFAULT,
                b -> b.size() > 0);

        assertThat(r.findings(ScanRules.ENCRYPTED_MEMBER)).hasSize(1);
        assertThat(r.pickles()).isEmpty();
    }

    @Test
    void zip_encrypted_deflate_member_thatDoesNotInflate_isEncrypted() {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xff);
        ZipBuilder z = new ZipBuilder();
        z.add("secret.pkl", garbage).method(8).flags(0x1);
        // the builder would deflate the data; force the raw bytes instead by declaring method 8 over stored bytes
        byte[] zip = z.build();
        Harness.Result r = Harness.scan(zip);
        // deflated garbage inflates fine, so this is plaintext with a lying flag
        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).isNotEmpty();

        ZipBuilder raw = new ZipBuilder();
        raw.add("secret.pkl", garbage).flags(0x1).method(0);
        byte[] bytes = raw.build();
        // patch the method fields (local at 8, central after the local record) to 8: the 0xff bytes do not inflate
        bytes[8] = 8;
        int central = indexOf(bytes, new byte[] {'P', 'K', 1, 2});
        bytes[central + 10] = 8;
        Harness.Result enc = Harness.scan(bytes);
        assertThat(enc.findings(ScanRules.ENCRYPTED_MEMBER)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("does not inflate"));
        assertThat(enc.pickles()).isEmpty();
        assertThat(enc.problems()).isEmpty();
    }

    @Test
    void zip_local_name_differs_goesByCentralName() {
        ZipBuilder z = new ZipBuilder();
        z.add("data.pkl", text("xyz")).localName("datap.kl");
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("datap.kl").contains("data.pkl"));
        assertThat(r.pickleMembers()).containsExactly("data.pkl");
    }

    @Test
    void zip_local_name_longer_shiftsDataLikeMiniz() {
        // The data offset comes from the LOCAL name length: a longer local name moves the data.
        ZipBuilder z = new ZipBuilder();
        z.add("a.pkl", PICKLE).localName("a-much-longer-local-name.pkl");
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.pickles()).singleElement().satisfies(s -> assertThat(s.head()).startsWith(PICKLE));
    }

    @Test
    void zip_duplicate_names_areReportedAndBothScanned() {
        ZipBuilder z = new ZipBuilder();
        z.add("data.pkl", PICKLE);
        z.add("data.pkl", PICKLE);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("more than once"));
        assertThat(r.pickleMembers()).containsExactly("data.pkl", "data.pkl");
    }

    @Test
    void zip_overlapping_members_areReported() {
        ZipBuilder z = new ZipBuilder();
        z.add("a.pkl", PICKLE);
        z.add("b.pkl", PICKLE).sameLocalHeaderAs(0);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("'b.pkl' (bytes 0..41) overlaps member 'a.pkl'"))
                .anySatisfy(m -> assertThat(m).contains("local header names the member 'a.pkl'"));
        assertThat(r.pickleMembers()).containsExactly("a.pkl", "b.pkl");
    }

    @Test
    void zip_slip_parent() {
        ZipBuilder z = new ZipBuilder();
        z.add("../../etc/cron.d/x", "text");
        z.add("ok/../fine.txt", "text");
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_SLIP)).singleElement().satisfies(f -> {
            assertThat(f.location().at()).isEqualTo("../../etc/cron.d/x");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
        });
    }

    @Test
    void zip_slip_absolute_and_drive() {
        ZipBuilder z = new ZipBuilder();
        z.add("/etc/passwd", "text");
        z.add("C:\\Windows\\x.dll", "text");
        z.add("a\\..\\..\\b", "text");
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_SLIP)).extracting(Finding::message).satisfiesExactly(
                m -> assertThat(m).contains("absolute"), m -> assertThat(m).contains("drive"),
                m -> assertThat(m).contains(".."));
    }

    @Test
    void zip_symlink_isReportedWithTargetAndNotScanned() {
        ZipBuilder z = new ZipBuilder();
        z.add("link.pkl", "/etc/passwd").symlink();
        z.add("plain.txt", "x").unixMode(0100644);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.SYMLINK)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("link.pkl").contains("/etc/passwd"));
        assertThat(r.pickles()).isEmpty();
    }

    @Test
    void zip_eocd_truncated() {
        ZipBuilder z = new ZipBuilder();
        z.add("data.pkl", PICKLE);
        byte[] full = z.build();
        Harness.Result r = Harness.scan(Arrays.copyOf(full, full.length - 10));

        assertThat(r.format()).isEqualTo("zip");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("no End Of Central Directory");
        });
    }

    @Test
    void zip_cd_offset_past_eof() {
        ZipBuilder z = new ZipBuilder();
        z.add("data.pkl", PICKLE);
        z.centralDirectoryOffset(1_000_000);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("central directory offset 1000000").contains("past the end of the file");
        });
        assertThat(r.pickles()).isEmpty();
    }

    @Test
    void zip_bad_central_signature() {
        ZipBuilder z = new ZipBuilder();
        z.add("data.pkl", PICKLE);
        byte[] b = z.build();
        int central = indexOf(b, new byte[] {'P', 'K', 1, 2});
        b[central + 2] = 9;
        Harness.Result r = Harness.scan(b);
        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("bad central directory signature 0x02094b50"));
    }

    @Test
    void zip64_records_and_extra_fields_areRead() {
        ZipBuilder z = new ZipBuilder().zip64Eocd();
        z.add("archive/data.pkl", PICKLE).zip64();
        z.add("b.txt", "text").zip64();
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.problems()).isEmpty();
        assertThat(r.outcome().findings()).isEmpty();
        assertThat(r.pickleMembers()).containsExactly("archive/data.pkl");
    }

    @Test
    void zip64_bad_locator() {
        ZipBuilder z = new ZipBuilder().zip64Eocd();
        z.add("data.pkl", PICKLE);
        byte[] b = z.build();
        int z64 = indexOf(b, new byte[] {'P', 'K', 6, 6});
        b[z64 + 3] = 0; // the ZIP64 end record's signature no longer matches where the locator points
        Harness.Result r = Harness.scan(b);

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("ZIP64 locator points to");
        });
    }

    @Test
    void zip64_markers_without_locator() {
        ZipBuilder z = new ZipBuilder().zip64Eocd();
        z.add("data.pkl", PICKLE);
        byte[] b = z.build();
        int loc = indexOf(b, new byte[] {'P', 'K', 6, 7});
        b[loc + 2] = 0;
        Harness.Result r = Harness.scan(b);

        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ZIP64 markers but no ZIP64 locator"));
    }

    @Test
    void zip64_extra_missing_for_saturated_field() {
        ZipBuilder z = new ZipBuilder();
        z.add("data.pkl", PICKLE).sizes(0xffffffffL, PICKLE.length);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("needs a ZIP64 compressed size"));
    }

    @Test
    void zip_with_prepended_payload_scansThePrefixToo() {
        ZipBuilder z = new ZipBuilder().prepend(Fixtures.concat(PICKLE, text("junk junk")));
        z.add("readme.txt", "hello");
        z.add("m.pkl", PICKLE);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.format()).isEqualTo("zip");
        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("15 bytes precede the archive"));
        assertThat(r.pickleMembers()).containsExactly(ZipHandler.PREPENDED, "m.pkl");
    }

    @Test
    void zip_trailing_data_after_eocd_isAnAnomaly() {
        ZipBuilder z = new ZipBuilder().append(text("trailing"));
        z.add("a.txt", "x");
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("8 bytes follow the end of the archive"));
    }

    @Test
    void zip_entry_count_mismatch_isAnAnomaly() {
        ZipBuilder z = new ZipBuilder().declaredEntries(5);
        z.add("a.txt", "x");
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("declares 5 members"));
    }

    @Test
    void zip_bzip2MethodThatIsNotBzip2_isMalformedNamingTheCodec() {
        ZipBuilder z = new ZipBuilder();
        z.add("a.pkl", PICKLE).method(12); // stored bytes labelled bzip2
        Harness.Result r = Harness.scan(z.build());
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("a.pkl").contains("bzip2");
        });
    }

    @Test
    void zip_unsupported_method_isAProblemForThatMemberOnly() {
        ZipBuilder z = new ZipBuilder();
        z.add("a.pkl", PICKLE).method(93); // zstd: Python 3.14's zipfile reads it, mlgate does not decode it
        z.add("b.pkl", PICKLE);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.UNSUPPORTED);
            assertThat(p.message()).contains("a.pkl").contains("method 93");
        });
        assertThat(r.pickleMembers()).containsExactly("b.pkl");
    }

    @Test
    void zip_deflate_truncated_scansPrefixAndReportsProblem() {
        byte[] data = new byte[50_000];
        System.arraycopy(PICKLE, 0, data, 0, PICKLE.length);
        for (int i = PICKLE.length; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >> 7));
        }
        byte[] packed = ZipBuilder.deflate(data);
        ZipBuilder z = new ZipBuilder();
        z.add("data.pkl", data).deflated().sizes(packed.length / 2, data.length);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("corrupt or truncated");
        });
        assertThat(r.pickles()).singleElement().satisfies(s -> assertThat(s.head()).startsWith(PICKLE));
    }

    @Test
    void zip_member_past_eof() {
        ZipBuilder z = new ZipBuilder();
        z.add("a.pkl", PICKLE).sizes(1_000_000, 1_000_000);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("run past the end of the file"));
    }

    @Test
    void zip_bomb_isReportedAndNotAnalysed() {
        ZipBuilder z = new ZipBuilder();
        z.add("zeros.bin", new byte[8 << 20]).deflated();
        Budgets strict = new Budgets(1000, 1000, 1000, 1000, 1L << 30, 100, 8, 1000, Duration.ofMinutes(1));
        Harness.Result r = Harness.scan(z.build(), strict);

        assertThat(r.findings(ScanRules.BOMB)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("zeros.bin").contains("ratio limit 100"));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET));
    }

    @Test
    void zip_member_budget() {
        ZipBuilder z = new ZipBuilder();
        for (int i = 0; i < 20; i++) {
            z.add("m" + i + ".txt", "x");
        }
        Budgets strict = new Budgets(1000, 1000, 1000, 1000, 1L << 30, 100, 8, 10, Duration.ofMinutes(1));
        Harness.Result r = Harness.scan(z.build(), strict);

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET);
            assertThat(p.message()).contains("20 members");
        });
    }

    @Test
    void zip_nested_in_zip_keepsTheMemberChain() {
        ZipBuilder inner = new ZipBuilder();
        inner.add("inner.pkl", PICKLE);
        ZipBuilder outer = new ZipBuilder();
        outer.add("nested.zip", inner.build());
        Harness.Result r = Harness.scan(outer.build());

        assertThat(r.pickles()).singleElement()
                .satisfies(s -> assertThat(s.members()).containsExactly("nested.zip", "inner.pkl"));
    }

    @Test
    void zip_nesting_budget_stopsRecursion() {
        byte[] b = PICKLE;
        for (int i = 0; i < 5; i++) {
            ZipBuilder z = new ZipBuilder();
            z.add("level" + i + ".zip", b);
            b = z.build();
        }
        Budgets shallow = new Budgets(1000, 1000, 1000, 1000, 1L << 30, 100, 3, 1000, Duration.ofMinutes(1));
        Harness.Result r = Harness.scan(b, shallow);

        assertThat(r.pickles()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BUDGET);
            assertThat(p.message()).contains("nesting deeper than 3");
        });
    }

    @Test
    void zip_stored_size_mismatch_readsTheUncompressedSizeLikePyTorch() {
        ZipBuilder z = new ZipBuilder();
        z.add("a.bin", Fixtures.concat(PICKLE, text("tail"))).sizes(PICKLE.length + 4, PICKLE.length);
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("PyTorch reads " + PICKLE.length + " bytes"));
        assertThat(r.pickles()).singleElement().satisfies(s -> assertThat(s.size()).isEqualTo(PICKLE.length));
    }

    @Test
    void zip_nul_in_name_counts_as_pkl_for_python() {
        ZipBuilder z = new ZipBuilder();
        z.add("evil.pkl\0.txt", "not a pickle start");
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("NUL"));
        assertThat(r.pickles()).hasSize(1);
    }

    @Test
    void zip_many_anomalies_are_capped_with_a_summary() {
        ZipBuilder z = new ZipBuilder();
        for (int i = 0; i < 30; i++) {
            z.add("same.txt", "x");
        }
        Harness.Result r = Harness.scan(z.build());

        assertThat(r.findings(ScanRules.ZIP_ANOMALY)).hasSize(AnomalyLog.PER_KIND + 1)
                .last().satisfies(f -> assertThat(f.message()).contains("9 more 'duplicate-name'"));
    }

    @Test
    void empty_zip_isFine() {
        Harness.Result r = Harness.scan(new ZipBuilder().build());
        assertThat(r.format()).isEqualTo("zip");
        assertThat(r.problems()).isEmpty();
        assertThat(r.outcome().findings()).isEmpty();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
