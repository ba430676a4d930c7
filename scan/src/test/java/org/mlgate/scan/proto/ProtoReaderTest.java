package org.mlgate.scan.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Problem;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;

class ProtoReaderTest {
    private static ProtoReader reader(byte[] b) {
        return ProtoReader.of(Blob.of("t", b), new ProtoBudget(4, 1000, () -> { }));
    }

    @Test
    void readsEveryWireTypeWithOffsets() throws ScanAbort {
        byte[] b = Pb.msg().varint(1, 300).str(2, "abc").fixed32(3, 0x01020304)
                .raw(Pb.varintBytes(4 << 3 | 1)).raw(new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) 0x80}).build();
        ProtoReader r = reader(b);
        assertThat(r.next()).isTrue();
        assertThat(r.is(1, WireType.VARINT)).isTrue();
        assertThat(r.value()).isEqualTo(300);
        assertThat(r.next()).isTrue();
        assertThat(r.offset()).isEqualTo(3);
        assertThat(r.string(10)).isEqualTo("abc");
        assertThat(r.string(2)).isEqualTo("ab...");
        assertThat(r.next()).isTrue();
        assertThat(r.value()).isEqualTo(0x01020304);
        assertThat(r.next()).isTrue();
        assertThat(r.value()).isEqualTo(0x8000000000000001L);
        assertThat(r.next()).isFalse();
    }

    @Test
    void maximalVarintIsTenBytes() throws ScanAbort {
        ProtoReader r = reader(Pb.msg().varint(1, -1L).build());
        assertThat(r.next()).isTrue();
        assertThat(r.value()).isEqualTo(-1L);
    }

    @Test
    void proto_varint_overflow() {
        byte[] b = {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x02};
        assertMalformed(b, "varint overflows 64 bits");
    }

    @Test
    void proto_varint_eleven_bytes() {
        byte[] b = {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, -128, 0x01};
        assertMalformed(b, "varint longer than 10 bytes");
    }

    @Test
    void proto_varint_truncated() {
        assertMalformed(new byte[] {0x08, (byte) 0x80}, "varint truncated");
    }

    @Test
    void proto_length_past_end() {
        assertMalformed(new byte[] {0x12, 0x05, 'a'}, "field 2 length 5 runs past the end of its message");
    }

    @Test
    void proto_group_rejected() {
        assertMalformed(new byte[] {0x0b, 0x0c}, "groups are not supported");
    }

    @Test
    void proto_invalid_wire_type() {
        assertMalformed(new byte[] {0x0e}, "invalid wire type 6");
    }

    @Test
    void proto_field_number_zero() {
        assertMalformed(new byte[] {0x00, 0x00}, "field number 0 out of range");
    }

    @Test
    void proto_fixed64_truncated() {
        assertMalformed(new byte[] {0x09, 1, 2, 3}, "fixed64 truncated");
    }

    @Test
    void nestedMessageEndsAtItsOwnLength() throws ScanAbort {
        byte[] b = Pb.msg().msg(1, Pb.msg().varint(1, 7).raw((byte) 0x12, (byte) 0x01)).varint(2, 9).build();
        ProtoReader r = reader(b);
        assertThat(r.next()).isTrue();
        ProtoReader inner = r.message();
        assertThat(inner.next()).isTrue();
        assertThat(inner.value()).isEqualTo(7);
        // the inner length-1 field wants one byte past the inner message's end: not the outer's byte
        assertThatThrownBy(inner::next).isInstanceOf(ScanAbort.class).hasMessageContaining("runs past the end");
        assertThat(r.next()).isTrue();
        assertThat(r.value()).isEqualTo(9);
    }

    @Test
    void proto_nesting_too_deep() throws ScanAbort {
        Pb m = Pb.msg().varint(1, 1);
        for (int i = 0; i < 6; i++) {
            m = Pb.msg().msg(1, m);
        }
        ProtoReader r = reader(m.build());
        ScanAbort a = null;
        try {
            while (r.next()) {
                r = r.message();
            }
        } catch (ScanAbort e) {
            a = e;
        }
        assertThat(a).isNotNull();
        assertThat(a.kind()).isEqualTo(Problem.Kind.BUDGET);
        assertThat(a.getMessage()).contains("nested deeper than 4");
    }

    @Test
    void proto_too_many_fields() {
        Pb m = Pb.msg();
        for (int i = 0; i < 1001; i++) {
            m.varint(1, i);
        }
        ProtoReader r = reader(m.build());
        assertThatThrownBy(() -> {
            while (r.next()) {
                r.value();
            }
        }).isInstanceOf(ScanAbort.class).hasMessageContaining("more than 1000 protobuf fields");
    }

    @Test
    void packedVarints() throws ScanAbort {
        byte[] packed = new byte[] {0x03, (byte) 0xac, 0x02, 0x00};
        ProtoReader r = reader(Pb.msg().bytes(1, packed).build());
        assertThat(r.next()).isTrue();
        List<Long> values = new ArrayList<>();
        assertThat(r.packedVarints(values::add)).isEqualTo(3);
        assertThat(values).containsExactly(3L, 300L, 0L);
        ProtoReader cut = reader(Pb.msg().bytes(1, new byte[] {0x03, (byte) 0x80}).build());
        assertThat(cut.next()).isTrue();
        assertThatThrownBy(() -> cut.packedVarints(v -> { })).hasMessageContaining("varint truncated");
    }

    private static void assertMalformed(byte[] b, String message) {
        ProtoReader r = reader(b);
        assertThatThrownBy(() -> {
            while (r.next()) {
                r.value();
            }
        }).isInstanceOf(ScanAbort.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((ScanAbort) e).kind()).isEqualTo(Problem.Kind.MALFORMED));
    }
}
