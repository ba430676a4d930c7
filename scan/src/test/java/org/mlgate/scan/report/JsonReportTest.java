package org.mlgate.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.ScanReport;

class JsonReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void roundTripsThroughTheTypedRecords() throws Exception {
        ScanReport report = SampleReports.mixed();
        String json = JsonReport.render(report);
        assertThat(JsonReport.parse(json)).isEqualTo(JsonReport.toDocument(report));
    }

    @Test
    void validatesAgainstTheShippedSchema() {
        for (ScanReport r : List.of(SampleReports.mixed(), SampleReports.allSafe(), SampleReports.report(List.of()))) {
            assertThat(JsonSchemas.scanReportViolations(JsonReport.render(r))).isEmpty();
        }
    }

    @Test
    void theSchemaIsNotVacuous() throws Exception {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(JsonReport.render(SampleReports.mixed()));
        ObjectNode missing = doc.deepCopy();
        missing.remove("summary");
        ObjectNode extra = doc.deepCopy();
        extra.put("surprise", 1);
        ObjectNode badHash = doc.deepCopy();
        ((ObjectNode) badHash.get("files").get(0)).put("sha256", "ABC");
        ObjectNode badVerdict = doc.deepCopy();
        ((ObjectNode) badVerdict.get("files").get(0)).put("verdict", "MAYBE");
        for (ObjectNode bad : List.of(missing, extra, badHash, badVerdict)) {
            assertThat(JsonSchemas.scanReportViolations(bad.toString())).isNotEmpty();
        }
    }

    @Test
    void hasStableFieldNamesAndValues() throws Exception {
        JsonNode doc = MAPPER.readTree(JsonReport.render(SampleReports.mixed()));
        assertThat(names(doc)).containsExactly("schema_version", "tool", "rule_pack_version", "profiles", "fail_on",
                "exit_code", "files", "summary", "suppression_notices");
        assertThat(doc.get("schema_version").asText()).isEqualTo("mlgate-scan-report/v2");
        assertThat(doc.get("tool").get("name").asText()).isEqualTo("mlgate");
        assertThat(doc.get("tool").get("version").asText()).isEqualTo("1.2.3");
        assertThat(doc.get("rule_pack_version").asText()).isEqualTo("2026.11.1");
        assertThat(doc.get("profiles").toString()).isEqualTo("[\"python-core@1\",\"pytorch@2\"]");
        assertThat(doc.get("fail_on").asText()).isEqualTo("HIGH");
        assertThat(doc.get("exit_code").asInt()).isEqualTo(1);
        assertThat(doc.get("summary").toString())
                .isEqualTo("{\"files\":6,\"safe\":2,\"unsafe\":2,\"error\":2,\"findings\":5}");

        JsonNode evil = doc.get("files").get(0);
        assertThat(names(evil)).containsExactly("path", "link_target", "sha256", "size", "format", "verdict", "max_severity",
                "findings", "problems", "suppressed");
        assertThat(evil.get("sha256").asText()).isEqualTo(SampleReports.EVIL_SHA.hex());
        assertThat(evil.get("size").asLong()).isEqualTo(1234);
        assertThat(evil.get("verdict").asText()).isEqualTo("UNSAFE");
        assertThat(evil.get("max_severity").asText()).isEqualTo("CRITICAL");
        JsonNode finding = evil.get("findings").get(1);
        assertThat(names(finding)).containsExactly("rule_id", "rule_name", "severity", "location", "message",
                "remediation");
        assertThat(finding.get("rule_name").asText()).isEqualTo("computed-callable");
        assertThat(finding.get("location").toString()).isEqualTo("{\"file\":\"models/evil.pkl\",\"members\":"
                + "[\"archive/data.pkl\"],\"offset\":40,\"at\":\"REDUCE\",\"display\":"
                + "\"models/evil.pkl!archive/data.pkl @40 (REDUCE)\"}");

        JsonNode unreadable = doc.get("files").get(4);
        assertThat(unreadable.get("sha256").isNull()).isTrue();
        assertThat(unreadable.get("size").asLong()).isEqualTo(-1);
        assertThat(unreadable.get("max_severity").isNull()).isTrue();
        assertThat(unreadable.get("problems").get(0).get("kind").asText()).isEqualTo("IO");
        assertThat(unreadable.get("problems").get(0).get("location").get("at").isNull()).isTrue();
    }

    @Test
    void exitCodeFollowsTheVerdicts() throws Exception {
        assertThat(JsonReport.parse(JsonReport.render(SampleReports.allSafe())).exitCode()).isZero();
        assertThat(JsonReport.parse(JsonReport.render(
                SampleReports.report(List.of(SampleReports.brokenPickle())))).exitCode()).isEqualTo(3);
        JsonReport.Document d = JsonReport.parse(JsonReport.render(SampleReports.mixed()));
        assertThat(d.exitCode()).isEqualTo(1);
        assertThat(d.files()).extracting(JsonReport.FileEntry::verdict).containsExactly(Verdict.UNSAFE, Verdict.SAFE,
                Verdict.SAFE, Verdict.ERROR, Verdict.ERROR, Verdict.UNSAFE);
        assertThat(d.failOn()).isEqualTo(Severity.HIGH);
    }

    @Test
    void isPrettyPrintedWithUnixLineEnds() {
        String json = JsonReport.render(SampleReports.allSafe());
        assertThat(json).startsWith("{\n  \"schema_version\": \"mlgate-scan-report/v2\",\n").endsWith("}\n")
                .doesNotContain("\r").contains("\"problems\": []");
    }

    @Test
    void everyFieldNameIsSnakeCase() throws Exception {
        List<String> all = new ArrayList<>();
        collect(MAPPER.readTree(JsonReport.render(SampleReports.mixed())), all);
        assertThat(all).isNotEmpty().allMatch(n -> n.matches("[a-z0-9]+(_[a-z0-9]+)*"), "snake_case");
    }

    private static void collect(JsonNode node, List<String> out) {
        node.fields().forEachRemaining(e -> {
            out.add(e.getKey());
            collect(e.getValue(), out);
        });
        node.elements().forEachRemaining(e -> {
            if (!node.isObject()) {
                collect(e, out);
            }
        });
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
