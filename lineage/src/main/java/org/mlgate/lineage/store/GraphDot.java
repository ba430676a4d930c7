package org.mlgate.lineage.store;

import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.Edge;

/** Renders a lineage graph in Graphviz DOT: one node per artifact (kind, name, short digest), edges by relation. */
public final class GraphDot {
    private GraphDot() {
    }

    public static String render(LineageStore.Graph g) {
        StringBuilder sb = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [shape=box];\n");
        for (Artifact a : g.nodes()) {
            String label = a.kind().label() + "\\n" + (a.name() == null ? "" : escape(a.name()) + "\\n")
                    + a.digest().substring(0, 12);
            sb.append("  \"").append(a.digest()).append("\" [label=\"").append(label).append("\"];\n");
        }
        for (Edge e : g.edges()) {
            sb.append("  \"").append(e.from()).append("\" -> \"").append(e.to()).append("\" [label=\"")
                    .append(e.relation().label()).append("\"];\n");
        }
        return sb.append("}\n").toString();
    }

    /** DOT string escaping: quotes and backslashes escaped, line breaks and other controls dropped. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c != 0x7f) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
