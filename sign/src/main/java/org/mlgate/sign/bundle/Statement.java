package org.mlgate.sign.bundle;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-toto statement as read from a DSSE payload: its type, subjects and predicate type, with the
 * predicate kept as a (read-only by convention) JSON tree for the predicate's own parser.
 */
public record Statement(String type, List<Subject> subjects, String predicateType, JsonNode predicate) {
    public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";

    public Statement {
        Objects.requireNonNull(type, "type");
        subjects = List.copyOf(subjects);
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** A subject: a name, its digests by algorithm, and annotations (string values only are kept). */
    public record Subject(String name, Map<String, String> digest, Map<String, String> annotations) {
        public Subject {
            digest = Map.copyOf(digest);
            annotations = Map.copyOf(annotations);
        }
    }

    /** Parses the payload bytes; structural failures are {@link BundleFormatException}s naming the field. */
    public static Statement parse(byte[] payload) {
        JsonNode root;
        try {
            root = Json.READER.readTree(payload);
        } catch (JacksonException e) {
            throw new BundleFormatException("statement: not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new BundleFormatException("statement: cannot be read (" + e.getMessage() + ")", e);
        }
        ObjectNode o = Fields.object(root, "statement");
        String type = Fields.string(o, "_type", "statement");
        String predicateType = Fields.string(o, "predicateType", "statement");
        JsonNode subjectsNode = Fields.array(o, "subject", "statement");
        List<Subject> subjects = new ArrayList<>();
        for (int i = 0; i < subjectsNode.size(); i++) {
            String p = "statement.subject[" + i + "]";
            ObjectNode s = Fields.object(subjectsNode.get(i), p);
            String name = Fields.optionalString(s, "name", p);
            ObjectNode d = Fields.object(s.get("digest"), p + ".digest");
            Map<String, String> digest = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : d.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new BundleFormatException(p + ".digest." + e.getKey() + ": expected a string");
                }
                digest.put(e.getKey(), e.getValue().textValue());
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            JsonNode a = s.get("annotations");
            if (a != null && a.isObject()) {
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    if (e.getValue().isTextual()) {
                        annotations.put(e.getKey(), e.getValue().textValue());
                    }
                }
            }
            subjects.add(new Subject(name == null ? "" : name, digest, annotations));
        }
        JsonNode predicate = Fields.required(o, "predicate", "statement");
        return new Statement(type, subjects, predicateType, predicate);
    }
}
