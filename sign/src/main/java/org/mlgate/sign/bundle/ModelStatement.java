package org.mlgate.sign.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlgate.sign.hash.Resource;
import org.mlgate.sign.hash.Serialization;

/**
 * What a model-signing statement claims: the model's name and root digest, how it was serialized and every
 * resource with its digest. Read from the OMS predicate {@code https://model_signing/signature/v1.0}, or from
 * the legacy v0.2 statement ({@code https://model_signing/Digests/v0.1}: per-file digests as subjects, no
 * root digest, no serialization record).
 *
 * @param rootDigest null for the legacy format
 */
public record ModelStatement(String modelName, String rootDigest, Serialization serialization,
                             List<Resource> resources, boolean legacy) {
    public static final String PREDICATE_V1 = "https://model_signing/signature/v1.0";
    public static final String PREDICATE_LEGACY = "https://model_signing/Digests/v0.1";

    public ModelStatement {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(serialization, "serialization");
        resources = List.copyOf(resources);
    }

    /** Interprets a statement whose type and predicate type the caller has already checked. */
    public static ModelStatement of(Statement s) {
        if (s.predicateType().equals(PREDICATE_LEGACY)) {
            return legacy(s);
        }
        if (!s.predicateType().equals(PREDICATE_V1)) {
            throw new BundleFormatException("statement.predicateType: '" + s.predicateType() + "' is not a model "
                    + "signature");
        }
        if (s.subjects().size() != 1) {
            throw new BundleFormatException("statement.subject: expected exactly one subject (the model), found "
                    + s.subjects().size());
        }
        Statement.Subject subject = s.subjects().getFirst();
        String root = subject.digest().get("sha256");
        if (root == null || !root.matches("[0-9a-f]{64}")) {
            throw new BundleFormatException("statement.subject[0].digest.sha256: missing or not a SHA-256 hex digest");
        }
        ObjectNode p = Fields.object(s.predicate(), "statement.predicate");
        Fields.only(p, Set.of("resources", "serialization"), "statement.predicate");
        Serialization ser = serialization(Fields.object(p.get("serialization"), "statement.predicate.serialization"));
        JsonNode list = Fields.array(p, "resources", "statement.predicate");
        List<Resource> resources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String rp = "statement.predicate.resources[" + i + "]";
            ObjectNode r = Fields.object(list.get(i), rp);
            String name = Fields.string(r, "name", rp);
            String algorithm = Fields.string(r, "algorithm", rp);
            String digest = Fields.string(r, "digest", rp);
            if (!algorithm.equals("sha256")) {
                throw new BundleFormatException(rp + ".algorithm: '" + algorithm + "' is not supported (sha256 only)");
            }
            if (!digest.matches("[0-9a-f]{64}")) {
                throw new BundleFormatException(rp + ".digest: not a lower-case SHA-256 hex digest");
            }
            checkName(ser.method() == Serialization.Method.SHARDS ? ShardName.parse(name, rp).path() : name, rp);
            if (!names.add(name)) {
                throw new BundleFormatException(rp + ".name: '" + name + "' is listed twice");
            }
            resources.add(new Resource(name, digest));
        }
        return new ModelStatement(subject.name(), root, ser, resources, false);
    }

    private static ModelStatement legacy(Statement s) {
        List<Resource> resources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < s.subjects().size(); i++) {
            String sp = "statement.subject[" + i + "]";
            Statement.Subject subject = s.subjects().get(i);
            String algorithm = subject.annotations().get("actual_hash_algorithm");
            if (!"file-sha256".equals(algorithm)) {
                throw new BundleFormatException(sp + ".annotations.actual_hash_algorithm: '" + algorithm
                        + "' is not supported (file-sha256 only)");
            }
            String digest = subject.digest().get("sha256");
            if (digest == null || !digest.matches("[0-9a-f]{64}")) {
                throw new BundleFormatException(sp + ".digest.sha256: missing or not a SHA-256 hex digest");
            }
            checkName(subject.name(), sp);
            if (!names.add(subject.name())) {
                throw new BundleFormatException(sp + ".name: '" + subject.name() + "' is listed twice");
            }
            resources.add(new Resource(subject.name(), digest));
        }
        return new ModelStatement("", null, Serialization.files(List.of()), resources, true);
    }

    private static Serialization serialization(ObjectNode o) {
        String path = "statement.predicate.serialization";
        Fields.only(o, Set.of("method", "hash_type", "allow_symlinks", "shard_size", "ignore_paths"), path);
        String method = Fields.string(o, "method", path);
        String hashType = Fields.string(o, "hash_type", path);
        if (!hashType.equals("sha256")) {
            throw new BundleFormatException(path + ".hash_type: '" + hashType + "' is not supported (sha256 only)");
        }
        JsonNode symlinks = Fields.required(o, "allow_symlinks", path);
        if (!symlinks.isBoolean()) {
            throw new BundleFormatException(path + ".allow_symlinks: expected a boolean");
        }
        List<String> ignore = new ArrayList<>();
        if (o.has("ignore_paths")) {
            JsonNode a = Fields.array(o, "ignore_paths", path);
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).isTextual() || a.get(i).textValue().isEmpty()) {
                    throw new BundleFormatException(path + ".ignore_paths[" + i + "]: expected a non-empty string");
                }
                ignore.add(a.get(i).textValue());
            }
        }
        return switch (method) {
            case "files" -> {
                if (o.has("shard_size")) {
                    throw new BundleFormatException(path + ".shard_size: not allowed with method files");
                }
                yield Serialization.files(ignore);
            }
            case "shards" -> {
                JsonNode size = Fields.required(o, "shard_size", path);
                if (!size.canConvertToExactIntegral() || !size.canConvertToLong() || size.longValue() <= 0) {
                    throw new BundleFormatException(path + ".shard_size: expected a positive integer");
                }
                yield Serialization.shards(size.longValue(), ignore);
            }
            default -> throw new BundleFormatException(path + ".method: '" + method + "' is not files or shards");
        };
    }

    /** A resource name must be "." (a single-file model) or a relative POSIX path with no "." or ".." parts. */
    static void checkName(String name, String path) {
        if (name.equals(".")) {
            return;
        }
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\0') >= 0) {
            throw new BundleFormatException(path + ".name: '" + name + "' is not a relative path");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new BundleFormatException(path + ".name: '" + name + "' is not a normalized relative path");
            }
        }
    }

    /** A shard resource name {@code path:start:end} (the path may itself contain colons). */
    public record ShardName(String path, long start, long end) {
        public static ShardName parse(String name, String where) {
            int b = name.lastIndexOf(':');
            int a = b <= 0 ? -1 : name.lastIndexOf(':', b - 1);
            if (a <= 0) {
                throw new BundleFormatException(where + ".name: '" + name + "' is not path:start:end");
            }
            try {
                long start = Long.parseLong(name.substring(a + 1, b));
                long end = Long.parseLong(name.substring(b + 1));
                if (start < 0 || end < start) {
                    throw new BundleFormatException(where + ".name: '" + name + "' has an empty or negative range");
                }
                return new ShardName(name.substring(0, a), start, end);
            } catch (NumberFormatException e) {
                throw new BundleFormatException(where + ".name: '" + name + "' is not path:start:end");
            }
        }
    }
}
