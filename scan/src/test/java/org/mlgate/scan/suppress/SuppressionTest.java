package org.mlgate.scan.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Digest;
import org.mlgate.core.ExitCode;
import org.mlgate.core.UsageException;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanReport;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.report.JsonReport;
import org.mlgate.scan.report.JsonSchemas;
import org.mlgate.scan.report.SarifReport;
import org.mlgate.scan.testing.PickleBuilder;

class SuppressionTest {
    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static List<Suppression> parse(String json) {
        return SuppressionFiles.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private static String entry(String sha, String rule, String expires) {
        return "{\"sha256\": \"" + sha + "\", \"rule\": \"" + rule + "\", \"reason\": \"reviewed in SEC-1\", "
                + "\"expires\": \"" + expires + "\"}";
    }

    private static String file(String... entries) {
        return "{\"format\": \"mlgate-suppressions/v1\", \"suppressions\": [" + String.join(",", entries) + "]}";
    }

    @Test
    void anActiveSuppressionTakesTheFindingOutOfTheVerdictButKeepsItInTheReport() throws IOException {
        byte[] custom = PickleBuilder.create().proto(2).global("mypkg.models", "Net").emptyTuple().op(0x81).stop()
                .bytes();
        Path model = Files.write(dir.resolve("net.pkl"), custom);
        String sha = Digest.sha256(custom).hex();
        Scanner s = Scanner.builder().threads(1).clock(NOV_2026)
                .suppressions(parse(file(entry(sha, "MLG-PKL-002", "2026-12-31")))).build();
        ScanReport r = s.scan(List.of(model));
        FileResult f = r.files().getFirst();
        assertThat(f.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(f.findings()).isEmpty();
        assertThat(f.suppressed()).singleElement().satisfies(x -> {
            assertThat(x.finding().ruleId()).isEqualTo("MLG-PKL-002");
            assertThat(x.reason()).isEqualTo("reviewed in SEC-1");
        });
        assertThat(r.suppressionNotices()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(JsonReport.render(r)).contains("\"suppressed\"").contains("reviewed in SEC-1");
        assertThat(JsonSchemas.scanReportViolations(JsonReport.render(r))).isEmpty();
        assertThat(SarifReport.render(r)).contains("\"suppressions\"").contains("\"accepted\"");
        assertThat(JsonSchemas.sarifViolations(SarifReport.render(r))).isEmpty();
    }

    @Test
    void aSuppressionIsPinnedToTheFileBytesAndTheRule() throws IOException {
        byte[] evil = PickleBuilder.create().proto(2).osSystem().stop().bytes();
        Path model = Files.write(dir.resolve("evil.pkl"), evil);
        String otherSha = Digest.sha256(new byte[] {1}).hex();
        String sha = Digest.sha256(evil).hex();
        Scanner s = Scanner.builder().threads(1).clock(NOV_2026).suppressions(parse(file(
                entry(otherSha, "MLG-PKL-001", "2027-01-01"),
                entry(sha, "MLG-PKL-002", "2027-01-01")))).build();
        ScanReport r = s.scan(List.of(model));
        assertThat(r.files().getFirst().verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.suppressionNotices()).extracting(SuppressionNotice::status)
                .containsExactly(SuppressionNotice.Status.UNUSED, SuppressionNotice.Status.UNUSED);
    }

    @Test
    void anExpiredSuppressionNoLongerSuppressesAndIsReported() throws IOException {
        byte[] evil = PickleBuilder.create().proto(2).osSystem().stop().bytes();
        Path model = Files.write(dir.resolve("evil.pkl"), evil);
        String sha = Digest.sha256(evil).hex();
        List<Suppression> entries = parse(file(entry(sha, "MLG-PKL-001", "2026-11-25")));
        ScanReport expired = Scanner.builder().threads(1).clock(NOV_2026).suppressions(entries).build()
                .scan(List.of(model));
        assertThat(expired.files().getFirst().verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(JsonSchemas.scanReportViolations(JsonReport.render(expired))).isEmpty();
        assertThat(org.mlgate.scan.report.TextReport.render(expired)).contains("suppression expired");
        assertThat(expired.suppressionNotices()).singleElement()
                .satisfies(n -> assertThat(n.status()).isEqualTo(SuppressionNotice.Status.EXPIRED));
        Clock lastDay = Clock.fixed(Instant.parse("2026-11-25T23:59:00Z"), ZoneOffset.UTC);
        ScanReport stillActive = Scanner.builder().threads(1).clock(lastDay).suppressions(entries).build()
                .scan(List.of(model));
        assertThat(stillActive.files().getFirst().verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void malformedFilesAreUsageErrorsNamingTheEntry() {
        String sha = "a".repeat(64);
        assertThatThrownBy(() -> parse(file("{\"sha256\": \"" + sha + "\", \"rule\": \"MLG-PKL-002\", "
                + "\"expires\": \"2027-01-01\"}"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("entry #0").hasMessageContaining("reason");
        assertThatThrownBy(() -> parse(file(entry("ABC", "MLG-PKL-002", "2027-01-01"))))
                .isInstanceOf(UsageException.class).hasMessageContaining("sha256");
        assertThatThrownBy(() -> parse(file(entry(sha, "PKL-2", "2027-01-01"))))
                .isInstanceOf(UsageException.class).hasMessageContaining("rule");
        assertThatThrownBy(() -> parse(file(entry(sha, "MLG-PKL-002", "next year"))))
                .isInstanceOf(UsageException.class).hasMessageContaining("expires");
        assertThatThrownBy(() -> parse(file(entry(sha, "MLG-PKL-002", "2027-01-01"),
                entry(sha, "MLG-PKL-002", "2027-02-01")))).isInstanceOf(UsageException.class)
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> parse("{\"format\": \"other\", \"suppressions\": []}"))
                .isInstanceOf(UsageException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> parse("{\"format\": \"mlgate-suppressions/v1\", \"suppressions\": [], \"x\": 1}"))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void suppressionsNeedDigests() {
        List<Suppression> entries = parse(file(entry("b".repeat(64), "MLG-PKL-002", "2027-01-01")));
        assertThatThrownBy(() -> Scanner.builder().digest(false).suppressions(entries).build())
                .isInstanceOf(UsageException.class).hasMessageContaining("--no-digest");
    }
}
