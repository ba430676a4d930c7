package org.mlgate.scan.tf;

import org.mlgate.core.Problem;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.proto.ProtoBudget;
import org.mlgate.scan.proto.ProtoReader;
import org.mlgate.scan.proto.WireType;

/**
 * Recognises TensorFlow graphs by structure (protobuf has no magic): a SavedModel is schema version 1
 * (field 1, written first) followed by MetaGraphDefs whose top levels parse with MetaGraphDef's
 * length-delimited fields 1..7, one of them holding a graph_def; a plain GraphDef (frozen graph) starts
 * with a NodeDef, has a versions field, and its first nodes parse as NodeDefs with an identifier op.
 * Files with more fields than the sniff reads are claimed if they were valid so far (a SavedModel whose
 * version was seen, a GraphDef whose first nodes were checked), so padding cannot route them elsewhere.
 */
final class TfSniff {
    enum Kind { SAVED_MODEL, GRAPH_DEF, META_GRAPH }

    private static final long MAX_SNIFF_FIELDS = 200_000;
    private static final int NODES_CHECKED = 16;

    private TfSniff() {
    }

    static Kind sniff(Blob blob) {
        if (blob.size() < 4) {
            return null;
        }
        try {
            ProtoReader r = ProtoReader.of(blob, ProtoBudget.sniffing(MAX_SNIFF_FIELDS));
            if (blob.u8(0) == 0x08 && blob.u8(1) == 0x01 && savedModel(r)) {
                return Kind.SAVED_MODEL;
            }
            if (blob.u8(0) == 0x0a && graphDef(r)) {
                return Kind.GRAPH_DEF;
            }
            if ((blob.u8(0) & 0x07) == WireType.LEN && metaGraph(ProtoReader.of(blob,
                    ProtoBudget.sniffing(MAX_SNIFF_FIELDS)))) {
                return Kind.META_GRAPH;
            }
        } catch (ScanAbort notProtobuf) {
            return null;
        }
        return null;
    }

    /** What a sniff has established so far; consulted when its field budget runs out. */
    private static final class Seen {
        boolean version;
        boolean graph;
        int nodes;
        boolean versions;
    }

    static boolean savedModel(ProtoReader r) throws ScanAbort {
        Seen seen = new Seen();
        try {
            return savedModel(r, seen) && seen.version && seen.graph;
        } catch (ScanAbort a) {
            if (a.kind() == Problem.Kind.BUDGET && seen.version) {
                return true;
            }
            throw a;
        }
    }

    private static boolean savedModel(ProtoReader r, Seen seen) throws ScanAbort {
        while (r.next()) {
            if (r.is(1, WireType.VARINT)) {
                if (r.value() != 1) {
                    return false;
                }
                seen.version = true;
            } else if (r.is(2, WireType.LEN)) {
                ProtoReader m = r.message();
                while (m.next()) {
                    if (m.wireType() != WireType.LEN || m.field() > 7) {
                        return false;
                    }
                    seen.graph |= m.field() == 2;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * A standalone MetaGraphDef (TF1 {@code .meta} files): only its length-delimited fields 1..7, a
     * graph_def (field 2) whose first node is plausible, and a meta_info_def (field 1) that is a message.
     */
    static boolean metaGraph(ProtoReader r) throws ScanAbort {
        boolean graph = false;
        while (r.next()) {
            if (r.wireType() != WireType.LEN || r.field() < 1 || r.field() > 7) {
                return false;
            }
            if (r.field() == 1) {
                ProtoReader info = r.message();
                while (info.next()) {
                    if (info.field() > 8) {
                        return false;
                    }
                }
            } else if (r.field() == 2) {
                ProtoReader g = r.message();
                boolean firstNode = false;
                while (g.next()) {
                    if (g.is(1, WireType.LEN)) {
                        if (!plausibleNode(g.message())) {
                            return false;
                        }
                        firstNode = true;
                        break;
                    }
                }
                graph = firstNode;
            }
        }
        return graph;
    }

    static boolean graphDef(ProtoReader r) throws ScanAbort {
        Seen seen = new Seen();
        try {
            return graphDef(r, seen) && seen.nodes > 0 && seen.versions;
        } catch (ScanAbort a) {
            if (a.kind() == Problem.Kind.BUDGET && seen.nodes >= NODES_CHECKED) {
                return true;
            }
            throw a;
        }
    }

    private static boolean graphDef(ProtoReader r, Seen seen) throws ScanAbort {
        while (r.next()) {
            boolean ok = switch (r.field()) {
                case 1, 2, 4, 5 -> r.wireType() == WireType.LEN;
                case 3 -> r.wireType() == WireType.VARINT;
                default -> false;
            };
            if (!ok) {
                return false;
            }
            seen.versions |= r.field() == 4;
            if (r.field() == 1 && seen.nodes++ < NODES_CHECKED && !plausibleNode(r.message())) {
                return false;
            }
        }
        return true;
    }

    private static boolean plausibleNode(ProtoReader n) throws ScanAbort {
        boolean op = false;
        while (n.next()) {
            if (n.field() > 7 || n.wireType() != WireType.LEN) {
                return false;
            }
            if (n.field() == 2) {
                if (!isOpName(n.string(128))) {
                    return false;
                }
                op = true;
            }
        }
        return op;
    }

    /** Op names are identifiers: a letter or underscore, then letters, digits, underscores (and '>' in a few). */
    static boolean isOpName(String s) {
        if (s.isEmpty() || s.length() > 127) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && !(i > 0 && ((c >= '0' && c <= '9') || c == '>'))) {
                return false;
            }
        }
        return true;
    }
}
