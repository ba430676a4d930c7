package org.mlgate.train.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What encoding does with a categorical value the schema does not list. */
public enum Unseen {
    /** Refuse the file, naming the line and column (the default: fail closed). */
    @JsonProperty("refuse") REFUSE,
    /** Set the extra last one-hot slot {@code column=<other>}. */
    @JsonProperty("other") OTHER
}
