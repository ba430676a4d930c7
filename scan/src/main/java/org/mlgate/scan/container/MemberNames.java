package org.mlgate.scan.container;

import java.util.Optional;

/** Checks on archive member names shared by the ZIP, tar and 7z handlers. */
final class MemberNames {
    private MemberNames() {
    }

    /**
     * Why extracting {@code name} would write outside the extraction root, if it would: absolute paths
     * (Unix, Windows drive or UNC) and ".." components that climb above the root. Backslashes count as
     * separators because Windows extractors treat them so.
     */
    static Optional<String> escape(String name) {
        if (name.startsWith("/") || name.startsWith("\\")) {
            return Optional.of("absolute path");
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return Optional.of("Windows drive path");
        }
        int depth = 0;
        for (String part : name.split("[/\\\\]", -1)) {
            if (part.equals("..")) {
                depth--;
                if (depth < 0) {
                    return Optional.of("'..' climbs out of the extraction root");
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return Optional.empty();
    }

    /** A name safe to show in one line of a report. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), 300));
        for (int i = 0; i < name.length() && sb.length() < 300; i++) {
            char c = name.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
