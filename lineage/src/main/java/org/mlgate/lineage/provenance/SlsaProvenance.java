package org.mlgate.lineage.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.mlgate.lineage.intoto.ResourceDescriptor;

/**
 * The SLSA v1 provenance predicate ({@code https://slsa.dev/provenance/v1}): how an artifact was built. For a
 * training run: {@code buildType} says which mlgate command ran, {@code externalParameters} the user's choices
 * (including privacy parameters), {@code internalParameters} the environment (mlgate, Java, OS),
 * {@code resolvedDependencies} the datasets, code and base model by digest, and {@code runDetails} who ran it and
 * when.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlsaProvenance(@JsonProperty("buildDefinition") BuildDefinition buildDefinition,
                             @JsonProperty("runDetails") RunDetails runDetails) {
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BuildDefinition(@JsonProperty("buildType") String buildType,
                                  @JsonProperty("externalParameters") Map<String, Object> externalParameters,
                                  @JsonProperty("internalParameters") Map<String, Object> internalParameters,
                                  @JsonProperty("resolvedDependencies") List<ResourceDescriptor> resolvedDependencies) {
        public BuildDefinition {
            resolvedDependencies = resolvedDependencies == null ? List.of() : List.copyOf(resolvedDependencies);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunDetails(@JsonProperty("builder") Builder builder, @JsonProperty("metadata") Metadata metadata,
                             @JsonProperty("byproducts") List<ResourceDescriptor> byproducts) {
        public RunDetails {
            byproducts = byproducts == null ? null : List.copyOf(byproducts);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Builder(@JsonProperty("id") String id, @JsonProperty("version") Map<String, String> version) { }

    /** Times are RFC 3339 UTC text, as SLSA writes them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(@JsonProperty("invocationId") String invocationId,
                           @JsonProperty("startedOn") String startedOn,
                           @JsonProperty("finishedOn") String finishedOn) { }
}
