package org.mlgate.convert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Floats in converted metadata are JSON number text as Python writes it, never Java's {@code 1.0E-8}. */
class FlattenerNumberTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1e-8, 0.00000001", "0.25, 0.25", "3.0, 3.0", "-2.5, -2.5", "0.1, 0.1", "1e20, 100000000000000000000.0",
        "1e-30, 1e-30", "1.5e300, 1.5e+300", "0.0, 0.0", "-0.0, -0.0", "NaN, NaN", "Infinity, Infinity",
        "-Infinity, -Infinity", "123456.789, 123456.789"})
    void numberText(double value, String text) {
        assertThat(Flattener.number(value)).isEqualTo(text);
        if (Double.isFinite(value)) {
            assertThat(Double.parseDouble(text)).isEqualTo(value); // reads back to the same double
        }
    }
}
