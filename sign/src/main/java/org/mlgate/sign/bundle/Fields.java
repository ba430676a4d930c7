package org.mlgate.sign.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

/** Typed access to a parsed JSON tree; every failure names the field by its path ({@code a.b[2].c}). */
final class Fields {
    private Fields() {
    }

    static ObjectNode object(JsonNode node, String path) {
        if (node == null || node.isMissingNode()) {
            throw new BundleFormatException(path + ": missing");
        }
        if (!(node instanceof ObjectNode o)) {
            throw new BundleFormatException(path + ": expected an object, got " + kind(node));
        }
        return o;
    }

    static JsonNode required(ObjectNode o, String field, String path) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new BundleFormatException(path + "." + field + ": missing");
        }
        return n;
    }

    static String string(ObjectNode o, String field, String path) {
        JsonNode n = required(o, field, path);
        if (!n.isTextual()) {
            throw new BundleFormatException(path + "." + field + ": expected a string, got " + kind(n));
        }
        return n.textValue();
    }

    static String optionalString(ObjectNode o, String field, String path) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new BundleFormatException(path + "." + field + ": expected a string, got " + kind(n));
        }
        return n.textValue();
    }

    static JsonNode array(ObjectNode o, String field, String path) {
        JsonNode n = required(o, field, path);
        if (!n.isArray()) {
            throw new BundleFormatException(path + "." + field + ": expected an array, got " + kind(n));
        }
        return n;
    }

    static byte[] base64(ObjectNode o, String field, String path) {
        String s = string(o, field, path);
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(path + "." + field + ": not valid base64 (" + e.getMessage() + ")");
        }
    }

    /** Fails on any field not in {@code allowed}. */
    static void only(ObjectNode o, Set<String> allowed, String path) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new BundleFormatException(path + ": unexpected field '" + f + "'");
            }
        }
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY -> "binary";
            case MISSING -> "nothing";
        };
    }
}
