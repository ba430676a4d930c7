package org.mlgate.lineage.intoto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * An in-toto ResourceDescriptor (subjects, SLSA dependencies and byproducts): a name or URI, digests by algorithm, and
 * free annotations (mlgate puts the artifact kind under {@code "kind"}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceDescriptor(@JsonProperty("name") String name, @JsonProperty("uri") String uri,
                                 @JsonProperty("digest") Map<String, String> digest,
                                 @JsonProperty("annotations") Map<String, Object> annotations) {
    public ResourceDescriptor {
        digest = digest == null ? null : Map.copyOf(digest);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    /** The SHA-256 hex digest, or null. */
    public String sha256() {
        return digest == null ? null : digest.get("sha256");
    }

    /** The {@code kind} annotation, or null. */
    public String kind() {
        return annotations != null && annotations.get("kind") instanceof String s ? s : null;
    }
}
