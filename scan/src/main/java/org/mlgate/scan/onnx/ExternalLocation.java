package org.mlgate.scan.onnx;

import java.util.Locale;
import java.util.Optional;

/**
 * Judges an ONNX external_data location. The ONNX loader joins it to the model's directory, so only
 * relative names that stay inside that directory are benign.
 */
final class ExternalLocation {
    private ExternalLocation() {
    }

    /** Why {@code location} escapes the model directory, or empty if it stays inside. */
    static Optional<String> escape(String location) {
        if (location.isEmpty()) {
            return Optional.of("empty location");
        }
        if (location.indexOf('\0') >= 0) {
            return Optional.of("NUL byte in the location");
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*") && !lower.matches("^[a-z]:.*")) {
            return Optional.of("URL or scheme-qualified location");
        }
        if (lower.startsWith("\\\\") || lower.startsWith("//")) {
            return Optional.of("UNC or device path");
        }
        if (location.startsWith("/") || location.startsWith("\\") || lower.matches("^[a-z]:.*")) {
            return Optional.of("absolute path");
        }
        int depth = 0;
        for (String part : location.split("[/\\\\]")) {
            if (part.equals("..")) {
                depth--;
                if (depth < 0) {
                    return Optional.of("climbs out of the model directory");
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return Optional.empty();
    }
}
