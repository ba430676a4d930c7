package org.mlgate.scan.suppress;

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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.mlgate.core.Digest;
import org.mlgate.core.UsageException;

/**
 * Reads suppression files ({@code "format": "mlgate-suppressions/v1"}) strictly: every entry needs a
 * SHA-256, a rule id, a non-empty reason and an expiry date; unknown fields, duplicates and malformed
 * values are usage errors naming the file and entry.
 *
 * <pre>{"format": "mlgate-suppressions/v1", "suppressions": [
 *   {"sha256": "…64 hex…", "rule": "MLG-PKL-002", "reason": "our own class, reviewed in SEC-123",
 *    "expires": "2027-03-31"}]}</pre>
 */
public final class SuppressionFiles {
    public static final String FORMAT = "mlgate-suppressions/v1";
    private static final int MAX_BYTES = 4 << 20;
    private static final int MAX_ENTRIES = 100_000;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RULE = Pattern.compile("MLG-[A-Z0-9]+-[0-9]{3}");

    /** On-disk shape. */
    public record Doc(String format, List<Entry> suppressions) { }

    public record Entry(String sha256, String rule, String reason, String expires) { }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
    }

    private SuppressionFiles() {
    }

    public static List<Suppression> load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageException("suppressions file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            }
        } catch (IOException e) {
            throw new UsageException("cannot read suppressions file " + file + ": "
                    + org.mlgate.core.IoErrors.reason(e), e);
        }
    }

    public static List<Suppression> parse(InputStream in, String source) {
        Doc doc;
        try {
            doc = MAPPER.readValue(in, Doc.class);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new UsageException("suppressions file " + source + " is not valid: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new UsageException("cannot read suppressions file " + source + ": " + e.getMessage(), e);
        }
        if (doc == null || !FORMAT.equals(doc.format())) {
            throw new UsageException("suppressions file " + source + ": field 'format' must be \"" + FORMAT + "\"");
        }
        if (doc.suppressions() == null) {
            throw new UsageException("suppressions file " + source + ": field 'suppressions' is missing");
        }
        if (doc.suppressions().size() > MAX_ENTRIES) {
            throw new UsageException("suppressions file " + source + " has more than " + MAX_ENTRIES + " entries");
        }
        List<Suppression> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < doc.suppressions().size(); i++) {
            Entry e = doc.suppressions().get(i);
            String where = "suppressions file " + source + ", entry #" + i;
            if (e == null) {
                throw new UsageException(where + " is null");
            }
            if (e.sha256() == null || !SHA256.matcher(e.sha256()).matches()) {
                throw new UsageException(where + ": 'sha256' must be 64 lower-case hex digits (as sha256sum prints)");
            }
            if (e.rule() == null || !RULE.matcher(e.rule()).matches()) {
                throw new UsageException(where + ": 'rule' must be a rule id such as MLG-PKL-002");
            }
            if (e.reason() == null || e.reason().isBlank()) {
                throw new UsageException(where + ": 'reason' is required (why this risk is accepted)");
            }
            if (e.expires() == null) {
                throw new UsageException(where + ": 'expires' is required (YYYY-MM-DD)");
            }
            LocalDate expires;
            try {
                expires = LocalDate.parse(e.expires());
            } catch (DateTimeParseException x) {
                throw new UsageException(where + ": 'expires' is not a date (YYYY-MM-DD): " + e.expires());
            }
            if (!seen.add(e.sha256() + "/" + e.rule())) {
                throw new UsageException(where + " repeats the suppression of " + e.rule() + " for " + e.sha256());
            }
            out.add(new Suppression(new Digest(Digest.SHA256, e.sha256()), e.rule(), e.reason().strip(), expires,
                    source, i));
        }
        return List.copyOf(out);
    }
}
