package org.mlgate.scan.container;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a ZIP archive looks like to PyTorch: archives ({@code <prefix>/data.pkl}) whose tensor storages
 * ({@code <prefix>/data/<n>}, and {@code <prefix>/constants/<n>} for TorchScript constants) are raw
 * bytes that are never unpickled, and whether the archive holds TorchScript code.
 *
 * @param prefixes      every {@code <prefix>/} that has a data.pkl
 * @param torchScript   some prefix also has code/ entries or constants.pkl
 * @param codeFiles     number of entries under a code/ directory of such a prefix
 */
record PyTorchLayout(Set<String> prefixes, Set<String> constantsPrefixes, boolean torchScript, int codeFiles) {
    static final PyTorchLayout NONE = new PyTorchLayout(Set.of(), Set.of(), false, 0);

    static PyTorchLayout of(List<ZipEntry> entries) {
        Set<String> names = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (ZipEntry e : entries) {
            names.add(e.name());
            String n = e.name();
            int slash = n.indexOf('/');
            // PyTorch's archive name is one path component: "<name>/data.pkl".
            if (slash > 0 && n.equals(n.substring(0, slash + 1) + "data.pkl")) {
                prefixes.add(n.substring(0, slash + 1));
            }
        }
        if (prefixes.isEmpty()) {
            return NONE;
        }
        Set<String> constants = new HashSet<>();
        int code = 0;
        for (String p : prefixes) {
            if (names.contains(p + "constants.pkl")) {
                constants.add(p);
            }
        }
        for (ZipEntry e : entries) {
            int slash = e.name().indexOf('/');
            if (slash > 0 && prefixes.contains(e.name().substring(0, slash + 1))
                    && e.name().startsWith("code/", slash + 1)) {
                code++;
            }
        }
        return new PyTorchLayout(Set.copyOf(prefixes), Set.copyOf(constants), code > 0 || !constants.isEmpty(), code);
    }

    /** A tensor storage: PyTorch reads it as raw bytes by size, so it is size-checked and head-sniffed only. */
    boolean isStorage(String name) {
        int slash = name.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String prefix = name.substring(0, slash + 1);
        String rest = name.substring(slash + 1);
        if (prefixes.contains(prefix) && rest.startsWith("data/")) {
            return digits(rest.substring(5));
        }
        if (constantsPrefixes.contains(prefix) && rest.startsWith("constants/")) {
            return digits(rest.substring(10));
        }
        return false;
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
