package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.UsageException;

class TrainingDataTest {
    @TempDir
    Path dir;

    private Path fraud() {
        Path f = dir.resolve("fraud.csv");
        FraudGenerator.write(new FraudConfig(1500, 3), DataFormat.CSV, f);
        return f;
    }

    @Test
    void declaredSchemaUnderDpLoadsWithUnits() {
        Path schema = dir.resolve("schema.json");
        SchemaFiles.write(FraudGenerator.schema(), schema);
        TrainingInput.Loaded l = TrainingInput.load(new TrainingInput.Request(fraud(), DataFormat.CSV, schema, null,
                null, true, ReadLimits.DEFAULT));
        assertThat(l.schemaInferred()).isFalse();
        assertThat(l.dataset().rows()).isEqualTo(1500);
        assertThat(l.dataset().units()).isNotNull();
    }

    @Test
    void inferredSchemaIsRefusedUnderDpButFineWithout() {
        Path f = fraud();
        TrainingInput.Request dp = new TrainingInput.Request(f, DataFormat.CSV, null, "is_fraud", "customer_id", true,
                ReadLimits.DEFAULT);
        assertThatThrownBy(() -> TrainingInput.load(dp)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--dp needs a declared schema");
        Path inferred = dir.resolve("inferred.json"); // an inferred schema passed back as --schema is still refused
        SchemaFiles.write(new Schema(List.of(new Feature.Numeric("amount", 0.0, 9.0, Scale.LINEAR, Origin.DATA)),
                new Label("is_fraud", List.of("0", "1")), List.of("transaction_id", "hour", "merchant_category",
                "card_present", "online", "distance_from_home_km", "distance_from_last_txn_km", "txn_count_1h",
                "txn_count_24h", "amount_24h", "age", "gender", "region", "income_band"), "customer_id"), inferred);
        assertThatThrownBy(() -> TrainingInput.load(new TrainingInput.Request(f, DataFormat.CSV, inferred, null, null,
                true, ReadLimits.DEFAULT))).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--dp: the schema's bounds, categories or classes of [amount]");
        // without --dp the transaction id is an identifier: inference refuses it until it is dropped by a schema
        TrainingInput.Request plain = new TrainingInput.Request(f, DataFormat.CSV, null, "is_fraud", "customer_id",
                false, ReadLimits.DEFAULT);
        assertThatThrownBy(() -> TrainingInput.load(plain)).hasMessageContaining("'transaction_id' has more than")
                .hasMessageContaining("--drop");
        // ... or by --drop
        TrainingInput.Loaded dropped = TrainingInput.load(new TrainingInput.Request(f, DataFormat.CSV, null, "is_fraud",
                List.of("transaction_id"), "customer_id", false, ReadLimits.DEFAULT));
        assertThat(dropped.schema().drop()).contains("transaction_id");
        assertThat(dropped.schemaInferred()).isTrue();
        assertThatThrownBy(() -> new TrainingInput.Request(f, DataFormat.CSV, inferred, null, List.of("x"), null, false,
                ReadLimits.DEFAULT)).isInstanceOf(UsageException.class).hasMessageStartingWith("--drop is for --label");
    }

    @Test
    void privacyUnitMayBeSetNeverChanged() throws IOException {
        Schema s = new Schema(List.of(new Feature.Numeric("x", 0, 1)), new Label("y", List.of("a", "b")),
                List.of("id"), null);
        Path schema = dir.resolve("s.json");
        SchemaFiles.write(s, schema);
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "id,x,y\nu1,0.5,a\nu2,0.2,b\n");
        TrainingInput.Loaded l = TrainingInput.load(new TrainingInput.Request(data, DataFormat.CSV, schema, "y", "id",
                true, ReadLimits.DEFAULT));
        assertThat(l.schema().privacyUnit()).isEqualTo("id");
        assertThat(l.schema().drop()).isEmpty();
        assertThat(l.dataset().units()).containsExactly("u1", "u2");
        assertThatThrownBy(() -> TrainingInput.withPrivacyUnit(l.schema(), "x", schema))
                .isInstanceOf(UsageException.class).hasMessageContaining("differs from the privacy unit 'id'");
        assertThatThrownBy(() -> TrainingInput.load(new TrainingInput.Request(data, DataFormat.CSV, schema, "x", null,
                false, ReadLimits.DEFAULT))).hasMessageContaining("--label x differs");
        assertThatThrownBy(() -> new TrainingInput.Request(data, DataFormat.CSV, null, null, null, false,
                ReadLimits.DEFAULT)).isInstanceOf(UsageException.class);
    }
}
