package org.mlgate.train.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code --save-split FILE}: which rows trained the model and which were held out, as 0-based data-row numbers of
 * the data file (the header, or scikit-learn's count line, is not a row; rows removed by {@code --sanitize} are in
 * neither), and with a privacy unit the units of each side, so an owner can audit membership inference against
 * the real members. Its canonical JSON's SHA-256 is the provenance's {@code split_sha256}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SplitRecord(@JsonProperty("format") String format, @JsonProperty("data_sha256") String dataSha256,
                          @JsonProperty("privacy_unit") String privacyUnit,
                          @JsonProperty("train") int[] train, @JsonProperty("validation") int[] validation,
                          @JsonProperty("train_units") List<String> trainUnits,
                          @JsonProperty("validation_units") List<String> validationUnits) {
    public static final String FORMAT = "mlgate-split/v1";
}
