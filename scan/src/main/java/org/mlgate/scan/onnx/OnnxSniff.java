package org.mlgate.scan.onnx;

import org.mlgate.core.Problem;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.proto.ProtoBudget;
import org.mlgate.scan.proto.ProtoReader;
import org.mlgate.scan.proto.WireType;

/**
 * Recognises a serialised ModelProto. Protobuf has no magic, so the test is strict: ir_version (field 1)
 * comes first as every protobuf writer orders fields by number, the top level parses to the end with
 * ModelProto's field numbers and wire types only, ir_version is 1..20, and a graph and an opset_import are
 * present. Nested messages are not parsed here (that is the scan's job), keeping the sniff cheap. A top
 * level with more fields than the sniff reads (padding to dodge the scan) is claimed if it was a valid
 * ModelProto so far: the scan then has the full budget, and fails loudly if that runs out too.
 */
final class OnnxSniff {
    static final long MAX_TOP_FIELDS = 100_000;

    private OnnxSniff() {
    }

    static boolean sniff(Blob blob) {
        if (blob.size() < 8 || blob.u8(0) != 0x08) {
            return false;
        }
        try {
            return check(ProtoReader.of(blob, ProtoBudget.sniffing(MAX_TOP_FIELDS)));
        } catch (ScanAbort notProtobuf) {
            return false;
        }
    }

    /** True if {@code r} (positioned before the first field) is a plausible ModelProto top level. */
    static boolean check(ProtoReader r) throws ScanAbort {
        long irVersion = -1;
        boolean graph = false;
        boolean opset = false;
        while (true) {
            try {
                if (!r.next()) {
                    break;
                }
            } catch (ScanAbort a) {
                if (a.kind() == Problem.Kind.BUDGET && irVersion >= 1 && irVersion <= 20) {
                    return true;
                }
                throw a;
            }
            int f = r.field();
            int w = r.wireType();
            boolean ok = switch (f) {
                case 1, 5 -> w == WireType.VARINT;
                case 2, 3, 4, 6, 7, 8, 14, 20, 25 -> w == WireType.LEN;
                default -> false;
            };
            if (!ok) {
                return false;
            }
            if (f == 1) {
                irVersion = r.value();
            }
            graph |= f == 7;
            opset |= f == 8;
        }
        return irVersion >= 1 && irVersion <= 20 && graph && opset;
    }
}
