package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.nio.charset.StandardCharsets;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaFiles;

/**
 * Any bytes as a schema file: only {@link UsageException} escapes; an accepted schema round-trips exactly. The
 * shipped schemas are seeds too, read from the train module's resources (one copy of each in the repository).
 */
class SchemaFilesFuzzTest {
    @org.junit.jupiter.api.Test
    void shippedSchemasAreSeeds() {
        for (String name : org.mlgate.train.data.BuiltinSchemas.names()) {
            schema(org.mlgate.train.data.BuiltinSchemas.json(name));
        }
    }

    @FuzzTest(maxDuration = "2m")
    void schema(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        Schema s;
        try {
            s = SchemaFiles.parse(data, "fuzz.json");
        } catch (UsageException expected) {
            return;
        }
        Schema back = SchemaFiles.parse(SchemaFiles.toJson(s).getBytes(StandardCharsets.UTF_8), "again.json");
        if (!back.equals(s)) {
            throw new AssertionError("schema does not round-trip: " + s + " vs " + back);
        }
    }
}
