package org.mlgate.attack.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.mlgate.core.IncompleteException;

/** A server's published schema is read strictly: what no feature can be is refused as the server's fault. */
class PublishedSchemaTest {
    static final URI URL = URI.create("http://127.0.0.1:1/v1/models/fraud:predict");

    static String schema(String max) {
        return """
                {"schema": "mlgate-schema/v1", "features": [
                  {"type": "numeric", "name": "amount", "min": 0, "max": %s, "scale": "linear", "origin": "declared"}],
                 "label": {"name": "fraud", "classes": ["0", "1"]}}""".formatted(max);
    }

    @Test
    void aReadableSchemaGivesTheInputSpace() throws Exception {
        InputSpace s = Target.published(new ObjectMapper().readTree(schema("1000")), null, URL);
        assertThat(s.classes()).containsExactly("0", "1");
        assertThat(s.features()).hasSize(1);
    }

    @Test
    void boundsNoFeatureCanHaveAreTheServersFault() throws Exception {
        // 1e999 reads as infinity: the published record accepts min < max, the feature itself refuses it.
        assertThatThrownBy(() -> Target.published(new ObjectMapper().readTree(schema("1e999")), null, URL))
                .isInstanceOf(IncompleteException.class)
                .hasMessageStartingWith("http://127.0.0.1:1/v1/models publishes a schema mlgate cannot read: ");
        assertThatThrownBy(() -> Target.published(new ObjectMapper().readTree("{\"schema\": 3}"), null, URL))
                .isInstanceOf(IncompleteException.class);
    }
}
