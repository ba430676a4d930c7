package org.mlgate.scan.tf;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.proto.FindingFold;
import org.mlgate.scan.proto.ProtoBudget;
import org.mlgate.scan.proto.ProtoReader;
import org.mlgate.scan.proto.WireType;

/**
 * Walks TensorFlow graphs (field numbers from saved_model.proto, meta_graph.proto, graph.proto,
 * node_def.proto, function.proto, attr_value.proto): SavedModel.meta_graphs(2) → MetaGraphDef.graph_def(2)
 * → GraphDef.node(1) and GraphDef.library(2).function(1) → FunctionDef.node_def(3). Every NodeDef's op(2)
 * is judged; a few ops are judged by a string attribute (attr(5) map entry key 1 → AttrValue.s 2).
 */
final class TfWalker {
    private static final int MAX_DEPTH = 100;
    private static final long MAX_FIELDS = 500_000_000L;
    private static final int NAME_BYTES = 256;
    private static final int VALUE_BYTES = 1024;

    private final Blob blob;
    private final ScanContext ctx;
    private final ProtoBudget budget;
    private final FindingFold fold = new FindingFold();

    TfWalker(Blob blob, ScanContext ctx) {
        this.blob = blob;
        this.ctx = ctx;
        this.budget = new ProtoBudget(MAX_DEPTH, MAX_FIELDS, ctx::checkTime);
    }

    void savedModel() throws ScanAbort {
        try {
            ProtoReader r = ProtoReader.of(blob, budget);
            int i = 0;
            while (r.next()) {
                if (r.is(2, WireType.LEN)) {
                    String at = "meta_graphs[" + i++ + "]";
                    ProtoReader m = r.message();
                    while (m.next()) {
                        if (m.is(2, WireType.LEN)) {
                            graph(m::message, at + ".graph_def");
                        }
                    }
                }
            }
        } finally {
            fold.flush(ctx);
        }
    }

    /** A standalone MetaGraphDef: its graph_def (field 2). */
    void metaGraph() throws ScanAbort {
        try {
            ProtoReader r = ProtoReader.of(blob, budget);
            while (r.next()) {
                if (r.is(2, WireType.LEN)) {
                    long start = r.offset();
                    graph(() -> {
                        ProtoReader again = ProtoReader.of(blob, budget);
                        while (again.next()) {
                            if (again.is(2, WireType.LEN)) {
                                return again.message();
                            }
                        }
                        throw ScanAbort.malformed(start, "graph_def vanished on the second pass");
                    }, "graph_def");
                    return;
                }
            }
        } finally {
            fold.flush(ctx);
        }
    }

    void graphDef() throws ScanAbort {
        try {
            graph(() -> ProtoReader.of(blob, budget), "graph_def");
        } finally {
            fold.flush(ctx);
        }
    }

    /** Opens the same GraphDef again for a second pass. */
    @FunctionalInterface
    private interface Source {
        ProtoReader open() throws ScanAbort;
    }

    /** Library function names first (the library follows the nodes on the wire), then every node. */
    private void graph(Source graph, String at) throws ScanAbort {
        Set<String> functions = new HashSet<>();
        graphPass(graph.open(), at, functions, false);
        graphPass(graph.open(), at, functions, true);
    }

    private void graphPass(ProtoReader g, String at, Set<String> functions, boolean judge) throws ScanAbort {
        int node = 0;
        while (g.next()) {
            if (g.is(1, WireType.LEN) && judge) {
                node(g.message(), g.offset(), at + ".node[" + node++ + "]", functions);
            } else if (g.is(2, WireType.LEN)) {
                library(g.message(), at + ".library", functions, judge);
            }
        }
    }

    private void library(ProtoReader lib, String at, Set<String> functions, boolean judge) throws ScanAbort {
        while (lib.next()) {
            if (lib.is(1, WireType.LEN)) {
                function(lib.message(), at + ".function", functions, judge);
            }
        }
    }

