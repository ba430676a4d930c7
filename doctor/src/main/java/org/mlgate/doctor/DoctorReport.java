package org.mlgate.doctor;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every check, in a fixed order; {@code ok} when no needed check failed (the CLI's exit 0, else 1). */
public record DoctorReport(@JsonProperty("format") String format, @JsonProperty("ok") boolean ok,
                           @JsonProperty("checks") List<Check> checks) {
    /** The JSON document's format tag. */
    public static final String FORMAT = "mlgate-doctor/v1";

    public DoctorReport {
        checks = List.copyOf(checks);
    }

    public static DoctorReport of(List<Check> checks) {
        return new DoctorReport(FORMAT, checks.stream().noneMatch(Check::fails), checks);
    }
}
