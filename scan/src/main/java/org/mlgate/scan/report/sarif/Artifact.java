package org.mlgate.scan.report.sarif;

import java.util.List;
import java.util.Map;

/** A scanned file (§3.24): location, length, hashes by algorithm ("sha-256"), roles and a property bag. */
public record Artifact(ArtifactLocation location, Long length, Map<String, String> hashes, List<String> roles,
                       Object properties) {
    public Artifact {
        hashes = hashes == null ? Map.of() : Map.copyOf(hashes);
        roles = List.copyOf(roles);
    }
}
