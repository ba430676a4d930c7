package org.mlgate.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The JSON body of every error: a machine-readable {@code reason}, a message, and for invalid input each field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Refusal(@JsonProperty("reason") String reason, @JsonProperty("message") String message,
                      @JsonProperty("errors") List<FieldProblem> errors) {
    /** One failing field of one instance (0-based), or of the body ({@code instance} null). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldProblem(@JsonProperty("instance") Integer instance, @JsonProperty("field") String field,
                               @JsonProperty("problem") String problem) { }
}
