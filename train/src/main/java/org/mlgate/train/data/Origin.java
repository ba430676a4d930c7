package org.mlgate.train.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a schema entry's bounds, categories or classes came from. {@link #DECLARED}: written by a person or
 * shipped with the data as public knowledge (the default when a schema file does not say). {@link #DATA}:
 * computed by {@link SchemaInference} from the rows themselves, so it is <b>not</b> differentially private
 * (exact minima and maxima, the set of categories present). Training under DP must refuse such a schema
 * ({@link Schema#requireDeclared}) or replace those entries with DP estimates charged to the budget; a schema
 * written beside a model keeps the mark, so reusing it with {@code --schema} does not launder it.
 */
public enum Origin {
    @JsonProperty("declared") DECLARED,
    @JsonProperty("data") DATA
}
