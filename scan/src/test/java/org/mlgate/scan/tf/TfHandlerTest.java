package org.mlgate.scan.tf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.proto.Pb;
import org.mlgate.scan.proto.ProtoScan;

class TfHandlerTest {
    private static Pb node(String name, String op) {
        return Pb.msg().str(1, name).str(2, op).str(3, "in");
    }

    private static Pb attr(Pb node, String key, String s) {
        return node.msg(5, Pb.msg().str(1, key).msg(2, Pb.msg().str(2, s)));
    }

    private static Pb function(String name, Pb... nodes) {
        Pb f = Pb.msg().msg(1, Pb.msg().str(1, name));
        for (Pb n : nodes) {
            f.msg(3, n);
        }
        return f;
    }

    private static Pb graph(Pb[] nodes, Pb... functions) {
        Pb g = Pb.msg();
        for (Pb n : nodes) {
            g.msg(1, n);
        }
        if (functions.length > 0) {
            Pb lib = Pb.msg();
            for (Pb f : functions) {
                lib.msg(1, f);
            }
            g.msg(2, lib);
        }
        return g.msg(4, Pb.msg().varint(1, 1395));
    }

    private static byte[] savedModel(Pb graph) {
        return Pb.msg().varint(1, 1).msg(2, Pb.msg().msg(1, Pb.msg().str(4, "serve")).msg(2, graph)).build();
    }

    @Test
    void sniff() {
        byte[] sm = savedModel(graph(new Pb[] {node("a", "Const")}));
        assertThat(TfSniff.sniff(Blob.of("s", sm))).isEqualTo(TfSniff.Kind.SAVED_MODEL);
        assertThat(TfSniff.sniff(Blob.of("g", graph(new Pb[] {node("a", "Const")}).build())))
                .isEqualTo(TfSniff.Kind.GRAPH_DEF);
        // schema version 2, no graph_def, a GraphDef without versions, a node whose op is not an identifier
        assertThat(TfSniff.sniff(Blob.of("s", Pb.msg().varint(1, 2).msg(2, Pb.msg().msg(2, Pb.msg())).build())))
                .isNull();
        assertThat(TfSniff.sniff(Blob.of("s", Pb.msg().varint(1, 1).msg(2, Pb.msg().msg(1, Pb.msg())).build())))
                .isNull();
        assertThat(TfSniff.sniff(Blob.of("g", Pb.msg().msg(1, node("a", "Const")).build()))).isNull();
        assertThat(TfSniff.sniff(Blob.of("g", graph(new Pb[] {node("a", "1 + 2")}).build()))).isNull();
    }

    @Test
    void standaloneMetaGraphDefsAreWalked() {
        Pb info = Pb.msg().str(1, "meta").str(5, "1.15.0");
        byte[] clean = Pb.msg().msg(1, info).msg(2, graph(new Pb[] {node("a", "Const"), node("m", "MatMul")}))
                .build();
        assertThat(TfSniff.sniff(Blob.of("m", clean))).isEqualTo(TfSniff.Kind.META_GRAPH);
        FileScan.Outcome ok = ProtoScan.scan(clean);
        assertThat(ok.format()).isEqualTo("tf-metagraph");
        assertThat(ok.findings()).isEmpty();
        byte[] evil = Pb.msg().msg(1, info).msg(2, graph(new Pb[] {node("a", "Const"), node("r", "ReadFile")}))
                .build();
        assertThat(ProtoScan.scan(evil).findings()).extracting(f -> f.ruleId()).contains("MLG-TF-002");
        assertThat(TfSniff.sniff(Blob.of("x", Pb.msg().msg(1, info).build()))).isNull();
    }

