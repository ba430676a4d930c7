package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;

class SchemaInferenceTest {
    private static Table csv(String text) {
        return CsvReader.parse(text.getBytes(StandardCharsets.UTF_8), "t.csv", CsvReader.Options.HEADER,
                ReadLimits.DEFAULT);
    }

    @Test
    void numericColumnsGetDataBoundsMarkedAsDataOthersBecomeCategorical() {
        Schema s = SchemaInference.infer(csv("id,x,k,c,y\n1,3,7,b,10\n2,-1.5,7,a,2\n3,8,7,b,10\n"), "y",
                List.of(), "id");
        assertThat(s.features()).containsExactly(
                new Feature.Numeric("x", -1.5, 8.0, Scale.LINEAR, Origin.DATA),
                new Feature.Numeric("k", 7.0, 8.0, Scale.LINEAR, Origin.DATA),
                new Feature.Categorical("c", List.of("a", "b"), Unseen.REFUSE, Origin.DATA));
        assertThat(s.label()).isEqualTo(new Label("y", List.of("2", "10"), Origin.DATA)); // numeric order
        assertThat(s.privacyUnit()).isEqualTo("id");
        assertThat(s.dataDerived()).containsExactly("x", "k", "c", "y");
        assertThatThrownBy(() -> s.requireDeclared("--dp")).isInstanceOf(UsageException.class);
    }

    @Test
    void oneNonFiniteCellInANumericColumnIsRefusedWithItsLineNotMadeACategory() {
        for (String bad : List.of("NaN", "-Infinity", "inf", "1e999", "9".repeat(10_000))) {
            StringBuilder sb = new StringBuilder("x,y\n");
            for (int i = 0; i < 300; i++) {
                sb.append(i == 150 ? bad : Double.toString(i * 0.5)).append(',').append(i % 2).append('\n');
            }
            assertThatThrownBy(() -> SchemaInference.infer(csv(sb.toString()), "y"))
                    .isInstanceOf(org.mlgate.core.IncompleteException.class)
                    .hasMessageStartingWith("t.csv:152: column 'x' (field 1): not a finite number");
        }
        // a genuinely textual column is still categorical
        Schema s = SchemaInference.infer(csv("x,y\nNaN,0\nabc,1\n1,0\n"), "y");
        assertThat(s.features().getFirst()).isInstanceOf(Feature.Categorical.class);
    }

    @Test
    void identifiersAndBadLabelsAreRefused() {
        StringBuilder sb = new StringBuilder("id,y\n");
        for (int i = 0; i <= SchemaInference.MAX_INFERRED_CATEGORIES; i++) {
            sb.append("id").append(i).append(',').append(i % 2).append('\n');
        }
        assertThatThrownBy(() -> SchemaInference.infer(csv(sb.toString()), "y")).isInstanceOf(UsageException.class)
                .hasMessageContaining("column 'id' has more than 1000 distinct values");
        assertThatThrownBy(() -> SchemaInference.infer(csv(sb.toString()), "y", List.of("id"), null))
                .hasMessageContaining("no feature columns left");
        assertThatThrownBy(() -> SchemaInference.infer(csv("x,y\n1,a\n2,a\n"), "y"))
                .hasMessageContaining("fewer than two distinct values");
        assertThatThrownBy(() -> SchemaInference.infer(csv("x,y\n1,a\n"), "label"))
                .hasMessageContaining("--label column 'label' is not in the file");
        assertThatThrownBy(() -> SchemaInference.infer(csv("x,y\n"), "y")).hasMessageContaining("no rows");
    }

    @Test
    void rangesNoSchemaCanHoldAreUsageErrorsNotCrashes() {
        // a constant column at 1e300: v + 1 == v, so no [v, v + 1] exists
        assertThatThrownBy(() -> SchemaInference.infer(csv("x,y\n1e300,a\n1e300,b\n"), "y"))
                .isInstanceOf(UsageException.class).hasMessageContaining("cannot infer a schema: feature 'x'");
        String longName = "n".repeat(Schema.MAX_NAME + 1);
        assertThatThrownBy(() -> SchemaInference.infer(csv(longName + ",y\nq,a\nr,b\n"), "y"))
                .isInstanceOf(UsageException.class).hasMessageContaining("longer than 1024");
    }
}
