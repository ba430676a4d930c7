package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

class EncoderTest {
    private static Table csv(String text) {
        return CsvReader.parse(text.getBytes(StandardCharsets.UTF_8), "t.csv", CsvReader.Options.HEADER,
                ReadLimits.DEFAULT);
    }

    private static final Schema SCHEMA = new Schema(List.of(
            new Feature.Numeric("x", 10, 20),
            new Feature.Categorical("c", List.of("a", "b", "c")),
            new Feature.Numeric("m", 0.0, 99.0, Scale.LOG, Origin.DECLARED)),
            new Label("y", List.of("no", "yes")), List.of("id"), "user");

    @Test
    void oneHotAndDeclaredBoundScaling() {
        Dataset d = Encoder.encode(SCHEMA, csv("id,user,x,c,m,y\n1,u1,15,b,9,yes\n2,u2,10,c,0,no\n3,u1,20,a,99,no\n"));
        assertThat(d.featureNames()).containsExactly("x", "c=a", "c=b", "c=c", "m");
        assertThat(d.x()[0]).containsExactly(new double[] {0.5, 0, 1, 0, 0.5}, within(1e-12));
        assertThat(d.x()[1]).containsExactly(0, 0, 0, 1, 0);
        assertThat(d.x()[2]).containsExactly(1, 1, 0, 0, 1);
        assertThat(d.y()).containsExactly(1, 0, 0);
        assertThat(d.units()).containsExactly("u1", "u2", "u1");
        assertThat(d.classes()).containsExactly("no", "yes");
    }

    @Test
    void valuesOutsideTheDeclaredBoundsAreClipped() {
        Dataset d = Encoder.encode(SCHEMA, csv("id,user,x,c,m,y\n1,u,-1e6,a,-5,no\n2,u,1e9,a,1e12,yes\n"));
        assertThat(d.x()[0][0]).isEqualTo(0.0);
        assertThat(d.x()[0][4]).isEqualTo(0.0);
        assertThat(d.x()[1][0]).isEqualTo(1.0);
        assertThat(d.x()[1][4]).isEqualTo(1.0);
    }

    @Test
    void encodingNeverUsesTheDataMinimumOrMaximum() {
        // The same rows encode identically whatever else is in the table: adding an extreme row (which would
        // move a data min/max or a standardisation) changes nothing for the others.
        String rows = "id,user,x,c,m,y\n1,u1,12,a,3,no\n2,u2,17.5,b,40,yes\n";
        Dataset alone = Encoder.encode(SCHEMA, csv(rows));
        Dataset withOutliers = Encoder.encode(SCHEMA, csv(rows + "3,u3,1e300,c,1e300,no\n4,u4,-1e300,c,0,no\n"));
        for (int i = 0; i < 2; i++) {
            assertThat(withOutliers.x()[i]).containsExactly(alone.x()[i]);
        }
        assertThat(alone.x()[0][0]).isCloseTo((12 - 10) / 10.0, within(1e-15));
        // And only from the declared bounds: data with min 12 and max 17.5 would have given 0 and 1.
        assertThat(alone.x()[1][0]).isCloseTo(0.75, within(1e-15));
    }

    @Test
    void unseenCategoriesAreRefusedOrGoToTheOtherSlot() {
        Table t = csv("id,user,x,c,m,y\n1,u,15,zzz,1,no\n");
        assertThatThrownBy(() -> Encoder.encode(SCHEMA, t)).isInstanceOf(IncompleteException.class)
                .hasMessage("t.csv:2: column 'c' (field 4): category 'zzz' is not in the schema's categories");
        Schema other = new Schema(List.of(new Feature.Categorical("c", List.of("a"), Unseen.OTHER, Origin.DECLARED)),
                new Label("y", List.of("no", "yes")), List.of("id", "user", "x", "m"), null);
        Dataset d = Encoder.encode(other, t);
        assertThat(d.featureNames()).containsExactly("c=a", "c=<other>");
        assertThat(d.x()[0]).containsExactly(0, 1);
        assertThat(d.units()).isNull();
    }

    @Test
    void cellDefectsNameTheLineAndColumn() {
        assertThatThrownBy(() -> Encoder.encode(SCHEMA, csv("id,user,x,c,m,y\n1,u,15,a,1,no\n2,u,1.2.3,a,1,no\n")))
                .isInstanceOf(IncompleteException.class).hasMessage("t.csv:3: column 'x' (field 3): not a number: '1.2.3'");
        assertThatThrownBy(() -> Encoder.encode(SCHEMA, csv("id,user,x,c,m,y\n1,u,15,a,1,maybe\n")))
                .hasMessage("t.csv:2: column 'y' (field 6): label 'maybe' is not one of the classes [no, yes]");
        assertThatThrownBy(() -> Encoder.encode(SCHEMA, csv("id,user,x,c,m,y\n1,\"\",15,a,1,no\n")))
                .hasMessage("t.csv:2: column 'user' (field 2): empty privacy unit");
    }

    @Test
    void columnsMustMatchTheSchema() {
        assertThatThrownBy(() -> Encoder.encode(SCHEMA, csv("id,user,x,c,m,y,extra\n1,u,15,a,1,no,?\n")))
                .isInstanceOf(UsageException.class).hasMessageContaining("column 'extra' is not in the schema");
        assertThatThrownBy(() -> Encoder.encode(SCHEMA, csv("id,user,x,c,y\n1,u,15,a,no\n")))
                .isInstanceOf(UsageException.class).hasMessageContaining("the schema's feature 'm' is not a column");
        assertThatThrownBy(() -> Encoder.encode(SCHEMA, csv("id,x,c,m,y\n1,15,a,1,no\n")))
                .isInstanceOf(UsageException.class).hasMessageContaining("privacy unit 'user' is not a column");
        // dropped columns may be absent
        assertThat(Encoder.encode(SCHEMA, csv("user,x,c,m,y\nu,15,a,1,no\n")).rows()).isEqualTo(1);
    }
}
