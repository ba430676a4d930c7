package org.mlgate.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Rule;
import org.mlgate.scan.ScanReport;
import org.mlgate.scan.ScanRules;

class SarifReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void usesTheOfficialSchema() {
        JsonNode schema = JsonSchemas.officialSarifSchema();
        assertThat(schema.get("title").asText()).isEqualTo("Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema");
        assertThat(schema.get("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        assertThat(schema.get("properties").get("version").get("enum").toString()).isEqualTo("[\"2.1.0\"]");
        assertThat(schema.get("definitions").size()).isEqualTo(52);
        // byte for byte the file the dependency ships (115,632 bytes with CRLF line ends, the size of the OASIS
        // Standard's published sarif-schema-2.1.0.json)
        assertThat(JsonSchemas.officialSarifSchemaSha256())
                .isEqualTo("ad6db49878699b091f3eeb765b6e29e92a34bad4da88664d000c923b549c3a25");
    }

    @Test
    void validatesAgainstTheOfficialSarifSchema() {
        for (ScanReport r : List.of(SampleReports.mixed(), SampleReports.allSafe(), SampleReports.report(List.of()))) {
            assertThat(JsonSchemas.sarifViolations(SarifReport.render(r))).isEmpty();
        }
    }

    @Test
    void theSchemaCheckIsNotVacuous() throws Exception {
        ObjectNode log = (ObjectNode) MAPPER.readTree(SarifReport.render(SampleReports.mixed()));
        ObjectNode wrongVersion = log.deepCopy();
        wrongVersion.put("version", "2.0.0");
        ObjectNode badLevel = log.deepCopy();
        ((ObjectNode) badLevel.at("/runs/0/results/0")).put("level", "fatal");
        ObjectNode badUri = log.deepCopy();
        ((ObjectNode) badUri.at("/runs/0/artifacts/0/location")).put("uri", "has space:/x");
        ObjectNode noMessage = log.deepCopy();
        ((ObjectNode) noMessage.at("/runs/0/results/0")).remove("message");
        for (ObjectNode bad : List.of(wrongVersion, badLevel, badUri, noMessage)) {
            assertThat(JsonSchemas.sarifViolations(bad.toString())).as(bad.toString()).isNotEmpty();
        }
    }

    @Test
    void listsEveryRuleAndPointsResultsAtThem() throws Exception {
        JsonNode log = MAPPER.readTree(SarifReport.render(SampleReports.mixed()));
        assertThat(log.get("$schema").asText()).isEqualTo(
                "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json");
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = log.get("runs").get(0);
        JsonNode driver = run.get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("mlgate");
        assertThat(driver.get("version").asText()).isEqualTo("1.2.3");
        JsonNode rules = driver.get("rules");
        assertThat(rules.size()).isEqualTo(ScanRules.all().size());
        Rule first = ScanRules.all().getFirst();
        JsonNode r0 = rules.get(0);
        assertThat(r0.get("id").asText()).isEqualTo(first.id());
        assertThat(r0.get("name").asText()).isEqualTo(first.name());
        assertThat(r0.get("fullDescription").get("text").asText()).isEqualTo(first.description());
        assertThat(r0.get("shortDescription").get("text").asText()).isNotBlank();
        assertThat(r0.get("help").get("text").asText()).contains(first.remediation());
        assertThat(r0.get("defaultConfiguration").get("level").asText()).isEqualTo("error");
        assertThat(r0.get("properties").get("security-severity").asText()).isEqualTo("9.5");
        assertThat(r0.get("properties").get("tags").toString()).isEqualTo("[\"security\"]");

        JsonNode results = run.get("results");
        assertThat(results.size()).isEqualTo(5);
        for (JsonNode res : results) {
            int index = res.get("ruleIndex").asInt();
            assertThat(rules.get(index).get("id").asText()).isEqualTo(res.get("ruleId").asText());
        }
        JsonNode global = results.get(0);
        assertThat(global.get("ruleId").asText()).isEqualTo("MLG-PKL-001");
        assertThat(global.get("ruleIndex").asInt()).isZero();
        assertThat(global.get("level").asText()).isEqualTo("error");
        assertThat(global.get("message").get("text").asText())
                .isEqualTo("imports os.system (runs a shell command) (at models/evil.pkl @12 (GLOBAL))");
        assertThat(global.get("properties").get("severity").asText()).isEqualTo("CRITICAL");
        // an INFO finding of a SAFE file is a note
        assertThat(results.get(2).get("ruleId").asText()).isEqualTo("MLG-PKL-009");
        assertThat(results.get(2).get("level").asText()).isEqualTo("note");
    }

    @Test
    void offsetsInTheFileAreRegionsAndMemberChainsAreLogicalLocations() throws Exception {
        JsonNode run = MAPPER.readTree(SarifReport.render(SampleReports.mixed())).get("runs").get(0);
        JsonNode results = run.get("results");

        JsonNode top = results.get(0).get("locations").get(0);
        assertThat(top.get("physicalLocation").get("artifactLocation").get("uri").asText()).isEqualTo("models/evil.pkl");
        assertThat(top.get("physicalLocation").get("artifactLocation").get("index").asInt()).isZero();
        assertThat(top.get("physicalLocation").get("region").get("byteOffset").asLong()).isEqualTo(12);
        assertThat(top.has("logicalLocations")).isFalse();

        JsonNode inMember = results.get(1).get("locations").get(0);
        assertThat(inMember.get("physicalLocation").has("region")).isFalse();
        assertThat(inMember.get("logicalLocations").size()).isEqualTo(1);
        assertThat(inMember.get("logicalLocations").get(0).get("fullyQualifiedName").asText())
                .isEqualTo("models/evil.pkl!archive/data.pkl");
        assertThat(results.get(1).get("properties").get("memberByteOffset").asLong()).isEqualTo(40);
        assertThat(results.get(1).get("properties").get("at").asText()).isEqualTo("REDUCE");

        // bundle.zip!inner.tar!x/data.pkl: the innermost member points at its parent
        JsonNode deep = results.get(3);
        assertThat(deep.get("ruleId").asText()).isEqualTo("MLG-PKL-008");
        JsonNode ref = deep.get("locations").get(0).get("logicalLocations").get(0);
        JsonNode logical = run.get("logicalLocations");
        JsonNode inner = logical.get(ref.get("index").asInt());
        assertThat(inner.get("name").asText()).isEqualTo("x/data.pkl");
        assertThat(inner.get("fullyQualifiedName").asText()).isEqualTo("bundle.zip!inner.tar!x/data.pkl");
        assertThat(inner.get("kind").asText()).isEqualTo("resource");
        JsonNode parent = logical.get(inner.get("parentIndex").asInt());
        assertThat(parent.get("name").asText()).isEqualTo("inner.tar");
        assertThat(parent.get("fullyQualifiedName").asText()).isEqualTo("bundle.zip!inner.tar");
        assertThat(parent.has("parentIndex")).isFalse();
        // the sibling finding in inner.tar reuses the parent's logical location
        assertThat(results.get(4).get("locations").get(0).get("logicalLocations").get(0).get("index").asInt())
                .isEqualTo(inner.get("parentIndex").asInt());
    }

    @Test
    void artifactsCarryHashesAndVerdicts() throws Exception {
        JsonNode artifacts = MAPPER.readTree(SarifReport.render(SampleReports.mixed())).at("/runs/0/artifacts");
        assertThat(artifacts.size()).isEqualTo(6);
        JsonNode evil = artifacts.get(0);
        assertThat(evil.get("location").get("uri").asText()).isEqualTo("models/evil.pkl");
        assertThat(evil.get("length").asLong()).isEqualTo(1234);
        assertThat(evil.get("hashes").get("sha-256").asText()).isEqualTo(SampleReports.EVIL_SHA.hex());
        assertThat(evil.get("roles").toString()).isEqualTo("[\"analysisTarget\"]");
        assertThat(evil.get("properties").get("verdict").asText()).isEqualTo("UNSAFE");
        assertThat(evil.get("properties").get("format").asText()).isEqualTo("pickle");
        JsonNode unreadable = artifacts.get(4);
        assertThat(unreadable.get("location").get("uri").asText()).isEqualTo("dir%20with%20space/%C3%BCn%C3%AF%3Acode.npy");
        assertThat(unreadable.has("hashes")).isFalse();
        assertThat(unreadable.has("length")).isFalse();
        assertThat(unreadable.get("properties").get("verdict").asText()).isEqualTo("ERROR");
    }

    @Test
    void problemsBecomeToolExecutionNotifications() throws Exception {
        JsonNode run = MAPPER.readTree(SarifReport.render(SampleReports.mixed())).get("runs").get(0);
        JsonNode invocation = run.get("invocations").get(0);
        assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
        assertThat(invocation.get("exitCode").asInt()).isEqualTo(1);
        JsonNode notes = invocation.get("toolExecutionNotifications");
        assertThat(notes.size()).isEqualTo(3);
        JsonNode malformed = notes.get(0);
        assertThat(malformed.get("level").asText()).isEqualTo("error");
        assertThat(malformed.get("message").get("text").asText())
                .isEqualTo("truncated pickle: FRAME length beyond end of data (at models/broken.pkl @3)");
        assertThat(malformed.get("descriptor").get("id").asText()).isEqualTo("MLG-ERR-MALFORMED");
        assertThat(malformed.get("properties").get("problemKind").asText()).isEqualTo("MALFORMED");
        assertThat(malformed.at("/locations/0/physicalLocation/region/byteOffset").asLong()).isEqualTo(3);
        JsonNode descriptors = run.at("/tool/driver/notifications");
        for (JsonNode n : notes) {
            JsonNode d = n.get("descriptor");
            assertThat(descriptors.get(d.get("index").asInt()).get("id").asText()).isEqualTo(d.get("id").asText());
        }
        JsonNode budget = notes.get(2);
        assertThat(budget.get("descriptor").get("id").asText()).isEqualTo("MLG-ERR-BUDGET");
        assertThat(budget.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText())
                .isEqualTo("bundle.zip!inner.tar!big.bin");
    }

    @Test
    void aCleanRunHasAnEmptyResultsArrayAndSucceeds() throws Exception {
        JsonNode run = MAPPER.readTree(SarifReport.render(SampleReports.report(List.of(SampleReports.cleanFile()))))
                .get("runs").get(0);
        assertThat(run.get("results").isArray()).isTrue();
        assertThat(run.get("results").size()).isZero();
        assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
        assertThat(run.at("/invocations/0/exitCode").asInt()).isZero();
        assertThat(run.at("/invocations/0").has("toolExecutionNotifications")).isFalse();
        assertThat(run.at("/properties/summary/safe").asInt()).isEqualTo(1);
        assertThat(run.at("/properties/failOn").asText()).isEqualTo("HIGH");
    }

    @Test
    void theSamePathTwiceIsOneArtifact() throws Exception {
        String sarif = SarifReport.render(SampleReports.report(List.of(SampleReports.unsafePickle(),
                SampleReports.unsafePickle())));
        JsonNode run = MAPPER.readTree(sarif).get("runs").get(0);
        assertThat(run.get("artifacts").size()).isEqualTo(1);
        assertThat(run.get("results").size()).isEqualTo(4);
        assertThat(JsonSchemas.sarifViolations(sarif)).isEmpty();
    }

    @Test
    void pathsBecomeUriReferences() {
        assertThat(SarifReport.uri("models/a.pkl")).isEqualTo("models/a.pkl");
        assertThat(SarifReport.uri("c:x/a b#1?.pkl")).isEqualTo("c%3Ax/a%20b%231%3F.pkl");
        assertThat(SarifReport.uri("../up/%41.pkl")).isEqualTo("../up/%2541.pkl");
        String abs = Path.of("/tmp/a b.pkl").toAbsolutePath().toString();
        assertThat(SarifReport.uri(abs)).startsWith("file:///").endsWith("a%20b.pkl");
    }
}
