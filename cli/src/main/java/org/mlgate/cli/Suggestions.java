package org.mlgate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * "Did you mean" for an unknown command or option: only names within a small edit distance (a typo: one or two
 * letters changed, added, dropped or swapped) or that start with what was typed. picocli's own suggestions rank every
 * name by similarity and so offer an unrelated command ('nosuch' got 'bench'); none is better than a wrong one.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** Close names for the first unmatched argument of {@code e}, qualified as the user would type them. */
    static List<String> close(CommandLine.UnmatchedArgumentException e) {
        if (e.getUnmatched().isEmpty()) {
            return List.of();
        }
        String typed = e.getUnmatched().getFirst();
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> out = new ArrayList<>();
        if (typed.startsWith("-")) {
            String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    for (String n : o.names()) {
                        if (n.startsWith("--") && close(name, n)) {
                            out.add(n);
                        }
                    }
                }
            }
        } else {
            e.getCommandLine().getSubcommands().forEach((n, sub) -> {
                if (!sub.getCommandSpec().usageMessage().hidden() && close(typed, n)) {
                    out.add(spec.qualifiedName() + " " + n);
                }
            });
        }
        return out.stream().distinct().limit(3).toList();
    }

    /** A typo of {@code candidate}, or a prefix of it of at least three letters. */
    static boolean close(String typed, String candidate) {
        String a = typed.toLowerCase(Locale.ROOT);
        String b = candidate.toLowerCase(Locale.ROOT);
        if (a.length() >= 3 && b.startsWith(a)) {
            return true;
        }
        int core = b.replaceFirst("^-+", "").length();
        int allowed = core <= 4 ? 1 : 2;
        return distance(a, b) <= allowed;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps, each 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
