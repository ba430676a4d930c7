package org.mlgate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of a README ({@code ```sh}, {@code ```bash}, {@code ```shell}) in file order, with their markers:
 * HTML comments on the lines directly above the opening fence (invisible when the README is rendered).
 * <ul>
 *   <li>{@code <!-- expect-exit: N -->}: the block, run with {@code set -e}, must end with exit code N (so the
 *       command expected to fail is its last one);</li>
 *   <li>{@code <!-- slow -->}: run only when slow blocks are asked for ({@code -Dmlgate.readme.slow=true} or
 *       {@code MLGATE_README_SLOW=1}); otherwise reported as skipped;</li>
 *   <li>{@code <!-- skip: REASON -->}: never run by the test (e.g. the test suite itself), reported with the reason.</li>
 * </ul>
 * Any other comment directly above a shell fence is an error, so a misspelt marker cannot silently change what runs.
 */
record ReadmeBlocks(String source, List<Block> blocks) {
    /** One shell block: the 1-based line of its opening fence, its text and its markers. */
    record Block(String source, int line, String script, int expectedExit, boolean slow, String skipReason) {
        String where() {
            return source + ":" + line;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^```(sh|bash|shell)\\s*$");
    /** A closing fence: backticks and nothing else (CommonMark: a closing fence has no info string). */
    private static final Pattern CLOSE = Pattern.compile("^```\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^<!--\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern EXPECT = Pattern.compile("expect-exit:\\s*([0-9]{1,3})");
    private static final Pattern SKIP = Pattern.compile("skip:\\s*(\\S.*)");

    static ReadmeBlocks parse(String source, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> out = new ArrayList<>();
        boolean inOtherFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!inOtherFence && FENCE.matcher(l).matches()) {
                StringBuilder script = new StringBuilder();
                int start = i + 1;
                int j = i + 1;
                while (j < lines.size() && !CLOSE.matcher(lines.get(j)).matches()) {
                    script.append(lines.get(j)).append('\n');
                    j++;
                }
                if (j == lines.size()) {
                    throw new IllegalArgumentException(source + ":" + start + ": shell block is never closed");
                }
                out.add(markers(source, start, script.toString(), lines, i));
                i = j;
            } else if (inOtherFence ? CLOSE.matcher(l).matches() : l.startsWith("```")) {
                inOtherFence = !inOtherFence;
            }
        }
        return new ReadmeBlocks(source, out);
    }

    private static Block markers(String source, int line, String script, List<String> lines, int fence) {
        int expected = 0;
        boolean slow = false;
        String skip = null;
        boolean sawExpect = false;
        for (int k = fence - 1; k >= 0; k--) {
            Matcher c = COMMENT.matcher(lines.get(k));
            if (!c.matches()) {
                break;
            }
            String m = c.group(1);
            Matcher e = EXPECT.matcher(m);
            Matcher s = SKIP.matcher(m);
            if (e.matches() && !sawExpect) {
                expected = Integer.parseInt(e.group(1));
                sawExpect = true;
            } else if (m.equals("slow") && !slow) {
                slow = true;
            } else if (s.matches() && skip == null) {
                skip = s.group(1);
            } else {
                throw new IllegalArgumentException(source + ":" + (k + 1) + ": '" + lines.get(k) + "' above a shell "
                        + "block is not a marker (expect-exit: N, slow, skip: REASON), or repeats one");
            }
        }
        return new Block(source, line, script, expected, slow, skip);
    }
}
