package org.mlgate.scan.report.sarif;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The top-level SARIF object (§3.13): the schema it follows, the SARIF version and the runs. */
public record SarifLog(@JsonProperty("$schema") String schema, String version, List<Run> runs) {
    public static final String VERSION = "2.1.0";
    public static final String SCHEMA_URI =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

    public SarifLog {
        runs = List.copyOf(runs);
    }

    public static SarifLog of(Run run) {
        return new SarifLog(SCHEMA_URI, VERSION, List.of(run));
    }
}
