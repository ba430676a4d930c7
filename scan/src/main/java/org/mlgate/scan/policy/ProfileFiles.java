package org.mlgate.scan.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mlgate.core.UsageException;

/**
 * Reads versioned profile files ({@code "format": "mlgate-profile/v1"}) into typed records, strictly:
 * unknown fields, missing fields, duplicate entries and empty names are errors naming the file.
 */
public final class ProfileFiles {
    public static final String FORMAT = "mlgate-profile/v1";
    public static final String DENYLIST_FORMAT = "mlgate-denylist/v1";
    private static final int MAX_BYTES = 4 << 20;

    /** On-disk shape of a profile. */
    public record ProfileDoc(String format, String name, String version, String description, List<Entry> allow) { }

    /** On-disk shape of a denylist. */
    public record DenylistDoc(String format, List<DenyEntry> deny) { }

    public record Entry(String module, String name) { }

    public record DenyEntry(String module, String name, String reason) { }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    private ProfileFiles() {
    }

    public static Profile load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageException("profile " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            }
        } catch (IOException e) {
            throw new UsageException("cannot read profile " + file + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
    }

    public static Profile parse(InputStream in, String source) {
        ProfileDoc doc;
        try {
            doc = MAPPER.readValue(in, ProfileDoc.class);
        } catch (JacksonException e) {
            throw new UsageException("profile " + source + " is not valid: " + e.getOriginalMessage()
                    + location(e), e);
        } catch (IOException e) {
            throw new UsageException("cannot read profile " + source + ": " + e.getMessage(), e);
        }
        if (doc == null || !FORMAT.equals(doc.format())) {
            throw new UsageException("profile " + source + ": field 'format' must be \"" + FORMAT + "\"");
        }
        require(doc.name(), "name", source);
        require(doc.version(), "version", source);
        if (doc.allow() == null) {
            throw new UsageException("profile " + source + ": field 'allow' is missing");
        }
        Set<Global> allowed = new LinkedHashSet<>();
        for (int i = 0; i < doc.allow().size(); i++) {
            Entry e = doc.allow().get(i);
            String where = "allow[" + i + "]";
            if (e == null) {
                throw new UsageException("profile " + source + ": " + where + " is null");
            }
            require(e.module(), where + ".module", source);
            require(e.name(), where + ".name", source);
            if (!allowed.add(new Global(e.module(), e.name()))) {
                throw new UsageException("profile " + source + ": " + where + " repeats " + e.module() + "." + e.name());
            }
        }
        return new Profile(doc.name(), doc.version(), doc.description() == null ? "" : doc.description(), source,
                allowed);
    }

    public static List<DenyRule> parseDenylist(InputStream in, String source) {
        DenylistDoc doc;
        try {
            doc = MAPPER.readValue(in, DenylistDoc.class);
        } catch (IOException e) {
            throw new IllegalStateException("built-in denylist " + source + " is not valid: " + e.getMessage(), e);
        }
        if (doc == null || !DENYLIST_FORMAT.equals(doc.format()) || doc.deny() == null) {
            throw new IllegalStateException("built-in denylist " + source + " has the wrong format");
        }
        return doc.deny().stream().map(d -> new DenyRule(d.module(), d.name(), d.reason())).toList();
    }

    private static void require(String value, String field, String source) {
        if (value == null || value.isBlank()) {
            throw new UsageException("profile " + source + ": field '" + field + "' is missing or empty");
        }
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
