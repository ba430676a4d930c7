package org.mlgate.attack.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * An mlgate-style prediction endpoint: {@code POST URL} with {@code {"instances": [...]}} and a bearer key, answers
 * {@code {"predictions": [{"label", "probabilities"?, "bin"?}]}}. Bodies are read up to {@link #MAX_BODY} bytes;
 * 429 and 403 end the attack ({@link TargetRefused}); 401, 400 and anything else are errors naming the status.
 */
public record HttpOracle(URI predictUrl, String apiKey, List<String> classes, HttpClient http, int batch)
        implements Oracle {
    static final int MAX_BODY = 16 << 20;
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public HttpOracle {
        classes = List.copyOf(classes);
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
    }

    @Override
    public String describe() {
        return predictUrl.toString();
    }

    @Override
    public List<Answer> ask(List<Map<String, Object>> rows) {
        List<Answer> out = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += batch) {
            out.addAll(post(rows.subList(from, Math.min(rows.size(), from + batch))));
        }
        return out;
    }

    private List<Answer> post(List<Map<String, Object>> rows) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode instances = body.putArray("instances");
        rows.forEach(r -> instances.add(MAPPER.valueToTree(r)));
        HttpRequest.Builder b = HttpRequest.newBuilder(predictUrl).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<InputStream> r;
        byte[] bytes;
        try {
            r = http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            bytes = readBounded(r.body());
        } catch (IOException e) {
            throw new IncompleteException("cannot query " + predictUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncompleteException("interrupted while querying " + predictUrl, e);
        }
        int status = r.statusCode();
        switch (status) {
            case 200 -> {
                return parse(predictUrl, classes, bytes, rows.size());
            }
            case 429 -> throw new TargetRefused("rate_limited", predictUrl + " answered 429: " + message(bytes));
            case 403 -> throw new TargetRefused("budget_exhausted", predictUrl + " answered 403: " + message(bytes));
            case 401 -> throw new UsageException(predictUrl + " refused the API key (401); give one with --api-key or "
                    + "--api-key-file");
            default -> throw new IncompleteException(predictUrl + " answered " + status + ": " + message(bytes));
        }
    }

    static byte[] readBounded(InputStream in) throws IOException {
        try (in) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new IOException("response larger than " + MAX_BODY + " bytes");
            }
            return b;
        }
    }

    private static String message(byte[] bytes) {
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n != null && n.hasNonNull("message")) {
                return n.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: show its start instead
        }
        String s = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return s.isBlank() ? "(empty body)" : s;
    }

    /**
     * A 200 answer's predictions, checked: the server is what is under test, so nothing it says is believed
     * unchecked — each label one of the model's classes, each probability a finite number in [0, 1].
     */
    public static List<Answer> parse(URI predictUrl, List<String> classes, byte[] bytes, int expected) {
        JsonNode preds;
        try {
            preds = MAPPER.readTree(bytes).path("predictions");
        } catch (IOException e) {
            throw new IncompleteException(predictUrl + " answered with invalid JSON: " + e.getMessage(), e);
        }
        if (!preds.isArray() || preds.size() != expected) {
            throw new IncompleteException(predictUrl + " answered " + (preds.isArray() ? preds.size() : "no")
                    + " predictions for " + expected + " instances");
        }
        List<Answer> out = new ArrayList<>(expected);
        for (int i = 0; i < expected; i++) {
            JsonNode p = preds.get(i);
            if (!p.path("label").isTextual()) {
                throw new IncompleteException(predictUrl + ": prediction " + i + " has no label");
            }
            if (!classes.contains(p.get("label").asText())) {
                throw new IncompleteException(predictUrl + ": prediction " + i + " has the label '"
                        + p.get("label").asText() + "', not one of the model's classes " + classes);
            }
            double[] probs = null;
            JsonNode m = p.path("probabilities");
            // the full distribution only: top-k answers with some classes missing carry no usable vector
            if (m.isObject() && m.size() == classes.size()) {
                probs = new double[classes.size()];
                for (int c = 0; c < probs.length; c++) {
                    JsonNode v = m.get(classes.get(c));
                    if (v == null || !v.isNumber()) {
                        throw new IncompleteException(predictUrl + ": prediction " + i + " has no probability for "
                                + "class '" + classes.get(c) + "'");
                    }
                    probs[c] = v.asDouble();
                    if (!(probs[c] >= 0 && probs[c] <= 1)) {
                        throw new IncompleteException(predictUrl + ": prediction " + i + " gives class '"
                                + classes.get(c) + "' the probability " + v + ", not a number in [0, 1]");
                    }
                }
            }
            // a top-k answer (some classes missing) keeps only how many scores it showed
            out.add(new Answer(p.get("label").asText(), probs, p.path("bin").isTextual() ? p.get("bin").asText()
                    : null, probs != null ? probs.length : m.isObject() ? Math.min(m.size(), classes.size()) : 0));
        }
        return out;
    }
}
