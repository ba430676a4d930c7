package org.mlgate.scan.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
 * Walks a ModelProto following only what matters for safety (field numbers from onnx.proto): the main
 * graph, graphs nested in node attributes (If/Loop/Scan bodies), training graphs and local functions;
 * for every node its domain and op_type, for every tensor its layout and external data location.
 */
final class OnnxWalker {
    /** Domains every ONNX runtime implements itself; "" is ai.onnx. com.microsoft: onnxruntime contrib ops. */
    private static final Set<String> STANDARD_DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml",
            "ai.onnx.preview.training", "com.microsoft");
    /** Domains whose operators run user-supplied code (onnxruntime-extensions, Python ops). */
    private static final Set<String> CODE_DOMAINS = Set.of("ai.onnx.contrib", "com.microsoft.extensions");
    private static final Set<String> CODE_OPS = Set.of("PyOp", "PyFunc", "PythonOp", "PyOpFunc");

    private static final int MAX_DEPTH = 100;   // protobuf's own default recursion limit
    private static final long MAX_FIELDS = 500_000_000L;
    private static final int MAX_DIMS = 1024;
    private static final int NAME_BYTES = 256;
    /** Attribute and tensor names only label paths; short labels keep deep paths small. */
    private static final int LABEL_BYTES = 64;
    private static final int LOCATION_BYTES = 4096;

    private final Blob blob;
    private final ScanContext ctx;
    private final ProtoBudget budget;
    private final FindingFold fold = new FindingFold();
    /** "domain\0name" of the model's local functions: nodes calling them are not custom ops. */
    private final Set<String> localFunctions = new HashSet<>();

    OnnxWalker(Blob blob, ScanContext ctx) {
        this.blob = blob;
        this.ctx = ctx;
        this.budget = new ProtoBudget(MAX_DEPTH, MAX_FIELDS, ctx::checkTime);
    }

    void walk() throws ScanAbort {
        try {
            if (!OnnxSniff.check(ProtoReader.of(blob, budget))) {
                throw ScanAbort.malformed(0, "not a plausible ONNX ModelProto at the top level");
            }
            collectFunctions();
            ProtoReader m = ProtoReader.of(blob, budget);
            while (m.next()) {
                if (m.is(7, WireType.LEN)) {
                    graph(m.message(), "graph");
                } else if (m.is(25, WireType.LEN)) {
                    function(m, "functions");
                } else if (m.is(20, WireType.LEN)) {
                    trainingInfo(m.message(), "training_info");
                }
            }
        } finally {
            fold.flush(ctx);   // findings seen before a malformed part still count
        }
    }

    private void collectFunctions() throws ScanAbort {
        ProtoReader m = ProtoReader.of(blob, budget);
        while (m.next()) {
            if (m.is(25, WireType.LEN)) {
                String name = "";
                String domain = "";
                ProtoReader f = m.message();
                while (f.next()) {
                    if (f.is(1, WireType.LEN)) {
                        name = f.string(NAME_BYTES);
                    } else if (f.is(10, WireType.LEN)) {
                        domain = f.string(NAME_BYTES);
                    }
                }
                localFunctions.add(domain + "\0" + name);
            }
        }
    }

    private void trainingInfo(ProtoReader t, String at) throws ScanAbort {
        while (t.next()) {
            if (t.is(1, WireType.LEN)) {
                graph(t.message(), at + ".initialization");
            } else if (t.is(2, WireType.LEN)) {
                graph(t.message(), at + ".algorithm");
            }
        }
    }

    private void graph(ProtoReader g, String at) throws ScanAbort {
        int node = 0;
        int init = 0;
        while (g.next()) {
            if (g.is(1, WireType.LEN)) {
                node(g, at + ".node[" + node++ + "]");
            } else if (g.is(5, WireType.LEN)) {
                tensor(g.message(), at + ".initializer[" + init++ + "]");
            } else if (g.is(15, WireType.LEN)) {
                sparseTensor(g.message(), at + ".sparse_initializer");
            }
        }
    }

    /** A FunctionProto: its name first (for paths), then its nodes (field 7). */
    private void function(ProtoReader parent, String at) throws ScanAbort {
        String name = "";
        ProtoReader f = parent.message();
        while (f.next()) {
            if (f.is(1, WireType.LEN)) {
                name = f.string(NAME_BYTES);
            }
        }
        String here = at + "[" + name + "]";
        int node = 0;
        f = parent.message();
        while (f.next()) {
            if (f.is(7, WireType.LEN)) {
                node(f, here + ".node[" + node++ + "]");
            }
        }
    }

    /** Reads a node's identity first (domain comes after the attributes on the wire), then its attributes. */
    private void node(ProtoReader parent, String at) throws ScanAbort {
        String opType = "";
        String domain = "";
        ProtoReader n = parent.message();
        while (n.next()) {
            if (n.is(4, WireType.LEN)) {
                opType = n.string(NAME_BYTES);
            } else if (n.is(7, WireType.LEN)) {
                domain = n.string(NAME_BYTES);
            }
        }
        String here = at + "(" + (domain.isEmpty() ? "" : domain + ":") + opType + ")";
        judgeOperator(parent.offset(), here, domain, opType);
        n = parent.message();
        while (n.next()) {
            if (n.is(5, WireType.LEN)) {
                attribute(n.message(), here);
            }
        }
    }

    private void judgeOperator(long offset, String at, String domain, String opType) {
        if (STANDARD_DOMAINS.contains(domain) || localFunctions.contains(domain + "\0" + opType)) {
            return;
        }
        if (CODE_DOMAINS.contains(domain) || CODE_OPS.contains(opType)) {
            fold.add("code\0" + domain + "\0" + opType, OnnxRules.CUSTOM_LIBRARY, offset, at,
                    "operator " + opType + " in domain '" + domain + "' runs user-supplied code in the runtime");
        } else {
            fold.add("domain\0" + domain + "\0" + opType, OnnxRules.CUSTOM_DOMAIN, offset, at,
                    "operator " + opType + " from custom domain '" + domain + "' needs a custom operator library");
        }
    }

    private void attribute(ProtoReader a, String nodeAt) throws ScanAbort {
        String name = "";
        // name (field 1) precedes the values on the wire in every writer; a late name only affects paths
        while (a.next()) {
            String at = nodeAt + ".attribute[" + name + "]";
            switch (a.wireType() == WireType.LEN ? a.field() : 0) {
                case 1 -> name = a.string(LABEL_BYTES);
                case 5, 10 -> tensor(a.message(), at + ".t");
                case 6, 11 -> graph(a.message(), at + ".g");
                case 22, 23 -> sparseTensor(a.message(), at + ".sparse_tensor");
                default -> { }
            }
        }
    }

    private void sparseTensor(ProtoReader s, String at) throws ScanAbort {
        while (s.next()) {
            if (s.is(1, WireType.LEN)) {
                tensor(s.message(), at + ".values");
            } else if (s.is(2, WireType.LEN)) {
                tensor(s.message(), at + ".indices");
            }
        }
    }

    private void tensor(ProtoReader t, String at) throws ScanAbort {
        List<Long> dims = new ArrayList<>();
        long dataType = 0;
        long rawOffset = -1;
        long rawLength = 0;
        boolean external = false;
        String name = "";
        List<String> locations = new ArrayList<>();
        List<Long> locationOffsets = new ArrayList<>();
        while (t.next()) {
            if (t.is(1, WireType.VARINT)) {
                addDim(dims, t.value(), t.offset(), at);
            } else if (t.is(1, WireType.LEN)) {
                long off = t.offset();
                t.packedVarints(v -> addDim(dims, v, off, at));
            } else if (t.is(2, WireType.VARINT)) {
                dataType = t.value();
            } else if (t.is(8, WireType.LEN)) {
                name = t.string(LABEL_BYTES);
            } else if (t.is(9, WireType.LEN)) {
                rawOffset = t.payloadOffset();
                rawLength = t.length();
            } else if (t.is(14, WireType.VARINT)) {
                external = t.value() == 1;
            } else if (t.is(13, WireType.LEN)) {
                String location = externalLocation(t.message());
                if (location != null) {
                    locations.add(location);
                    locationOffsets.add(t.offset());
                }
            }
        }
        String here = at + (name.isEmpty() ? "" : "(" + name + ")");
        for (int i = 0; i < locations.size(); i++) {
            judgeLocation(locations.get(i), locationOffsets.get(i), here);
        }
        if (external && locations.isEmpty()) {
            fold.add("layout\0nolocation", OnnxRules.TENSOR_LAYOUT, t.offset(), here,
                    "tensor marked EXTERNAL has no external_data location");
        }
        if (!external && rawOffset >= 0) {
            checkRawSize(dims, dataType, rawOffset, rawLength, here);
        }
    }

    private void addDim(List<Long> dims, long dim, long offset, String at) throws ScanAbort {
        if (dims.size() >= MAX_DIMS) {
            throw ScanAbort.malformed(offset, at + " has more than " + MAX_DIMS + " dims");
        }
        dims.add(dim);
    }

    private String externalLocation(ProtoReader entry) throws ScanAbort {
        String key = null;
        String value = null;
        while (entry.next()) {
            if (entry.is(1, WireType.LEN)) {
                key = entry.string(NAME_BYTES);
            } else if (entry.is(2, WireType.LEN)) {
                value = entry.string(LOCATION_BYTES);
            }
        }
        return "location".equals(key) ? (value == null ? "" : value) : null;
    }

    private void judgeLocation(String location, long offset, String at) {
        Optional<String> escape = ExternalLocation.escape(location);
        if (escape.isPresent()) {
            fold.add("escape\0" + location, OnnxRules.EXTERNAL_DATA_ESCAPE, offset, at + ".external_data",
                    "external data location '" + location + "': " + escape.get());
        } else {
            fold.add("external\0" + location, OnnxRules.EXTERNAL_DATA, Severity.INFO, offset, at + ".external_data",
                    "tensor data is read from the external file '" + location + "'");
        }
    }

    private void checkRawSize(List<Long> dims, long dataType, long rawOffset, long rawLength, String at) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                fold.add("layout\0" + at, OnnxRules.TENSOR_LAYOUT, rawOffset, at,
                        "negative dimension " + d + " in dims " + dims);
                return;
            }
            long next = count * d;
            if (d != 0 && (Math.multiplyHigh(count, d) != 0 || next < 0)) {
                fold.add("layout\0" + at, OnnxRules.TENSOR_LAYOUT, rawOffset, at,
                        "element count of dims " + dims + " overflows 64 bits");
                return;
            }
            count = next;
        }
        int bits = ElementType.bits(dataType);
        if (bits == 0) {
            return;
        }
        if (Math.multiplyHigh(count, bits) != 0 || count * bits < 0) {
            fold.add("layout\0" + at, OnnxRules.TENSOR_LAYOUT, rawOffset, at,
                    "byte size of dims " + dims + " overflows 64 bits");
            return;
        }
        long expected = (count * bits + 7) / 8;
        if (expected != rawLength) {
            fold.add("layout\0" + at, OnnxRules.TENSOR_LAYOUT, rawOffset, at, "dims " + dims + " of data type "
                    + dataType + " need " + expected + " raw_data bytes, the tensor has " + rawLength);
        }
    }
}
