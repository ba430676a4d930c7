package org.mlgate.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.mlgate.core.Digest;
import org.mlgate.core.MlgateException;
import org.mlgate.serve.keys.ApiKeys;
import org.mlgate.serve.keys.Budgets;
import org.mlgate.serve.keys.Caller;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.policy.Prediction;
import org.mlgate.serve.state.AuditEntry;
import org.mlgate.serve.state.AuditLog;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Numbers;
import org.mlgate.train.data.PublishedSchema;
import org.mlgate.train.pkg.RowRejected;

/**
 * The request path of the prediction API, independent of HTTP. {@link #predict} applies the checks in order, the
 * first failure answering: key (401, one body for missing and wrong) → model (404) → content type (415) → body size
 * (413) → JSON shape and every field through the strict predictor (400 listing every failing field) → rate and budget
 * (429 with Retry-After, 403 once a lifetime budget is spent). A batch is accepted or refused whole; a refused request
 * costs no budget. Every answer is written to the audit log before it is returned; if that fails the answer is 503.
 */
public final class PredictionService {
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String SUFFIX = ":predict";
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(10_000)
                            .maxNumberLength(400).build()).build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    /** Reads at most {@code limit + 1} bytes of the request body (so that "too large" is known without reading it all). */
    public interface Body {
        byte[] read(int limit);
    }

    public record PredictRequest(String authorization, String target, String contentType, long contentLength,
                                 Body body, String requestId) { }

    private final Map<String, ServedModel> models;
    private final ApiKeys keys;
    private final Budgets budgets;
    private final AuditLog audit;
    private final ServeLimits limits;
    private final Clock clock;

    public PredictionService(List<ServedModel> models, ApiKeys keys, Budgets budgets, AuditLog audit,
                             ServeLimits limits, Clock clock) {
        Map<String, ServedModel> m = new LinkedHashMap<>();
        models.forEach(s -> {
            if (m.put(s.name(), s) != null) {
                throw new org.mlgate.core.UsageException("two models are named '" + s.name() + "'");
            }
        });
        this.models = m;
        this.keys = keys;
        this.budgets = budgets;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    public static String requestId(String given) {
        return given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    public Response predict(PredictRequest r) {
        Optional<Caller> caller = keys.authenticate(r.authorization());
        if (caller.isEmpty()) {
            return refuse(r, null, null, 401, "unauthenticated", "a valid API key is required "
                    + "(Authorization: Bearer KEY)", null, Map.of("WWW-Authenticate", "Bearer"));
        }
        Caller c = caller.get();
        String target = r.target() == null ? "" : r.target();
        ServedModel model = target.endsWith(SUFFIX) ? models.get(target.substring(0, target.length() - SUFFIX.length()))
                : null;
        if (model == null) {
            return refuse(r, c, null, 404, "model_not_found", "no model at this path (GET /v1/models lists them)",
                    null, Map.of());
        }
        String type = r.contentType() == null ? "" : r.contentType().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.startsWith("application/json;")) {
            return refuse(r, c, model, 415, "unsupported_media_type", "Content-Type must be application/json", null,
                    Map.of());
        }
        if (r.contentLength() > limits.maxBody()) {
            return tooLarge(r, c, model);
        }
        byte[] body = r.body().read(limits.maxBody());
        if (body.length > limits.maxBody()) {
            return tooLarge(r, c, model);
        }
        Parsed parsed;
        try {
            parsed = parse(body, model);
        } catch (Invalid e) {
            return refuse(r, c, model, 400, e.reason, e.getMessage(), e.errors, Map.of());
        }
        OutputPolicy policy = c.policy() != null ? c.policy() : model.policy();
        int n = parsed.rows().size();
        switch (budgets.reserve(c, n)) {
            case Budgets.Decision.RateLimited rl -> {
                return refuse(r, c, model, 429, "rate_limited", "too many requests; retry after " + rl.retryAfterSeconds()
                        + " s", null, Map.of("Retry-After", Long.toString(rl.retryAfterSeconds())));
            }
            case Budgets.Decision.Exhausted ex when ex.lifetime() -> {
                return refuse(r, c, model, 403, "budget_exhausted", "this key's lifetime budget of " + ex.budget()
                        + " predictions is spent", null, Map.of());
            }
            case Budgets.Decision.Exhausted ex -> {
                return refuse(r, c, model, 429, "daily_budget_exhausted", "this key's daily budget of " + ex.budget()
                        + " predictions is spent; it renews at midnight UTC", null,
                        Map.of("Retry-After", Long.toString(ex.retryAfterSeconds())));
            }
            case Budgets.Decision.Allowed a -> { }
        }
        List<Prediction> out = new ArrayList<>(n);
        List<double[]> p = parsed.probabilities();
        List<String> classes = model.predictor().classes();
        for (int i = 0; i < n; i++) {
            long seed = policy instanceof OutputPolicy.Noise
                    ? keys.keyedSeed((model.pkg().weightsSha256() + "\n" + parsed.canonical().get(i))
                            .getBytes(StandardCharsets.UTF_8)) : 0;
            out.add(policy.apply(p.get(i), classes, seed));
        }
        byte[] answer = json(new Predictions(out));
        try {
            audit.append(entry(r, c, model, parsed.digest(), n, policy.spelling(), 200, null, answer));
        } catch (MlgateException e) {
            budgets.refund(c, n);
            return unaudited(r.requestId());
        }
        return new Response(200, Map.of("X-Request-Id", r.requestId()), answer);
    }

    /** {@code {"predictions": [...]}}. */
    public record Predictions(@JsonProperty("predictions") List<Prediction> predictions) { }

    /** The validated rows, each row's canonical text (for the noise seed) and the digest of all of them. */
    private record Parsed(List<Map<String, Object>> rows, List<double[]> probabilities, List<String> canonical,
                          String digest) { }

    private static final class Invalid extends Exception {
        final String reason;
        final List<Refusal.FieldProblem> errors;

        Invalid(String reason, String message, List<Refusal.FieldProblem> errors) {
            super(message, null, false, false);
            this.reason = reason;
            this.errors = errors;
        }
    }

    private Parsed parse(byte[] body, ServedModel model) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new Invalid("malformed_json", "the body is not valid JSON: " + oneLine(e.getMessage()), null);
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("invalid_body", "the body must be a JSON object {\"instances\": [...]}", null);
        }
        List<Refusal.FieldProblem> shape = new ArrayList<>();
        root.fieldNames().forEachRemaining(f -> {
            if (!f.equals("instances")) {
                shape.add(new Refusal.FieldProblem(null, f, "unknown field (the body has only 'instances')"));
            }
        });
        JsonNode instances = root.get("instances");
        if (instances == null || !instances.isArray()) {
            shape.add(new Refusal.FieldProblem(null, "instances", instances == null ? "missing" : "must be an array"));
        }
        if (!shape.isEmpty()) {
            throw new Invalid("invalid_body", "the body must be {\"instances\": [{feature: value, ...}, ...]}", shape);
        }
        if (instances.isEmpty()) {
            throw new Invalid("invalid_body", "'instances' is empty", null);
        }
        if (instances.size() > limits.maxBatch()) {
            throw new Invalid("too_many_instances", instances.size() + " instances; at most " + limits.maxBatch()
                    + " per request", null);
        }
        List<Map<String, Object>> rows = new ArrayList<>(instances.size());
        for (JsonNode inst : instances) {
            rows.add(inst.isObject() ? values(inst) : null);
        }
        List<double[]> probabilities;
        try {
            probabilities = model.predictor().predict(rows); // shown only if the budget allows
        } catch (RowRejected e) {
            throw new Invalid("invalid_instances", e.errors().size() + " invalid field(s)", e.errors().stream()
                    .map(f -> new Refusal.FieldProblem(f.row(), f.field(), f.reason())).toList());
        }
        List<String> canonical = new ArrayList<>(rows.size());
        StringBuilder all = new StringBuilder();
        for (Map<String, Object> row : rows) {
            String text = canonical(row, model);
            canonical.add(text);
            all.append(text).append('\n');
        }
        return new Parsed(rows, probabilities, canonical, Digest.sha256(all.toString().getBytes(StandardCharsets.UTF_8)).hex());
    }

    /** A JSON object's members as the predictor reads them (numbers as doubles, text as strings, others as kinds). */
    private static Map<String, Object> values(JsonNode inst) {
        Map<String, Object> row = HashMap.newHashMap(inst.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = inst.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Object value = v.isNumber() ? (Object) v.doubleValue() : v.isTextual() ? v.textValue() : v.isBoolean()
                    ? (Object) v.booleanValue() : v.isNull() ? null : v.isArray() ? List.of() : Map.of();
            row.put(e.getKey(), value);
        }
        return row;
    }

    /** The row as the model sees it, independent of JSON spelling and member order: features in schema order. */
    private static String canonical(Map<String, Object> row, ServedModel model) {
        StringBuilder b = new StringBuilder();
        for (Feature f : model.predictor().schema().features()) {
            Object v = row.get(f.name());
            b.append(f.name()).append('=');
            if (f instanceof Feature.Numeric) {
                double d = v instanceof Number num ? num.doubleValue() : Numbers.parse((String) v);
                b.append(d == 0 ? 0.0 : d); // -0.0 and 0.0 are the same input
            } else {
                b.append(v);
            }
            b.append('\u001f');
        }
        return b.toString();
    }

    private Response tooLarge(PredictRequest r, Caller c, ServedModel model) {
        return refuse(r, c, model, 413, "body_too_large", "the body exceeds " + limits.maxBody() + " bytes", null,
                Map.of());
    }

    private Response refuse(PredictRequest r, Caller c, ServedModel model, int status, String reason, String message,
                            List<Refusal.FieldProblem> errors, Map<String, String> headers) {
        byte[] body = json(new Refusal(reason, message, errors));
        try {
            audit.append(entry(r, c, model, null, 0, null, status, reason, body));
        } catch (MlgateException e) {
            return unaudited(r.requestId());
        }
        Map<String, String> h = new HashMap<>(headers);
        h.put("X-Request-Id", r.requestId());
        return new Response(status, h, body);
    }

    private Response unaudited(String requestId) {
        return new Response(503, Map.of("X-Request-Id", requestId, "Retry-After", "1"),
                json(new Refusal("audit_unavailable", "the request could not be audited, so it is not answered", null)));
    }

    private AuditEntry entry(PredictRequest r, Caller c, ServedModel model, String inputDigest, int predictions,
                             String policy, int status, String reason, byte[] output) {
        return new AuditEntry(null, r.requestId(), c == null ? null : c.keyId(), clock.instant(),
                model == null ? null : model.name(), model == null ? null : model.pkg().weightsSha256(), inputDigest,
                predictions, policy, status, reason, new String(output, StandardCharsets.UTF_8));
    }

    // ---- the other endpoints ----

    /** One served model as {@code GET /v1/models} shows it to a caller. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelInfo(@JsonProperty("name") String name, @JsonProperty("model_sha256") String modelSha256,
                            @JsonProperty("root_sha256") String rootSha256, @JsonProperty("verified") boolean verified,
                            @JsonProperty("insecure_skip_verify") boolean insecure,
                            @JsonProperty("signer") String signer, @JsonProperty("scan") String scan,
                            @JsonProperty("policy") String policy, @JsonProperty("schema") PublishedSchema schema) { }

    public record ModelList(@JsonProperty("models") List<ModelInfo> models) { }

    public record Budget(@JsonProperty("key_id") String keyId, @JsonProperty("budget") Long budget,
                         @JsonProperty("used") Long used, @JsonProperty("remaining") Long remaining,
                         @JsonProperty("daily_budget") Long dailyBudget, @JsonProperty("used_today") Long usedToday,
                         @JsonProperty("rate") String rate) { }

    public Response models(String authorization, String requestId) {
        Optional<Caller> caller = keys.authenticate(authorization);
        if (caller.isEmpty()) {
            return unauthenticated(requestId, "GET /v1/models");
        }
        List<ModelInfo> list = models.values().stream().map(m -> new ModelInfo(m.name(), m.pkg().weightsSha256(),
                m.verified() ? m.admission().signature().rootDigest() : null, m.verified(), !m.verified(),
                m.verified() ? m.admission().signature().signer() : null,
                m.verified() ? m.admission().evidence().getClass().getSimpleName().toLowerCase(Locale.ROOT) : null,
                (caller.get().policy() != null ? caller.get().policy() : m.policy()).spelling(),
                m.pkg().card().schema())).toList();
        return audited(requestId, caller.get(), "GET /v1/models", new Response(200, Map.of("X-Request-Id", requestId),
                json(new ModelList(list))));
    }

    public Response budget(String authorization, String requestId) {
        Optional<Caller> caller = keys.authenticate(authorization);
        if (caller.isEmpty()) {
            return unauthenticated(requestId, "GET /v1/budget");
        }
        Budgets.Remaining r = budgets.remaining(caller.get());
        Budget b = new Budget(caller.get().keyId(), r.budget(), r.used(),
                r.budget() == null ? null : Math.max(0, r.budget() - r.used()), r.dailyBudget(), r.usedToday(),
                budgets.defaults().rate() == null ? null : budgets.defaults().rate().toString());
        return audited(requestId, caller.get(), "GET /v1/budget", new Response(200, Map.of("X-Request-Id", requestId),
                json(b)));
    }

    private Response unauthenticated(String requestId, String endpoint) {
        return audited(requestId, null, endpoint, new Response(401, Map.of("X-Request-Id", requestId,
                "WWW-Authenticate", "Bearer"), json(new Refusal("unauthenticated", "a valid API key is required "
                + "(Authorization: Bearer KEY)", null))));
    }

    /** A read-only endpoint's answer, audited like a prediction (its endpoint in the model column's place). */
    private Response audited(String requestId, Caller c, String endpoint, Response r) {
        try {
            audit.append(new AuditEntry(null, requestId, c == null ? null : c.keyId(), clock.instant(), endpoint, null,
                    null, 0, null, r.status(), r.status() == 200 ? null : "unauthenticated",
                    new String(r.body(), StandardCharsets.UTF_8)));
        } catch (MlgateException e) {
            return unaudited(requestId);
        }
        return r;
    }

    public List<ServedModel> served() {
        return List.copyOf(models.values());
    }

    /** {@code {"status": ...}} for the health endpoints. */
    public record Status(@JsonProperty("status") String status) { }

    public static byte[] status(String status) {
        return json(new Status(status));
    }

    /** A refusal body for failures outside the request path (the front's exception mapping). */
    public static byte[] refusal(String reason, String message) {
        return json(new Refusal(reason, message, null));
    }

    static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ");
        int at = t.indexOf(" at [Source");
        return at > 0 ? t.substring(0, at) : t;
    }
}
