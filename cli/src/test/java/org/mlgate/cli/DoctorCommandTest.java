package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlgate doctor}: text and snake_case JSON, exit 0 only when every needed check is OK. */
class DoctorCommandTest {
    @TempDir
    Path tmp;

    @Test
    void jsonReportAgreesWithTheExitCode() throws Exception {
        Map<String, String> env = Map.of("MLGATE_HOME", tmp.toString(), "PATH", "/usr/bin:/bin");
        Cli.Result r = Cli.run(env, "doctor", "--format", "JSON");
        assertThat(r.code()).as(r.err()).isIn(0, 1);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("format").asText()).isEqualTo("mlgate-doctor/v1");
        assertThat(doc.get("ok").asBoolean()).isEqualTo(r.code() == 0);
        boolean neededProblem = false;
        for (JsonNode c : doc.get("checks")) {
            assertThat(c.fieldNames()).toIterable().allMatch(n -> n.matches("[a-z_]+"));
            neededProblem |= c.get("needed").asBoolean() && c.get("status").asText().equals("problem");
        }
        assertThat(neededProblem).isEqualTo(r.code() == 1);
    }

    @Test
    void textNamesEveryCheckAndFixes() {
        String bad = "jdbc:postgresql://127.0.0.1:1/nodb?user=u&connectTimeout=2";
        Cli.Result r = Cli.run(Map.of("MLGATE_HOME", tmp.toString(), "MLGATE_LINEAGE_DB", bad), "doctor");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("jdk").contains("training_sandbox").contains("lineage_store")
                .contains("postgresql").contains("redis").contains("chromium").contains("fix: ")
                .contains("something the default commands need does not work");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(Cli.run("doctor", "--format", "sarif").code()).isEqualTo(2);
        assertThat(Cli.run(Map.of("MLGATE_HOME", tmp.toString()), "doctor", "--db",
                "jdbc:h2:mem:x").code()).isEqualTo(2);
    }
}
