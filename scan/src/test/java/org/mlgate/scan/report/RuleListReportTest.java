package org.mlgate.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Rule;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.policy.BuiltinProfiles;
import org.mlgate.scan.policy.Global;
import org.mlgate.scan.policy.Profile;

class RuleListReportTest {
    private static final Profile MINE = new Profile("my-models", "3", "our own classes", "/etc/mlgate/mine.json",
            Set.of(new Global("mypkg.model", "Net"), new Global("mypkg.model", "Head")));

    @Test
    void textListsRulesAndActiveProfiles() {
        String text = RuleListReport.renderText(RuleListReport.of(Scanner.builder().profile(MINE).build()));
        for (Rule r : ScanRules.all()) {
            assertThat(text).contains(r.id()).contains(r.name());
        }
        for (Profile p : BuiltinProfiles.all()) {
            assertThat(text).contains(p.id() + " ");
        }
        assertThat(text).contains("rule pack " + BuiltinProfiles.RULE_PACK_VERSION)
                .containsPattern("my-models@3 +from /etc/mlgate/mine.json, 2 entries: our own classes")
                .contains("Denylist: " + BuiltinProfiles.denylist().size() + " built-in entries");
    }

    @Test
    void jsonHasEveryRuleAndProfile() throws Exception {
        String json = RuleListReport.renderJson(RuleListReport.of(Scanner.builder().profile(MINE).build()));
        JsonNode doc = new ObjectMapper().readTree(json);
        assertThat(doc.get("schema_version").asText()).isEqualTo("mlgate-rule-list/v2");
        assertThat(doc.get("rules").size()).isEqualTo(ScanRules.all().size());
        assertThat(doc.get("rules").get(0).get("id").asText()).isEqualTo(ScanRules.all().getFirst().id());
        JsonNode profiles = doc.get("profiles");
        assertThat(profiles.size()).isEqualTo(BuiltinProfiles.all().size() + 1);
        assertThat(profiles.get(0).get("builtin").asBoolean()).isTrue();
        JsonNode mine = profiles.get(profiles.size() - 1);
        assertThat(mine.get("id").asText()).isEqualTo("my-models@3");
        assertThat(mine.get("builtin").asBoolean()).isFalse();
        assertThat(mine.get("source").asText()).isEqualTo("/etc/mlgate/mine.json");
        assertThat(mine.get("allowed_entries").asInt()).isEqualTo(2);
        assertThat(doc.get("denylist_entries").asInt()).isEqualTo(BuiltinProfiles.denylist().size());
    }
}
