package org.mlgate.scan.cache;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.mlgate.core.Digest;
import org.mlgate.core.Finding;
import org.mlgate.core.Location;
import org.mlgate.core.Problem;
import org.mlgate.core.UsageException;
import org.mlgate.scan.engine.FileScan;

/**
 * A content-addressed cache of scan outcomes: the key is the file's SHA-256 plus a fingerprint of
 * everything that can change an outcome (tool and rule-pack version, every active profile's entries,
 * the denylist, the budgets). Re-scanning an unchanged file under the same policy costs one hash.
 * Only deterministic outcomes are stored (no budget or I/O problems). A damaged or foreign entry is a
 * miss, never an error; entries are written atomically so a crash leaves no half-written file.
 */
public final class ScanCache {
    /** v2: snake_case names, as all of mlgate's JSON; a v1 (camelCase) entry is a miss and is scanned again. */
    static final String FORMAT = "mlgate-scan-cache/v2";
    private static final long MAX_ENTRY_BYTES = 64L << 20;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    /** On-disk entry; locations are stored without the file name, which depends on how the file was reached. */
    record Entry(String format, String sha256, String fingerprint, String detected, List<Finding> findings,
                 List<Problem> problems) { }

    private final Path dir;

    private ScanCache(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) a cache directory. */
    public static ScanCache open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("cannot create cache directory " + dir + ": "
                    + org.mlgate.core.IoErrors.reason(e), e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new UsageException("cache directory " + dir + " is not a writable directory");
        }
        return new ScanCache(dir);
    }

    public Optional<FileScan.Outcome> get(Digest sha256, String fingerprint, String display) {
        Path p = path(sha256, fingerprint);
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > MAX_ENTRY_BYTES) {
                return Optional.empty();
            }
            Entry e = MAPPER.readValue(p.toFile(), Entry.class);
            if (e == null || !FORMAT.equals(e.format()) || !sha256.hex().equals(e.sha256())
                    || !fingerprint.equals(e.fingerprint()) || e.detected() == null || e.findings() == null
                    || e.problems() == null) {
                return Optional.empty();
            }
            return Optional.of(new FileScan.Outcome(e.detected(),
                    e.findings().stream().map(f -> new Finding(f.ruleId(), f.severity(), relocate(f.location(), display),
                            f.message(), f.remediation())).toList(),
                    e.problems().stream().map(x -> new Problem(x.kind(), relocate(x.location(), display),
                            x.message())).toList()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged entry is a miss; the file is simply scanned again
        }
    }

    /** Stores a deterministic outcome; returns false (and stores nothing) for budget or I/O problems. */
    public boolean put(Digest sha256, String fingerprint, FileScan.Outcome o) throws IOException {
        if (!cacheable(o)) {
            return false;
        }
        Entry e = new Entry(FORMAT, sha256.hex(), fingerprint, o.format(),
                o.findings().stream().map(f -> new Finding(f.ruleId(), f.severity(), relocate(f.location(), ""),
                        f.message(), f.remediation())).toList(),
                o.problems().stream().map(x -> new Problem(x.kind(), relocate(x.location(), ""), x.message())).toList());
        Path p = path(sha256, fingerprint);
        Files.createDirectories(p.getParent());
        Path tmp = Files.createTempFile(p.getParent(), ".entry-", ".tmp");
        try {
            MAPPER.writeValue(tmp.toFile(), e);
            try {
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException x) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    static boolean cacheable(FileScan.Outcome o) {
        return o.problems().stream().allMatch(p -> p.kind() == Problem.Kind.MALFORMED
                || p.kind() == Problem.Kind.UNSUPPORTED);
    }

    private Path path(Digest sha256, String fingerprint) {
        String hex = sha256.hex();
        return dir.resolve(hex.substring(0, 2)).resolve(hex + "-" + fingerprint.substring(0, 16) + ".json");
    }

    private static Location relocate(Location l, String file) {
        return new Location(file, l.members(), l.offset(), l.at());
    }
}
