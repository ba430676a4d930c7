package org.mlgate.lineage.intoto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An in-toto Statement v1: what is attested ({@code subject}, by digest) and the claim ({@code predicate}, whose
 * schema {@code predicateType} names). The predicate stays a JSON tree here; each known type is bound to its own
 * record by the reader.
 */
public record Statement(@JsonProperty("_type") String type, @JsonProperty("subject") List<ResourceDescriptor> subject,
                        @JsonProperty("predicateType") String predicateType,
                        @JsonProperty("predicate") JsonNode predicate) {
    public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";
    /** The DSSE payload type of in-toto statements. */
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

    public Statement {
        subject = subject == null ? null : List.copyOf(subject);
    }
}
