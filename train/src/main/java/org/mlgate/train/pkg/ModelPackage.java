package org.mlgate.train.pkg;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mlgate.core.Digest;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.MlgateException;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.intoto.CanonicalJson;
import org.mlgate.lineage.intoto.ResourceDescriptor;
import org.mlgate.lineage.intoto.Statement;
import org.mlgate.lineage.provenance.SlsaProvenance;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;
import org.mlgate.train.run.ModelCard;

/**
 * A trained model folder, opened and checked for consistency before anything uses it. Reads
 * {@code model.safetensors}, {@code schema.json}, {@code model-card.json} (into {@link ModelCard}) and
 * {@code provenance.json} (an in-toto SLSA statement) strictly, then checks, in order:
 * <ol>
 *   <li>only known files: the four, {@code model.sig}, {@code *.sig} and {@code sanitize-report.json};</li>
 *   <li>the weights' SHA-256 equals the card's {@code model.sha256}, and a provenance subject carries it;</li>
 *   <li>the schema's encoded width and classes equal the model's, the card's {@code model} section and its
 *       published schema describe the same model and schema.</li>
 * </ol>
 * Outcomes: a missing folder or required file is a usage error (exit 2); an unreadable one could not be read
 * (exit 3); anything inconsistent, malformed or unexpected is a {@link PolicyException} naming file and field
 * (exit 1), like a failed verification. Each file is read once: what is hashed is what is loaded.
 */
public final class ModelPackage {
    public static final String WEIGHTS = "model.safetensors";
    public static final String SCHEMA = "schema.json";
    public static final String CARD = "model-card.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String SANITIZE_REPORT = "sanitize-report.json";
    static final List<String> REQUIRED = List.of(WEIGHTS, SCHEMA, CARD, PROVENANCE);
    static final long MAX_WEIGHTS = 1L << 30;
    static final long MAX_JSON = 16L << 20;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path dir;
    private final ModelCard card;
    private final Schema schema;
    private final Model model;
    private final String weightsSha256;
    private final Statement provenance;
    private final java.util.Map<String, String> readDigests;

    private ModelPackage(Path dir, ModelCard card, Schema schema, Model model, String weightsSha256,
                         Statement provenance, java.util.Map<String, String> readDigests) {
        this.readDigests = java.util.Map.copyOf(readDigests);
        this.dir = dir;
        this.card = card;
        this.schema = schema;
        this.model = model;
        this.weightsSha256 = weightsSha256;
        this.provenance = provenance;
    }

    /** Whether {@code dir} looks like a model package (it holds a model card), as opposed to other weights folders. */
    public static boolean isPackage(Path dir) {
        return Files.isDirectory(dir) && Files.exists(dir.resolve(CARD), LinkOption.NOFOLLOW_LINKS);
    }

