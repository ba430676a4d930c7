package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A .csv in scikit-learn's bundled layout is read as such by content, strictly; anything else stays CSV. */
class DataFormatDetectionTest {
    @TempDir
    Path tmp;

    Path file(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void sharedBreastCancerFileIsRecognised() {
        Path p = SharedDatasetsTest.dataset("breast_cancer.csv");
        assertThat(DataFormat.of(p)).isEqualTo(DataFormat.SKLEARN_CSV);
        assertThat(DataFormat.of(p).read(p, ReadLimits.DEFAULT).rowCount()).isEqualTo(569);
    }

    @Test
    void sklearnLayoutIsRecognisedAndRead() throws IOException {
        Path p = file("iris-like.csv", "3,2,setosa,versicolor,virginica\r\n5.1,3.5,0\r\n4.9,3.0,2\r\n6.0,2.2,1\r\n");
        assertThat(DataFormat.of(p)).isEqualTo(DataFormat.SKLEARN_CSV);
        Table t = DataFormat.of(p).read(p, ReadLimits.DEFAULT);
        assertThat(t.columnCount()).isEqualTo(3);
        assertThat(t.rowCount()).isEqualTo(3);
    }

    /** Each near miss is read as an ordinary CSV (the first line a header). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ordinary header                | amount,hour,label\\n1.5,3,0\\n",
        "numeric class names            | 2,2,0,1\\n1,2,0\\n3,4,1\\n",
        "one class name                 | 2,2,yes\\n1,2,0\\n3,4,0\\n",
        "repeated class name            | 2,2,a,a\\n1,2,0\\n3,4,0\\n",
        "row with one field too many    | 2,2,a,b\\n1,2,3,0\\n",
        "row with a non-number feature  | 2,2,a,b\\nx,2,0\\n",
        "target out of range            | 2,2,a,b\\n1,2,2\\n",
        "zero features                  | 2,0,a,b\\n0\\n",
        "no complete second line        | 2,2,a,b\\n1,2,0"})
    void nearMissesStayCsv(String defect, String content) throws IOException {
        Path p = file("near-miss.csv", content.replace("\\n", "\n"));
        assertThat(DataFormat.of(p)).as(defect).isEqualTo(DataFormat.CSV);
    }

    @Test
    void otherNamesAreNotSniffed() throws IOException {
        Path p = file("data.jsonl", "2,2,a,b\n1,2,0\n3,4,1\n");
        assertThat(DataFormat.of(p)).isEqualTo(DataFormat.JSONL);
        assertThat(DataFormat.writable(file("out.csv", "2,2,a,b\n1,2,0\n3,4,1\n"))).isEqualTo(DataFormat.CSV);
    }

    @Test
    void aCountLineThatDisagreesWithItsRowsNamesTheFlag() throws IOException {
        // 3 features declared, rows of 2 + target: not recognised, and the CSV error says what to do
        Path p = file("bad.csv", "2,3,a,b\n1,2,0\n3,4,1\n");
        assertThat(DataFormat.of(p)).isEqualTo(DataFormat.CSV);
        assertThatThrownBy(() -> DataFormat.of(p).read(p, ReadLimits.DEFAULT))
                .hasMessageContaining("ragged row").hasMessageContaining("--data-format sklearn-csv");
        // an ordinary ragged row does not get the hint
        Path q = file("ragged.csv", "a,b,c\n1,2\n");
        assertThatThrownBy(() -> DataFormat.of(q).read(q, ReadLimits.DEFAULT))
                .hasMessageContaining("ragged row").hasMessageNotContaining("sklearn");
    }

    @Test
    void shippedSchemasAreListedAndParse() {
        assertThat(BuiltinSchemas.names()).containsExactly("breast-cancer", "credit-g", "fraud");
        for (String n : BuiltinSchemas.names()) {
            assertThat(SchemaFiles.parse(BuiltinSchemas.json(n), n)).isNotNull();
        }
        assertThat(SchemaFiles.parse(BuiltinSchemas.json("fraud"), "f")).isEqualTo(BuiltinSchemas.fraud());
        assertThat(SchemaFiles.parse(BuiltinSchemas.json("BREAST-CANCER"), "b")).isEqualTo(BuiltinSchemas.breastCancer());
        assertThatThrownBy(() -> BuiltinSchemas.json("iris")).hasMessageContaining("breast-cancer, credit-g, fraud");
    }
}
