package org.mlgate.attack.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/** The attacker's API key: given directly, or the first non-comment line of a file (at most 64 KiB). */
public final class ApiKeys {
    static final int MAX_BYTES = 64 << 10;

    private ApiKeys() {
    }

    public static String choose(String key, Path file) {
        if (key != null && file != null) {
            throw new UsageException("give --api-key or --api-key-file, not both");
        }
        return file == null ? key : read(file);
    }

    static String read(Path file) {
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(MAX_BYTES + 1);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("no such API key file: " + file);
        } catch (IOException e) {
            throw new IncompleteException("cannot read API key file " + file + ": " + e.getMessage(), e);
        }
        if (b.length > MAX_BYTES) {
            throw new UsageException("API key file " + file + " is larger than " + MAX_BYTES + " bytes");
        }
        return new String(b, StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElseThrow(() -> new UsageException("API key file " + file + " holds no key"));
    }
}
