package org.mlgate.attack.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.PublishedSchema;
import org.mlgate.train.pkg.ModelPackage;

/**
 * An opened target: the oracle, the input space the attacker knows, and what the target says about itself (the
 * advertised output policy and model digest, when known).
 */
public record Target(Oracle oracle, InputSpace space, String policy, String modelSha256) {
    private static final Pattern PREDICT = Pattern.compile("/v1/models/([^/:]+):predict");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A model package folder: white-box, its full schema is the input space. */
    public static Target local(Path dir) {
        ModelPackage pkg = ModelPackage.open(dir);
        var s = pkg.schema();
        return new Target(new LocalOracle(pkg.freeze(), dir.toString(), false),
                new InputSpace(s.features(), s.label().name(), s.label().classes(), s.drop(), s.privacyUnit()), "raw",
                pkg.weightsSha256());
    }

    /**
     * An HTTP endpoint, given as the full prediction URL. Its public schema comes from {@code GET /v1/models} on the
     * same host (an mlgate server); {@code ranges} (may be null) fills bounds the server withholds, or replaces the
     * whole description for other servers. Without a range for every numeric feature: exit 2, never a guess.
     */
    public static Target http(URI predictUrl, String apiKey, FeatureRanges ranges, HttpClient http) {
        if (!"http".equals(predictUrl.getScheme()) && !"https".equals(predictUrl.getScheme())) {
            throw new UsageException("--target " + predictUrl + ": expected an http(s) prediction URL or a model folder");
        }
        Matcher m = PREDICT.matcher(predictUrl.getPath() == null ? "" : predictUrl.getPath());
        JsonNode info = m.matches() ? modelInfo(predictUrl, m.group(1), apiKey, http) : null;
        InputSpace space;
        String policy = null;
        String sha = null;
        if (info != null) {
            space = published(info.get("schema"), ranges, predictUrl);
            policy = info.path("policy").isTextual() ? info.get("policy").asText() : null;
            // the server's claim about itself: kept only when it is a well-formed digest
            sha = info.path("model_sha256").isTextual()
                    && info.get("model_sha256").asText().matches("[0-9a-f]{64}") ? info.get("model_sha256").asText()
                    : null;
        } else if (ranges != null) {
            if (ranges.classes().isEmpty()) {
                throw new UsageException(predictUrl + " publishes no schema (GET /v1/models): the --features file must "
                        + "list the target's \"classes\" (and may name its \"label\")");
            }
            space = new InputSpace(new ArrayList<>(ranges.features().values()),
                    ranges.label() == null ? "label" : ranges.label(), ranges.classes());
        } else {
            throw new UsageException("no public feature ranges for " + predictUrl + ": it publishes no schema (GET "
                    + "/v1/models) and no --features FILE was given; the attack does not guess ranges");
        }
        return new Target(new HttpOracle(predictUrl, apiKey, space.classes(), http, 500), space, policy, sha);
    }

    /**
     * The input space a server's published schema describes. The server is what is under test: a schema that
     * does not read, or whose bounds no feature can have (an overflowing 1e999), is refused, not thrown.
     */
    static InputSpace published(JsonNode schemaNode, FeatureRanges ranges, URI predictUrl) {
        try {
            return fromPublished(MAPPER.convertValue(schemaNode, PublishedSchema.class), ranges, predictUrl);
        } catch (IllegalArgumentException e) {
            throw new IncompleteException(predictUrl.resolve("/v1/models") + " publishes a schema mlgate cannot "
                    + "read: " + e.getMessage(), e);
        }
    }

    static InputSpace fromPublished(PublishedSchema schema, FeatureRanges ranges, URI url) {
        List<Feature> features = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (PublishedSchema.PublishedFeature f : schema.features()) {
            Feature given = ranges == null ? null : ranges.features().get(f.name());
            if ("categorical".equals(f.type())) {
                features.add(new Feature.Categorical(f.name(), f.categories(), f.unseen(), f.origin()));
            } else if (f.min() != null) {
                features.add(new Feature.Numeric(f.name(), f.min(), f.max(), f.scale(), f.origin()));
            } else if (given instanceof Feature.Numeric n) {
                // the server withholds this range; the attacker's own public knowledge fills it, on the published scale
                features.add(new Feature.Numeric(f.name(), n.min(), n.max(), f.scale(), f.origin()));
            } else {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageException(url + " withholds the ranges of " + missing + " (computed from its training "
                    + "data); give them with --features FILE ({\"NAME\": [min, max]}); the attack does not guess ranges");
        }
        return new InputSpace(features, schema.label().name(), schema.label().classes(), schema.drop(),
                schema.privacyUnit());
    }

    private static JsonNode modelInfo(URI predictUrl, String name, String apiKey, HttpClient http) {
        URI models = predictUrl.resolve("/v1/models");
        HttpRequest.Builder b = HttpRequest.newBuilder(models).timeout(Duration.ofSeconds(30)).GET();
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body = HttpOracle.readBounded(r.body());
            if (r.statusCode() == 401) {
                throw new UsageException(models + " refused the API key (401); give one with --api-key or "
                        + "--api-key-file");
            }
            if (r.statusCode() != 200) {
                return null;
            }
            for (JsonNode m : MAPPER.readTree(body).path("models")) {
                if (name.equals(m.path("name").asText()) && m.has("schema")) {
                    return m;
                }
            }
            return null;
        } catch (IOException e) {
            throw new IncompleteException("cannot reach " + models + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncompleteException("interrupted while reading " + models, e);
        }
    }

    /** {@code --target}: an http(s) URL, else a model folder. */
    public static Target open(String target, String apiKey, Path featuresFile) {
        FeatureRanges ranges = featuresFile == null ? null : FeatureRanges.read(featuresFile);
        if (target.startsWith("http://") || target.startsWith("https://")) {
            URI u;
            try {
                u = URI.create(target);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--target: not a URL: " + target);
            }
            return http(u, apiKey, ranges, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }
        Path dir = Path.of(target);
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--target " + target + ": neither an http(s) URL nor a model folder");
        }
        return local(dir);
    }
}