    public static ModelPackage open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(Files.exists(dir) ? dir + " is not a folder (a model package is the folder "
                    + "'mlgate train' wrote)" : "no such model folder: " + dir);
        }
        List<String> missing = REQUIRED.stream().filter(f -> !Files.exists(dir.resolve(f), LinkOption.NOFOLLOW_LINKS))
                .toList();
        if (!missing.isEmpty()) {
            throw new UsageException(dir + " is not a model package: " + String.join(", ", missing) + " missing");
        }
        checkFiles(dir);
        byte[] weights = read(dir, WEIGHTS, MAX_WEIGHTS);
        String sha = Digest.sha256(weights).hex();
        byte[] cardBytes = read(dir, CARD, MAX_JSON);
        ModelCard card = readCard(cardBytes, dir.resolve(CARD));
        if (card.model() == null || card.schema() == null || card.data() == null || card.metrics() == null
                || card.runId() == null || card.model().sha256() == null || card.model().classes() == null
                || card.model().hidden() == null) {
            throw inconsistent(CARD, "run_id, model (kind, features, hidden, classes, sha256), data, schema and "
                    + "metrics are required");
        }
        if (!sha.equals(card.model().sha256())) {
            throw inconsistent(WEIGHTS, "sha256 " + sha + " does not match " + CARD + " model.sha256 "
                    + card.model().sha256());
        }
        byte[] provenanceBytes = read(dir, PROVENANCE, MAX_JSON);
        Statement provenance = readProvenance(provenanceBytes, sha);
        byte[] schemaBytes = read(dir, SCHEMA, MAX_JSON);
        Schema schema;
        try {
            schema = SchemaFiles.parse(schemaBytes, dir.resolve(SCHEMA).toString());
        } catch (UsageException e) {
            throw new PolicyException(e.getMessage(), e); // an invalid schema inside a package is a defective package
        }
        Model model;
        try {
            model = ModelFiles.load(weights, dir.resolve(WEIGHTS).toString());
        } catch (IncompleteException e) {
            throw new PolicyException(e.getMessage(), e); // readable, but not the model the card describes
        }
        if (schema.width() != model.features()) {
            throw inconsistent(SCHEMA, "encodes " + schema.width() + " model inputs; " + WEIGHTS + " takes "
                    + model.features());
        }
        if (schema.label().classes().size() != model.classes()) {
            throw inconsistent(SCHEMA, "label has " + schema.label().classes().size() + " classes; " + WEIGHTS
                    + " predicts " + model.classes());
        }
        ModelCard.ModelInfo info = card.model();
        if (info.features() != model.features() || !schema.label().classes().equals(info.classes())
                || !model.architecture().hidden().equals(info.hidden())
                || !cardKind(model).equals(info.kind())) {
            throw inconsistent(CARD, "model section (" + info.kind() + ", " + info.features() + " features, hidden "
                    + info.hidden() + ", classes " + info.classes() + ") does not describe " + WEIGHTS + " ("
                    + model.architecture() + ") and " + SCHEMA);
        }
        if (!card.schema().describes(schema)) {
            throw inconsistent(CARD, "schema section does not match " + SCHEMA);
        }
        return new ModelPackage(dir, card, schema, model, sha, provenance, java.util.Map.of(WEIGHTS, sha,
                CARD, Digest.sha256(cardBytes).hex(), PROVENANCE, Digest.sha256(provenanceBytes).hex(),
                SCHEMA, Digest.sha256(schemaBytes).hex()));
    }

    /**
     * The SHA-256 of each file exactly as this package read it (file name → hex), so that a caller who verified the
     * folder's signature first can prove that what was loaded is what was signed.
     */
    public java.util.Map<String, String> readDigests() {
        return readDigests;
    }

    /** The card's name of an architecture kind (as {@code mlgate train --model} spells it). */
    private static String cardKind(Model m) {
        return switch (m.architecture().kind()) {
            case LOGISTIC_REGRESSION -> "lr";
            case MLP -> "mlp";
        };
    }

    /** Only the files a package may hold; anything else is named and refused. */
    private static void checkFiles(Path dir) {
        Set<String> unexpected = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean allowed = REQUIRED.contains(name) || name.equals(SANITIZE_REPORT)
                        || (name.endsWith(".sig") && name.length() > 4);
                if (!allowed) {
                    unexpected.add(name);
                }
            }
        } catch (IOException e) {
            throw new IncompleteException("cannot list " + dir + ": " + e, e);
        }
        if (!unexpected.isEmpty()) {
            throw new PolicyException(dir + ": unexpected file" + (unexpected.size() == 1 ? " " : "s ")
                    + String.join(", ", unexpected) + " (a model package holds " + String.join(", ", REQUIRED)
                    + ", *.sig and " + SANITIZE_REPORT + ")");
        }
    }

    private static byte[] read(Path dir, String name, long max) {
        Path f = dir.resolve(name);
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new PolicyException(f + ": not a regular file");
            }
            if (Files.size(f) > max) {
                throw new PolicyException(f + ": larger than " + max + " bytes");
            }
            byte[] b = Files.readAllBytes(f);
            if (b.length > max) {
                throw new PolicyException(f + ": larger than " + max + " bytes");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new UsageException(f + " is missing", e);
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + f + ": " + e, e);
        }
    }

    /** Reads a model card strictly: unknown fields, duplicates, wrong types and a foreign format name the field. */
    public static ModelCard readCard(byte[] json, Path source) {
        ModelCard card;
        try {
            card = STRICT.readValue(org.mlgate.core.Utf8.decode(json), ModelCard.class);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new PolicyException(source + ": not UTF-8");
        } catch (JacksonException e) {
            throw new PolicyException(source + ": " + describe(e), e);
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + source + ": " + e, e);
        }
        if (card == null || !ModelCard.FORMAT.equals(card.format())) {
            throw new PolicyException(source + ": field format must be \"" + ModelCard.FORMAT + "\"");
        }
        return card;
    }

    private static Statement readProvenance(byte[] json, String weightsSha) {
        Statement st;
        try {
            st = CanonicalJson.MAPPER.readValue(org.mlgate.core.Utf8.decode(json), Statement.class);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw inconsistent(PROVENANCE, "not UTF-8");
        } catch (JacksonException e) {
            throw inconsistent(PROVENANCE, describe(e));
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + PROVENANCE + ": " + e, e);
        }
        if (st == null || !Statement.TYPE_V1.equals(st.type())
                || !SlsaProvenance.PREDICATE_TYPE.equals(st.predicateType())) {
            throw inconsistent(PROVENANCE, "not an in-toto SLSA provenance statement (_type " + Statement.TYPE_V1
                    + ", predicateType " + SlsaProvenance.PREDICATE_TYPE + ")");
        }
        List<String> subjects = st.subject() == null ? List.of()
                : st.subject().stream().map(ResourceDescriptor::sha256).toList();
        if (!subjects.contains(weightsSha)) {
            throw inconsistent(PROVENANCE, "no subject carries " + WEIGHTS + "'s sha256 " + weightsSha
                    + " (subjects " + subjects + ")");
        }
        return st;
    }

    private static String describe(JacksonException e) {
        String path = e instanceof JsonMappingException m ? m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : "";
        String what = e instanceof UnrecognizedPropertyException u ? "unknown field '" + u.getPropertyName() + "'"
                : e.getOriginalMessage();
        String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
        return (path.isEmpty() ? "" : path + ": ") + what + at;
    }

    private static MlgateException inconsistent(String file, String what) {
        return new PolicyException(file + ": " + what);
    }

    public Path dir() {
        return dir;
    }

    public ModelCard card() {
        return card;
    }

    public Schema schema() {
        return schema;
    }

    /** SHA-256 (hex) of {@code model.safetensors}: the model's node in the lineage graph. */
    public String weightsSha256() {
        return weightsSha256;
    }

    public Statement provenance() {
        return provenance;
    }

    /** The architecture, e.g. for display; the parameters stay inside the package and its predictors. */
    public org.mlgate.train.model.Architecture architecture() {
        return model.architecture();
    }

    /** An immutable, thread-safe predictor over a private copy of the weights. */
    public Predictor freeze() {
        return new Predictor(model.copy(), schema, Set.of());
    }

    /**
     * A copy of the model for batch evaluation and white-box work (attacks, robustness); changing it never affects
     * this package or its predictors.
     */
    public Model modelCopy() {
        return model.copy();
    }

    /** Names of the files of the package (for a report). */
    public List<String> files() {
        List<String> names = new ArrayList<>(REQUIRED);
        names.sort(null);
        return names;
    }
}
