package org.mlgate.train.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.ReadLimits;
import org.mlgate.train.data.Table;
import org.mlgate.train.poison.Poisoning;
import org.mlgate.train.poison.Trigger;

/** The report as Jackson writes it validates against the shipped schema, and the schema rejects broken reports. */
class ReportSchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static JsonSchema schema() throws Exception {
        try (InputStream in = Sanitizer.class.getResourceAsStream(Sanitizer.SCHEMA_RESOURCE)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
        }
    }

    @Test
    void reportsValidateAndBrokenOnesDoNot() throws Exception {
        Path f = tmp.resolve("fraud.csv");
        FraudGenerator.write(new FraudConfig(3000, 2), DataFormat.CSV, f);
        Table clean = DataFormat.CSV.read(f, ReadLimits.DEFAULT);
        Poisoning.Poisoned p = new Poisoning.Backdoor(Trigger.EXACT_AMOUNT, 0.05, "1", "0").apply(clean, "is_fraud",
                RandomGeneratorFactory.of("L64X128MixRandom").create(1));
        Sanitizer.Report r = Sanitizer.run(p.table(), FraudGenerator.schema(), SanitizeConfig.of(0.05),
                SanitizeRandomness.seededForTests(3));
        JsonNode tree = JSON.valueToTree(r);
        JsonSchema schema = schema();
        assertThat(r.removed()).isNotEmpty();
        assertThat(schema.validate(tree)).isEmpty();

        ObjectNode unknownDetector = tree.deepCopy();
        ((ObjectNode) unknownDetector.get("removed").get(0)).put("detector", "magic");
        assertThat(schema.validate(unknownDetector)).isNotEmpty();
        ObjectNode missingReason = tree.deepCopy();
        ((ObjectNode) missingReason.get("removed").get(0)).remove("reason");
        assertThat(schema.validate(missingReason)).isNotEmpty();
        ObjectNode negativeRow = tree.deepCopy();
        ((ObjectNode) negativeRow.get("removed").get(0)).put("row", -1);
        assertThat(schema.validate(negativeRow)).isNotEmpty();
        ObjectNode extra = tree.deepCopy();
        extra.put("surprise", 1);
        assertThat(schema.validate(extra)).isNotEmpty();
    }
}