    @Test
    void standardOpsAndSaverAreClean() {
        Pb[] nodes = {node("x", "Placeholder"), node("call", "StatefulPartitionedCall"), node("s", "SaveV2"),
            node("r", "RestoreV2"), node("m", "MergeV2Checkpoints"), node("f", "ShardedFilename"),
            node("j", "StringJoin"), attr(node("d", "DecodeProtoV2"), "descriptor_source", "local://"),
            attr(node("p", "PrintV2"), "output_stream", "stderr")};
        FileScan.Outcome o = ProtoScan.scan(savedModel(graph(nodes, function("__inference_f",
                node("mm", "MatMul"), node("call2", "__inference_g")), function("__inference_g", node("r", "Relu")))));
        assertThat(o.format()).isEqualTo("tf-savedmodel");
        assertThat(o.findings()).isEmpty();
        assertThat(o.problems()).isEmpty();
    }

    @Test
    void pythonOpsAreCritical() {
        FileScan.Outcome o = ProtoScan.scan(savedModel(graph(new Pb[] {node("py", "PyFunc")},
                function("fn", node("e", "EagerPyFunc")))));
        assertThat(ProtoScan.findings(o, TfRules.PYTHON_OP)).hasSize(2).allSatisfy(f ->
                assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(ProtoScan.findings(o, TfRules.PYTHON_OP)).extracting(f -> f.location().at()).containsExactly(
                "meta_graphs[0].graph_def.node[0](PyFunc)", "meta_graphs[0].graph_def.library.function[fn].node_def[0]"
                        + "(EagerPyFunc)");
    }

    @Test
    void fileOps() {
        Pb[] nodes = {node("r", "ReadFile"), node("w", "WriteFile"), node("g", "MatchingFiles"),
            attr(node("c", "ImmutableConst"), "memory_region_name", "/etc/passwd"),
            attr(node("d", "DecodeProtoV2"), "descriptor_source", "/tmp/evil.desc"),
            attr(node("p", "PrintV2"), "output_stream", "file:///tmp/log"), node("t", "TFRecordDataset")};
        FileScan.Outcome o = ProtoScan.scan(graph(nodes).build());
        assertThat(o.format()).isEqualTo("tf-graphdef");
        assertThat(ProtoScan.findings(o, TfRules.FILE_OP)).extracting(f -> f.severity() + " " + f.message())
                .containsExactly("HIGH node 'r' uses ReadFile, which touches files",
                        "HIGH node 'w' uses WriteFile, which touches files",
                        "HIGH node 'g' uses MatchingFiles, which touches files",
                        "HIGH node 'c' memory-maps the file '/etc/passwd'",
                        "HIGH node 'd' loads protobuf descriptors from '/tmp/evil.desc'",
                        "HIGH node 'p' prints to the file 'file:///tmp/log'",
                        "MEDIUM node 't' uses TFRecordDataset, which reads or writes files");
    }

    @Test
    void unknownOpsAreHighUnlessLibraryFunctions() {
        FileScan.Outcome o = ProtoScan.scan(savedModel(graph(new Pb[] {node("z", "ZeroOut"), node("z2", "ZeroOut"),
            node("f", "my_fn")}, function("my_fn", node("a", "Add")))));
        assertThat(ProtoScan.findings(o, TfRules.UNKNOWN_OP)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).contains("'ZeroOut'").contains("2 occurrences");
        });
    }

    @Test
    void tf_node_length_overrun_isMalformed() {
        byte[] sm = savedModel(graph(new Pb[] {node("py", "PyFunc"), Pb.msg().raw((byte) 0x12, (byte) 0x40)}));
        FileScan.Outcome o = ProtoScan.scan(sm);
        assertThat(o.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MALFORMED);
            assertThat(p.message()).contains("field 2 length 64 runs past the end");
        });
        assertThat(ProtoScan.findings(o, TfRules.PYTHON_OP)).hasSize(1);
    }

    @Test
    void paddingPastTheSniffBudgetStillRoutesToTensorFlow() {
        Pb meta = Pb.msg();
        for (int i = 0; i <= 200_000; i++) {
            meta.bytes(4, new byte[0]);
        }
        meta.msg(2, graph(new Pb[] {node("py", "PyFunc")}));
        FileScan.Outcome o = ProtoScan.scan(Pb.msg().varint(1, 1).msg(2, meta).build());
        assertThat(o.format()).isEqualTo("tf-savedmodel");
        assertThat(ProtoScan.findings(o, TfRules.PYTHON_OP)).hasSize(1);
    }
}
