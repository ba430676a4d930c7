package org.mlgate.sign.hash;

import java.util.Comparator;

/**
 * The order of resources in a manifest: by path component, each compared by Unicode code point (so
 * {@code a/b} sorts before {@code a-c}, and names outside the Basic Multilingual Plane sort as their code
 * points, not their UTF-16 units). Shard names ({@code path:start:end}) sort by path, then numerically by
 * start. This is the order the reference implementation sorts its paths in.
 */
public final class PathOrder {
    /** Plain model-relative POSIX paths. */
    public static final Comparator<String> NAMES = PathOrder::comparePaths;

    private PathOrder() {
    }

    static int comparePaths(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            int ea = a.indexOf('/', i);
            int eb = b.indexOf('/', j);
            String ca = a.substring(i, ea < 0 ? a.length() : ea);
            String cb = b.substring(j, eb < 0 ? b.length() : eb);
            int c = compareCodePoints(ca, cb);
            if (c != 0) {
                return c;
            }
            if (ea < 0 || eb < 0) {
                return Boolean.compare(ea >= 0, eb >= 0); // the shorter path (fewer components) first
            }
            i = ea + 1;
            j = eb + 1;
        }
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
