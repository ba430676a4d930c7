package org.mlgate.scan.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.proto.Pb;
import org.mlgate.scan.proto.ProtoScan;

class OnnxHandlerTest {
    private static Pb node(String op, String domain) {
        Pb n = Pb.msg().str(1, "x").str(2, "y").str(3, "n").str(4, op);
        return domain == null ? n : n.str(7, domain);
    }

    /** TensorProto: dims, data_type, name, then raw_data or external data. */
    private static Pb tensor(long[] dims, int dataType, byte[] raw) {
        Pb t = Pb.msg();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, dataType).str(8, "w");
        return raw == null ? t : t.bytes(9, raw);
    }

    private static Pb external(String location) {
        return tensor(new long[] {2}, 1, null)
                .msg(13, Pb.msg().str(1, "location").str(2, location))
                .msg(13, Pb.msg().str(1, "offset").str(2, "0"))
                .varint(14, 1);
    }

    private static byte[] model(Pb graph, Pb... extra) {
        Pb m = Pb.msg().varint(1, 8).str(2, "test").msg(7, graph).msg(8, Pb.msg().str(1, "").varint(2, 13));
        for (Pb e : extra) {
            m.msg(25, e);
        }
        return m.build();
    }

    @Test
    void sniffIsStrict() {
        byte[] good = model(Pb.msg().msg(1, node("Relu", null)));
        assertThat(OnnxSniff.sniff(Blob.of("m", good))).isTrue();
        // no opset_import
        assertThat(OnnxSniff.sniff(Blob.of("m", Pb.msg().varint(1, 8).msg(7, Pb.msg()).build()))).isFalse();
        // ir_version out of range
        byte[] ir = Pb.msg().varint(1, 99).msg(7, Pb.msg()).msg(8, Pb.msg()).build();
        assertThat(OnnxSniff.sniff(Blob.of("m", ir))).isFalse();
        // a field ModelProto does not have
        byte[] odd = Pb.msg().varint(1, 8).msg(7, Pb.msg()).msg(8, Pb.msg()).varint(9, 1).build();
        assertThat(OnnxSniff.sniff(Blob.of("m", odd))).isFalse();
        // top level cut short
        assertThat(OnnxSniff.sniff(Blob.of("m", java.util.Arrays.copyOf(good, good.length - 3)))).isFalse();
    }

    @Test
    void standardAndContribOpsAreClean() {
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg().msg(1, node("Conv", null)).msg(1, node("Relu", "ai.onnx"))
                .msg(1, node("Gelu", "com.microsoft")).msg(1, node("LinearRegressor", "ai.onnx.ml"))
                .msg(5, tensor(new long[] {2, 3}, 1, new byte[24]))));
        assertThat(o.format()).isEqualTo("onnx");
        assertThat(o.findings()).isEmpty();
        assertThat(o.problems()).isEmpty();
    }

    @Test
    void customDomainIsMediumAndFoldedPerOperator() {
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg().msg(1, node("Relu", null))
                .msg(1, node("FastGather", "com.example")).msg(1, node("FastGather", "com.example"))));
        assertThat(ProtoScan.findings(o, OnnxRules.CUSTOM_DOMAIN)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.location().at()).isEqualTo("graph.node[1](com.example:FastGather)");
            assertThat(f.message()).contains("FastGather").contains("com.example").contains("2 occurrences");
        });
    }

    @Test
    void codeRunningDomainsAreHigh() {
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg().msg(1, node("PyOp", "ai.onnx.contrib"))
                .msg(1, node("PyOp", "my.domain"))));
        assertThat(ProtoScan.findings(o, OnnxRules.CUSTOM_LIBRARY)).hasSize(2)
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
        assertThat(ProtoScan.findings(o, OnnxRules.CUSTOM_DOMAIN)).isEmpty();
    }

    @Test
    void localFunctionsAreNotCustomOps() {
        Pb fn = Pb.msg().str(1, "Twice").msg(7, node("Add", null)).str(10, "local");
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg().msg(1, node("Twice", "local")), fn));
        assertThat(o.findings()).isEmpty();
        Pb evil = Pb.msg().str(1, "Twice").msg(7, node("PyOp", "ai.onnx.contrib")).str(10, "local");
        FileScan.Outcome inside = ProtoScan.scan(model(Pb.msg().msg(1, node("Twice", "local")), evil));
        assertThat(ProtoScan.findings(inside, OnnxRules.CUSTOM_LIBRARY)).singleElement()
                .satisfies(f -> assertThat(f.location().at()).isEqualTo("functions[Twice].node[0](ai.onnx.contrib:PyOp)"));
    }

    @Test
    void externalDataLocations() {
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg().msg(5, external("../../etc/passwd"))
                .msg(5, external("/etc/shadow")).msg(5, external("C:\\Windows\\win.ini"))
                .msg(5, external("https://evil.example/w.bin")).msg(5, external("a/../../b"))
                .msg(5, external("\\\\.\\PhysicalDrive0")).msg(5, external("weights/./w.bin"))));
        assertThat(ProtoScan.findings(o, OnnxRules.EXTERNAL_DATA_ESCAPE)).extracting(f -> f.message()).containsExactly(
                "external data location '../../etc/passwd': climbs out of the model directory",
                "external data location '/etc/shadow': absolute path",
                "external data location 'C:\\Windows\\win.ini': absolute path",
                "external data location 'https://evil.example/w.bin': URL or scheme-qualified location",
                "external data location 'a/../../b': climbs out of the model directory",
                "external data location '\\\\.\\PhysicalDrive0': UNC or device path");
        assertThat(ProtoScan.findings(o, OnnxRules.EXTERNAL_DATA)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("weights/./w.bin"));
        assertThat(ProtoScan.findings(o, OnnxRules.EXTERNAL_DATA_ESCAPE).getFirst().location().at())
                .isEqualTo("graph.initializer[0](w).external_data");
    }

    @Test
    void subgraphsInAttributesAreWalked() {
        Pb then = Pb.msg().msg(5, external("/etc/passwd")).msg(1, node("Mystery", "x.y"));
        Pb ifNode = node("If", null).msg(5, Pb.msg().str(1, "then_branch").msg(6, then).varint(20, 5));
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg().msg(1, ifNode)));
        assertThat(ProtoScan.findings(o, OnnxRules.EXTERNAL_DATA_ESCAPE)).singleElement().satisfies(f ->
                assertThat(f.location().at()).isEqualTo("graph.node[0](If).attribute[then_branch].g.initializer[0](w)"
                        + ".external_data"));
        assertThat(ProtoScan.findings(o, OnnxRules.CUSTOM_DOMAIN)).hasSize(1);
    }

    @Test
    void tensorLayout() {
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg()
                .msg(5, tensor(new long[] {4, 4}, 1, new byte[8]))
                .msg(5, tensor(new long[] {-1, 2}, 1, new byte[8]))
                .msg(5, tensor(new long[] {1L << 40, 1L << 40}, 7, new byte[8]))
                .msg(5, tensor(new long[] {3}, 22, new byte[2]))
                .msg(5, tensor(new long[] {2}, 8, new byte[5]))));
        assertThat(ProtoScan.findings(o, OnnxRules.TENSOR_LAYOUT)).extracting(f -> f.message()).containsExactly(
                "dims [4, 4] of data type 1 need 64 raw_data bytes, the tensor has 8",
                "negative dimension -1 in dims [-1, 2]",
                "element count of dims [1099511627776, 1099511627776] overflows 64 bits");
    }

    @Test
    void packedDimsAreRead() {
        Pb t = Pb.msg().bytes(1, new byte[] {2, 3}).varint(2, 1).str(8, "w").bytes(9, new byte[24]);
        assertThat(ProtoScan.scan(model(Pb.msg().msg(5, t))).findings()).isEmpty();
    }

    @Test
    void onnx_nested_group_wire_type_isMalformed() {
        Pb bad = Pb.msg().raw((byte) 0x23, (byte) 0x24);     // field 4 start-group, end-group
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg().msg(1, node("PyOp", "ai.onnx.contrib")).msg(1, bad)));
        assertThat(o.format()).isEqualTo("onnx");
        assertThat(o.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("groups are not supported");
        });
        // the finding before the malformed node is kept
        assertThat(ProtoScan.findings(o, OnnxRules.CUSTOM_LIBRARY)).hasSize(1);
    }

    @Test
    void onnx_too_many_dims() {
        long[] dims = new long[1025];
        java.util.Arrays.fill(dims, 1);
        FileScan.Outcome o = ProtoScan.scan(model(Pb.msg().msg(5, tensor(dims, 1, new byte[4]))));
        assertThat(o.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("more than 1024 dims"));
    }

    @Test
    void paddingPastTheSniffBudgetStillRoutesToOnnx() {
        Pb m = Pb.msg().varint(1, 8);
        for (int i = 0; i <= OnnxSniff.MAX_TOP_FIELDS; i++) {
            m.bytes(14, new byte[0]);
        }
        m.msg(7, Pb.msg().msg(1, node("PyOp", "ai.onnx.contrib"))).msg(8, Pb.msg().varint(2, 13));
        FileScan.Outcome o = ProtoScan.scan(m.build());
        assertThat(o.format()).isEqualTo("onnx");
        assertThat(ProtoScan.findings(o, OnnxRules.CUSTOM_LIBRARY)).hasSize(1);
    }
}
