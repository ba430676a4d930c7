package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.IncompleteException;

class ReadersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ReadLimits limits(int rows, int columns, int line, int field) {
        return new ReadLimits(1 << 20, rows, columns, line, field, 1_000_000);
    }

    @Test
    void csvFollowsRfc4180Quoting() {
        Table t = CsvReader.parse(b("\uFEFFname,note,n\r\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\",1\r\nx,,2"),
                "q.csv", CsvReader.Options.HEADER, ReadLimits.DEFAULT);
        assertThat(t.columnNames()).containsExactly("name", "note", "n");
        assertThat(t.rows().get(0)).containsExactly("Smith, J", "said \"hi\"\nthen left", "1");
        assertThat(t.rows().get(1)).containsExactly("x", "", "2");
        assertThat(t.lines()).containsExactly(2, 4);
    }

    @Test
    void csvWithoutHeaderNamesColumnsC0Up() {
        Table t = CsvReader.parse(b("1,2\n3,4\n"), "n.csv", CsvReader.Options.NO_HEADER, ReadLimits.DEFAULT);
        assertThat(t.columnNames()).containsExactly("c0", "c1");
        assertThat(t.rowCount()).isEqualTo(2);
    }

    @Test
    void csvLimitsAreEnforcedWhileReading() {
        assertThatThrownBy(() -> CsvReader.parse(b("a\n1\n2\n3\n"), "r.csv", CsvReader.Options.HEADER,
                limits(2, 10, 100, 100))).isInstanceOf(IncompleteException.class)
                .hasMessage("r.csv:4:1: more than the limit of 2 rows");
        assertThatThrownBy(() -> CsvReader.parse(b("a,b,c\n"), "c.csv", CsvReader.Options.HEADER,
                limits(10, 2, 100, 100))).hasMessage("c.csv:1:5: more than the limit of 2 columns");
        assertThatThrownBy(() -> CsvReader.parse(b("a\n" + "x".repeat(50) + "\n"), "l.csv", CsvReader.Options.HEADER,
                limits(10, 2, 20, 100))).hasMessageStartingWith("l.csv:2:21: record longer than the limit of 20");
        assertThatThrownBy(() -> CsvReader.parse(b("a\n\"" + "x".repeat(50) + "\"\n"), "f.csv",
                CsvReader.Options.HEADER, limits(10, 2, 1000, 10)))
                .hasMessageStartingWith("f.csv:2:12: field longer than the limit of 10");
        assertThatThrownBy(() -> CsvReader.parse(b("a\n1\n"), "b.csv", CsvReader.Options.HEADER,
                new ReadLimits(3, 10, 10, 10, 10, 10))).hasMessage("b.csv: larger than the limit of 3 bytes");
    }

    @Test
    void sklearnLayoutIsCheckedAgainstItsCountLine() {
        Table t = SklearnCsv.parse(b("2,2,neg,pos\n1.5,2,0\n3,4e-1,1\n"), "s.csv", ReadLimits.DEFAULT);
        assertThat(t.columnNames()).containsExactly("f0", "f1", "target");
        assertThat(t.rows().get(1)).containsExactly("3", "4e-1", "pos");
        assertThat(t.columns().get(2).type()).isEqualTo(new ColumnType.Nominal(List.of("neg", "pos")));
        assertThatThrownBy(() -> SklearnCsv.parse(b("3,2,neg,pos\n1,2,0\n"), "s.csv", ReadLimits.DEFAULT))
                .hasMessageContaining("declares 3 rows, the file has 1");
        assertThatThrownBy(() -> SklearnCsv.parse(b("1,2,neg,pos\n1,2,2\n"), "s.csv", ReadLimits.DEFAULT))
                .hasMessageStartingWith("s.csv:2:5: target '2' is not an integer in 0..1");
        assertThatThrownBy(() -> SklearnCsv.parse(b("1,2,neg,pos\n1,x,1\n"), "s.csv", ReadLimits.DEFAULT))
                .hasMessageStartingWith("s.csv:2:3: not a number: 'x'");
    }

    @Test
    void jsonlKeepsNumbersAsWrittenAndAcceptsAnyKeyOrder() {
        Table t = JsonlReader.parse(b("{\"id\":\"a\",\"x\":1.5e3,\"ok\":true}\r\n{\"ok\":false,\"x\":-2,\"id\":\"b\"}\n"),
                "j.jsonl", ReadLimits.DEFAULT);
        assertThat(t.columnNames()).containsExactly("id", "x", "ok");
        assertThat(t.rows().get(0)).containsExactly("a", "1.5e3", "true");
        assertThat(t.rows().get(1)).containsExactly("b", "-2", "false");
    }

    @Test
    void jsonlBoundsStringsAndLines() {
        assertThatThrownBy(() -> JsonlReader.parse(b("{\"a\":\"" + "x".repeat(50) + "\"}\n"), "j.jsonl",
                limits(10, 10, 1000, 10))).isInstanceOf(IncompleteException.class)
                .hasMessageStartingWith("j.jsonl:1:").hasMessageContaining("String value length");
        assertThatThrownBy(() -> JsonlReader.parse(b("{\"a\":\"" + "x".repeat(50) + "\"}\n"), "j.jsonl",
                limits(10, 10, 20, 100))).hasMessageStartingWith("j.jsonl:1:21: line longer than the limit of 20");
        assertThatThrownBy(() -> JsonlReader.parse(b("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n"), "j.jsonl",
                limits(2, 10, 100, 100))).hasMessage("j.jsonl:3:1: more than the limit of 2 rows");
    }

    @Test
    void arffReadsQuotedNominalsCommentsAndCase() {
        String arff = """
                % a comment
                @RELATION 'my data'

                @attribute 'checking status' { '<0', '0<=X<200', "no checking"}
                @Attribute purpose {radio/tv, 'new car'}
                @attribute amount REAL
                @attribute note string
                @data
                % rows
                '<0', radio/tv ,1169, 'it\\'s'
                "no checking",'new car',2.5e3,plain text
                """;
        Table t = ArffReader.parse(b(arff), "a.arff", ReadLimits.DEFAULT);
        assertThat(t.columnNames()).containsExactly("checking status", "purpose", "amount", "note");
        assertThat(t.columns().get(0).type()).isEqualTo(new ColumnType.Nominal(List.of("<0", "0<=X<200",
                "no checking")));
        assertThat(t.columns().get(2).type()).isEqualTo(new ColumnType.Numeric());
        assertThat(t.columns().get(3).type()).isEqualTo(new ColumnType.Text());
        assertThat(t.rows().get(0)).containsExactly("<0", "radio/tv", "1169", "it's");
        assertThat(t.rows().get(1)).containsExactly("no checking", "new car", "2.5e3", "plain text");
        assertThat(t.lines()).containsExactly(10, 11);
    }

    @Test
    void numbersAreStrictDecimals() {
        assertThat(Numbers.parse("1.799e+01")).isEqualTo(17.99);
        assertThat(Numbers.parse("-.5")).isEqualTo(-0.5);
        assertThat(Numbers.parse("7.")).isEqualTo(7.0);
        for (String bad : List.of("", " 1", "1 ", "NaN", "Infinity", "0x10", "1d", "1e", ".", "1e999", "+-1", "1,5")) {
            assertThat(Numbers.parse(bad)).as(bad).isNull();
        }
    }
}
