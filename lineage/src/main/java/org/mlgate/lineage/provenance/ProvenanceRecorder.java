package org.mlgate.lineage.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.mlgate.core.ToolInfo;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.intoto.ResourceDescriptor;
import org.mlgate.lineage.intoto.Statement;

/**
 * Records provenance as a side effect of the work that makes an artifact (the Tribuo way): a command starts a
 * recorder, declares what it reads (datasets, code, a base model — by digest) and the parameters it was given, and
 * finishing with the artifacts it wrote yields an in-toto statement with an SLSA v1 predicate. The recorder is
 * single-use and refuses to finish twice or without outputs.
 */
public final class ProvenanceRecorder {
    /** The builder id mlgate writes into provenance. */
    public static final String BUILDER_ID = "https://mlgate.dev/builder/v1";

    private final String buildType;
    private final Clock clock;
    private final String runId;
    private final Instant started;
    private final List<ResourceDescriptor> dependencies = new ArrayList<>();
    private final List<ResourceDescriptor> byproducts = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> internal = new LinkedHashMap<>();
    private boolean finished;

    private ProvenanceRecorder(String buildType, String runId, Clock clock) {
        this.buildType = Objects.requireNonNull(buildType, "buildType");
        this.runId = Objects.requireNonNull(runId, "runId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Starts recording a run of {@code buildType} (e.g. {@code https://mlgate.dev/train/v1}) with a random run id. */
    public static ProvenanceRecorder start(String buildType) {
        return new ProvenanceRecorder(buildType, UUID.randomUUID().toString(), Clock.systemUTC());
    }

    /** Starts with a given run id and clock (reproducible records in tests). */
    public static ProvenanceRecorder start(String buildType, String runId, Clock clock) {
        return new ProvenanceRecorder(buildType, runId, clock);
    }

    public String runId() {
        return runId;
    }

    /** Declares something the run reads: a dataset, code or base model, by digest. */
    public ProvenanceRecorder uses(Artifact input) {
        if (input.kind() != ArtifactKind.DATASET && input.kind() != ArtifactKind.CODE
                && input.kind() != ArtifactKind.MODEL) {
            throw new IllegalArgumentException("a run uses datasets, code or models, not a " + input.kind().label());
        }
        dependencies.add(new ResourceDescriptor(input.name(), null, Map.of("sha256", input.digest()),
                Map.of("kind", input.kind().label())));
        return this;
    }

    /** A parameter given to the run (hyperparameters, privacy parameters); values must serialise to JSON. */
    public ProvenanceRecorder parameter(String name, Object value) {
        if (parameters.putIfAbsent(Objects.requireNonNull(name, "name"), value) != null) {
            throw new IllegalArgumentException("parameter " + name + " recorded twice");
        }
        return this;
    }

    /**
     * Every property of a typed parameter record (its JSON names; null properties left out), as
     * {@link #parameter(String, Object)} would record them one by one.
     */
    public ProvenanceRecorder parameters(Object record) {
        Map<String, Object> fields = CanonicalJson.MAPPER.convertValue(Objects.requireNonNull(record, "record"),
                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        fields.forEach((k, v) -> {
            if (v != null) {
                parameter(k, v);
            }
        });
        return this;
    }

    /**
     * A value the run itself determined (SLSA {@code internalParameters}), e.g. the privacy accounting the trusted
     * side computed from its own plan; {@code environment} is reserved.
     */
    public ProvenanceRecorder internalParameter(String name, Object value) {
        if ("environment".equals(name) || internal.putIfAbsent(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(value, "value")) != null) {
            throw new IllegalArgumentException("internal parameter " + name + " recorded twice or reserved");
        }
        return this;
    }

    /**
     * A file the run wrote besides its outputs (SLSA {@code runDetails.byproducts}), by name and SHA-256, with its
     * role (e.g. {@code sanitize-report}: which training rows were dropped and why).
     */
    public ProvenanceRecorder byproduct(String name, String sha256, String role) {
        byproducts.add(new ResourceDescriptor(Objects.requireNonNull(name, "name"), null,
                Map.of("sha256", Objects.requireNonNull(sha256, "sha256")), Map.of("role", Objects.requireNonNull(role,
                "role"))));
        return this;
    }

    /** Ends the run: the statement's subjects are the artifacts it produced. */
    public Statement finish(List<Artifact> outputs) {
        if (finished) {
            throw new IllegalStateException("provenance of run " + runId + " already finished");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a run must produce at least one artifact");
        }
        finished = true;
        List<ResourceDescriptor> subjects = outputs.stream().map(a -> new ResourceDescriptor(a.name(), null,
                Map.of("sha256", a.digest()), Map.of("kind", a.kind().label()))).toList();
        ToolInfo tool = ToolInfo.current();
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("mlgate", tool.version());
        environment.put("java", System.getProperty("java.version"));
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Map<String, Object> internalParameters = new LinkedHashMap<>();
        internalParameters.put("environment", environment);
        internalParameters.putAll(internal);
        SlsaProvenance p = new SlsaProvenance(
                new SlsaProvenance.BuildDefinition(buildType, Map.copyOf(parameters), internalParameters,
                        dependencies),
                new SlsaProvenance.RunDetails(new SlsaProvenance.Builder(BUILDER_ID, Map.of("mlgate", tool.version())),
                        new SlsaProvenance.Metadata(runId, started.toString(),
                                clock.instant().truncatedTo(ChronoUnit.MILLIS).toString()),
                        byproducts.isEmpty() ? null : List.copyOf(byproducts)));
        JsonNode predicate = CanonicalJson.MAPPER.valueToTree(p);
        return new Statement(Statement.TYPE_V1, subjects, SlsaProvenance.PREDICATE_TYPE, predicate);
    }
}
