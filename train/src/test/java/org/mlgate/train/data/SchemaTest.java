package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.UsageException;

class SchemaTest {
    static final Schema SAMPLE = new Schema(List.of(
            new Feature.Numeric("amount", 0.0, 1000.0, Scale.LOG, Origin.DECLARED),
            new Feature.Categorical("colour", List.of("red", "green"), Unseen.OTHER, Origin.DECLARED)),
            new Label("y", List.of("no", "yes")), List.of("id"), "customer");

    private static Schema parse(String json) {
        return SchemaFiles.parse(json.getBytes(StandardCharsets.UTF_8), "s.json");
    }

    @Test
    void roundTripsThroughJsonAndWritesAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("schema.json");
        SchemaFiles.write(SAMPLE, file);
        assertThat(SchemaFiles.read(file)).isEqualTo(SAMPLE);
        String json = Files.readString(file);
        assertThat(json).startsWith("{\n  \"schema\" : \"mlgate-schema/v1\",").contains("\"type\" : \"numeric\"",
                "\"scale\" : \"log\"", "\"unseen\" : \"other\"", "\"privacyUnit\" : \"customer\"").endsWith("}\n");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file); // no temporary file left
        }
        SchemaFiles.write(SAMPLE, file); // replaces
        assertThat(Files.readString(file)).isEqualTo(json);
    }

    @Test
    void privacyUnitReadsInBothSpellingsButNotBothAtOnce() {
        String head = "{\"schema\": \"mlgate-schema/v1\", \"features\": [{\"type\": \"numeric\", \"name\": "
                + "\"x\", \"min\": 0, \"max\": 1}], \"label\": {\"name\": \"y\", \"classes\": [\"0\", \"1\"]}, ";
        assertThat(parse(head + "\"privacyUnit\": \"customer\"}").privacyUnit()).isEqualTo("customer");
        assertThat(parse(head + "\"privacy_unit\": \"customer\"}").privacyUnit()).isEqualTo("customer");
        assertThatThrownBy(() -> parse(head + "\"privacyUnit\": \"a\", \"privacy_unit\": \"b\"}"))
                .isInstanceOf(UsageException.class).hasMessageContaining("both privacyUnit and privacy_unit");
    }

    @Test
    void defaultsAreDeclaredLinearRefuseNoUnit() {
        Schema s = parse("""
                {"schema": "mlgate-schema/v1",
                 "features": [{"type": "numeric", "name": "x", "min": -1, "max": 1},
                              {"type": "categorical", "name": "c", "categories": ["a"]}],
                 "label": {"name": "y", "classes": ["0", "1"]}}""");
        assertThat(s.features().getFirst()).isEqualTo(new Feature.Numeric("x", -1, 1));
        assertThat(s.features().get(1)).isEqualTo(new Feature.Categorical("c", List.of("a")));
        assertThat(s.drop()).isEmpty();
        assertThat(s.privacyUnit()).isNull();
        assertThat(s.dataDerived()).isEmpty();
        assertThat(s.encodedNames()).containsExactly("x", "c=a");
        assertThat(SAMPLE.encodedNames()).containsExactly("amount", "colour=red", "colour=green", "colour=<other>");
    }

    @Test
    void invalidSchemasAreUsageErrorsSayingWhy() {
        String head = "{\"schema\": \"mlgate-schema/v1\", \"label\": {\"name\": \"y\", \"classes\": [\"0\", \"1\"]}, ";
        record Case(String json, String message) { }
        List<Case> cases = List.of(
                new Case("{\"schema\": \"mlgate-schema/v2\"}", "field 'schema' must be \"mlgate-schema/v1\""),
                new Case(head + "\"features\": []}", "at least one feature"),
                new Case(head + "\"features\": [{\"type\": \"numeric\", \"name\": \"x\", \"min\": 2, \"max\": 1}]}",
                        "feature 'x': min 2.0 must be below max 1.0"),
                new Case(head + "\"features\": [{\"type\": \"numeric\", \"name\": \"x\", \"min\": 1}]}",
                        "feature 'x': min and max must be finite numbers"),
                new Case(head + "\"features\": [{\"type\": \"numeric\", \"name\": \"x\", \"min\": -1, \"max\": 1, "
                        + "\"scale\": \"log\"}]}", "log scale needs min >= 0"),
                new Case(head + "\"features\": [{\"type\": \"categorical\", \"name\": \"c\", \"categories\": []}]}",
                        "feature 'c': categories must not be empty"),
                new Case(head + "\"features\": [{\"type\": \"categorical\", \"name\": \"c\", \"categories\": [\"a\", "
                        + "\"a\"]}]}", "category 'a' repeats"),
                new Case(head + "\"features\": [{\"type\": \"numeric\", \"name\": \"y\", \"min\": 0, \"max\": 1}]}",
                        "column 'y' is a feature and the label"),
                new Case(head + "\"features\": [{\"type\": \"numeric\", \"name\": \"x\", \"min\": 0, \"max\": 1}, "
                        + "{\"type\": \"numeric\", \"name\": \"x\", \"min\": 0, \"max\": 1}]}",
                        "column 'x' is a feature and a feature"),
                new Case(head + "\"features\": [{\"type\": \"numeric\", \"name\": \"x\", \"min\": 0, \"max\": 1}], "
                        + "\"drop\": [\"x\"]}", "column 'x' is a feature and dropped"),
                new Case(head + "\"features\": [{\"type\": \"numeric\", \"name\": \"x\", \"min\": 0, \"max\": 1}], "
                        + "\"privacyUnit\": \"x\"}", "column 'x' is a feature and the privacy unit"),
                new Case(head + "\"features\": [{\"type\": \"text\", \"name\": \"x\"}]}", "known type ids"),
                new Case(head + "\"features\": [{\"type\": \"numeric\", \"name\": \"x\", \"min\": 0, \"max\": 1, "
                        + "\"mean\": 0.5}]}", "Unrecognized field \"mean\""),
                new Case("{\"schema\": \"mlgate-schema/v1\", \"schema\": \"mlgate-schema/v1\"}", "Duplicate field"),
                new Case("{\"schema\": \"mlgate-schema/v1\", \"features\": [{\"type\": \"numeric\", \"name\": \"x\", "
                        + "\"min\": 0, \"max\": 1}], \"label\": {\"name\": \"y\", \"classes\": [\"0\"]}}",
                        "at least two classes"),
                new Case("null", "empty"),
                new Case(SchemaFiles.toJson(SAMPLE) + "{}", "Trailing token"));
        for (Case c : cases) {
            assertThatThrownBy(() -> parse(c.json())).as(c.json()).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("schema s.json").hasMessageContaining(c.message());
        }
    }

    @Test
    void dataDerivedEntriesAreRefusedWhenDeclaredValuesAreRequired() {
        Schema inferred = new Schema(List.of(new Feature.Numeric("x", 0.0, 1.0, Scale.LINEAR, Origin.DATA)),
                new Label("y", List.of("0", "1"), Origin.DATA), List.of(), null);
        assertThat(inferred.dataDerived()).containsExactly("x", "y");
        assertThatThrownBy(() -> inferred.requireDeclared("--dp")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--dp: the schema's bounds, categories or classes of [x, y] were computed");
        SAMPLE.requireDeclared("--dp");
        // the mark survives a round trip: writing an inferred schema beside a model does not launder it
        Schema back = SchemaFiles.parse(SchemaFiles.toJson(inferred).getBytes(StandardCharsets.UTF_8), "m.json");
        assertThat(back.dataDerived()).containsExactly("x", "y");
    }

    @Test
    void theShippedFraudSchemaIsDeclaredAndValid() {
        Schema s = FraudGenerator.schema();
        assertThat(s.dataDerived()).isEmpty();
        assertThat(s.privacyUnit()).isEqualTo("customer_id");
        assertThat(s.drop()).contains("transaction_id");
        assertThat(s.label().name()).isEqualTo("is_fraud");
        assertThat(SchemaFiles.parse(SchemaFiles.toJson(s).getBytes(StandardCharsets.UTF_8), "x")).isEqualTo(s);
    }
}