    /** FunctionDef: signature(1) is an OpDef whose name(1) is what call sites use as op. */
    private void function(ProtoReader f, String at, Set<String> functions, boolean judge) throws ScanAbort {
        String name = "";
        int node = 0;
        while (f.next()) {
            if (f.is(1, WireType.LEN)) {
                ProtoReader sig = f.message();
                while (sig.next()) {
                    if (sig.is(1, WireType.LEN)) {
                        name = sig.string(NAME_BYTES);
                    }
                }
                if (!judge) {
                    functions.add(name);
                }
            } else if (f.is(3, WireType.LEN) && judge) {
                node(f.message(), f.offset(), at + "[" + name + "].node_def[" + node++ + "]", functions);
            }
        }
    }

    private void node(ProtoReader n, long offset, String at, Set<String> functions) throws ScanAbort {
        String name = "";
        String op = "";
        Map<String, String> attrs = new HashMap<>();
        while (n.next()) {
            if (n.is(1, WireType.LEN)) {
                name = n.string(NAME_BYTES);
            } else if (n.is(2, WireType.LEN)) {
                op = n.string(NAME_BYTES);
            } else if (n.is(5, WireType.LEN)) {
                stringAttr(n.message(), attrs);
            }
        }
        judge(op, name, attrs, offset, at + "(" + op + ")", functions);
    }

    /** Keeps the string value (AttrValue.s) of the few attributes the judgement needs. */
    private void stringAttr(ProtoReader entry, Map<String, String> attrs) throws ScanAbort {
        String key = null;
        String value = null;
        while (entry.next()) {
            if (entry.is(1, WireType.LEN)) {
                key = entry.string(NAME_BYTES);
            } else if (entry.is(2, WireType.LEN)) {
                ProtoReader v = entry.message();
                while (v.next()) {
                    if (v.is(2, WireType.LEN)) {
                        value = v.string(VALUE_BYTES);
                    }
                }
            }
        }
        if (key != null && value != null && (key.equals("memory_region_name") || key.equals("descriptor_source")
                || key.equals("output_stream"))) {
            attrs.put(key, value);
        }
    }

    private void judge(String op, String name, Map<String, String> attrs, long offset, String at,
                       Set<String> functions) {
        String node = "node '" + name + "'";
        if (TfOps.PYTHON.contains(op)) {
            fold.add("py\0" + op, TfRules.PYTHON_OP, offset, at, node + " runs Python through " + op);
        } else if (op.equals("ImmutableConst")) {
            fold.add("file\0" + op, TfRules.FILE_OP, offset, at, node + " memory-maps the file '"
                    + attrs.getOrDefault("memory_region_name", "?") + "'");
        } else if (TfOps.FILE_HIGH.contains(op)) {
            fold.add("file\0" + op, TfRules.FILE_OP, offset, at, node + " uses " + op + ", which touches files");
        } else if (TfOps.FILE_DATASET.contains(op)) {
            fold.add("dataset\0" + op, TfRules.FILE_OP, Severity.MEDIUM, offset, at,
                    node + " uses " + op + ", which reads or writes files");
        } else if (op.equals("DecodeProtoV2") && !attrs.getOrDefault("descriptor_source", "local://")
                .equals("local://")) {
            fold.add("file\0" + op, TfRules.FILE_OP, offset, at, node + " loads protobuf descriptors from '"
                    + attrs.get("descriptor_source") + "'");
        } else if (op.equals("PrintV2") && attrs.getOrDefault("output_stream", "").startsWith("file://")) {
            fold.add("file\0" + op, TfRules.FILE_OP, offset, at, node + " prints to the file '"
                    + attrs.get("output_stream") + "'");
        } else if (!TfOps.BUILTIN.contains(op) && !functions.contains(op)) {
            fold.add("unknown\0" + op, TfRules.UNKNOWN_OP, offset, at, node + " uses op '" + op
                    + "', neither a common built-in op nor a library function (custom op library?)");
        }
    }
}
