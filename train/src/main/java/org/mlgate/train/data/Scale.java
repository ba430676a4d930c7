package org.mlgate.train.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a numeric feature maps its declared {@code [min, max]} onto [0, 1]; see {@link Feature.Numeric}. */
public enum Scale {
    @JsonProperty("linear") LINEAR,
    /** {@code ln(1 + v)} before scaling: for heavy-tailed non-negative values (amounts, distances, counts). */
    @JsonProperty("log") LOG
}
