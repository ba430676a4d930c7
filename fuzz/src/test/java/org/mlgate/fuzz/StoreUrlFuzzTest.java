package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.nio.charset.StandardCharsets;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.store.StoreUrl;

/**
 * Any text as a lineage store URL ({@code --db}, {@code $MLGATE_LINEAGE_DB}): only {@link UsageException} escapes;
 * an accepted URL is rebuilt into one that parses to the same thing (a fixed point), of an accepted kind, and split
 * the way the driver splits it yields exactly the checked settings — nothing smuggled through a path or a value.
 */
class StoreUrlFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void storeUrl(byte @NotNull @WithLength(max = 1024) [] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        StoreUrl parsed;
        try {
            parsed = StoreUrl.parse(text);
        } catch (UsageException expected) {
            return;
        }
        String rebuilt = parsed.jdbcUrl();
        StoreUrl again = StoreUrl.parse(rebuilt);
        if (!again.equals(parsed) || !again.jdbcUrl().equals(rebuilt)) {
            throw new AssertionError("not a fixed point: " + text + " -> " + rebuilt + " -> " + again.jdbcUrl());
        }
        int parts = switch (parsed) {
            case StoreUrl.H2File h -> {
                if (!rebuilt.startsWith("jdbc:h2:file:/")) {
                    throw new AssertionError("H2 URL not an absolute file: " + rebuilt);
                }
                yield rebuilt.split(";", -1).length - 1 - h.settings().size();
            }
            case StoreUrl.Postgres p -> {
                if (!rebuilt.startsWith("jdbc:postgresql://")) {
                    throw new AssertionError("PostgreSQL URL of another form: " + rebuilt);
                }
                int q = rebuilt.indexOf('?');
                yield (q < 0 ? 0 : rebuilt.substring(q + 1).split("&", -1).length) - p.parameters().size();
            }
        };
        if (parts != 0) {
            throw new AssertionError("the driver would see settings that were not checked in " + rebuilt);
        }
    }
}
