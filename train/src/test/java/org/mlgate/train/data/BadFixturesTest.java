package org.mlgate.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.core.IncompleteException;

/**
 * Every negative fixture in {@code bad/} (named by its defect) is refused with an {@link IncompleteException}
 * whose message names the file, line and column and says what is wrong.
 */
class BadFixturesTest {
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("csv_unterminated_quote.csv", "2:3", "unterminated quote"),
                Arguments.of("csv_ragged_row.csv", "3:1", "ragged row: 2 fields, expected 3"),
                Arguments.of("csv_too_many_fields.csv", "3:5", "ragged row: 3 fields, expected 2"),
                Arguments.of("csv_duplicate_column.csv", "1:11", "duplicate column 'id'"),
                Arguments.of("csv_empty_column_name.csv", "1:3", "empty column name"),
                Arguments.of("csv_quote_in_unquoted_field.csv", "2:4", "quote inside an unquoted field"),
                Arguments.of("csv_text_after_closing_quote.csv", "2:6", "text after the closing quote"),
                Arguments.of("csv_empty_line.csv", "3:1", "empty line"),
                Arguments.of("csv_bare_carriage_return.csv", "1:4", "carriage return not followed by a line feed"),
                Arguments.of("csv_invalid_utf8.csv", "2:3", "not valid UTF-8"),
                Arguments.of("csv_empty_file.csv", "1:1", "empty file"),
                Arguments.of("jsonl_not_an_object.jsonl", "2:1", "not a JSON object"),
                Arguments.of("jsonl_null_value.jsonl", "2:6", "null value for 'a'"),
                Arguments.of("jsonl_nested_value.jsonl", "1:12", "nested value for 'b'"),
                Arguments.of("jsonl_duplicate_key.jsonl", "2:", "Duplicate field 'a'"),
                Arguments.of("jsonl_unknown_key.jsonl", "2:8", "key 'c' is not in the first line's keys"),
                Arguments.of("jsonl_missing_key.jsonl", "2:1", "key 'b' is missing"),
                Arguments.of("jsonl_text_after_object.jsonl", "1:17", "text after the JSON object"),
                Arguments.of("jsonl_empty_line.jsonl", "2:1", "empty line"),
                Arguments.of("jsonl_malformed_json.jsonl", "2:", "invalid JSON"),
                Arguments.of("jsonl_unterminated_string.jsonl", "1:", "invalid JSON"),
                Arguments.of("arff_unknown_nominal_value.arff", "6:1", "unknown nominal value '<=0' for 'c'"),
                Arguments.of("arff_bad_number.arff", "6:1", "not a number: '1.5.2' for 'x'"),
                Arguments.of("arff_missing_value.arff", "5:1", "missing value '?'"),
                Arguments.of("arff_ragged_row.arff", "6:1", "ragged row: 1 values, expected 2"),
                Arguments.of("arff_duplicate_attribute.arff", "3:1", "duplicate attribute 'x'"),
                Arguments.of("arff_unterminated_quote.arff", "5:1", "unterminated quote"),
                Arguments.of("arff_sparse_row.arff", "5:1", "sparse rows are not supported"),
                Arguments.of("arff_date_attribute.arff", "2:14", "unsupported attribute type"),
                Arguments.of("arff_no_data_section.arff", "", "no @data section"),
                Arguments.of("arff_unclosed_nominal_list.arff", "2:14", "nominal list without a closing brace"),
                Arguments.of("arff_attribute_before_relation.arff", "1:1", "@attribute before @relation"),
                Arguments.of("arff_trailing_comma.arff", "5:5", "row ends with a comma"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void refusedNamingFileLineAndColumn(String name, String where, String message) throws URISyntaxException {
        Path file = Path.of(BadFixturesTest.class.getResource("bad/" + name).toURI());
        DataFormat format = DataFormat.of(file);
        assertThatThrownBy(() -> format.read(file, ReadLimits.DEFAULT))
                .isInstanceOf(IncompleteException.class)
                .hasMessageStartingWith(file + ":" + where)
                .hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void everyFixtureIsListed() throws Exception {
        Path dir = Path.of(BadFixturesTest.class.getResource("bad").toURI());
        try (Stream<Path> files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyElementsOf(fixtures().map(a -> (String) a.get()[0]).sorted().toList());
        }
    }
}
