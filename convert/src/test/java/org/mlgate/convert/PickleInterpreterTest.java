package org.mlgate.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.tensors.Dtype;

class PickleInterpreterTest {

    /** A pickle built byte by byte. */
    static final class P {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();

        P op(int... bytes) {
            for (int x : bytes) {
                b.write(x);
            }
            return this;
        }

        P str(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            op(0x8c, u.length);
            b.writeBytes(u);
            return this;
        }

        P global(String module, String name) {
            op('c');
            b.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }

    @Test
    void scalarsAndContainers() throws Exception {
        byte[] p = new P().op(0x80, 4).op('}').op('(')
                .str("neg").op('J', 0xfe, 0xff, 0xff, 0xff)
                .str("big").op(0x8a, 5, 0, 0, 0, 0, 0x80) // LONG1: -2^39
                .str("f").op('G', 0x3f, 0xf8, 0, 0, 0, 0, 0, 0)
                .str("t").op(0x88)
                .str("l").op(']', 0x94, '(', 'K', 1, 'M', 0x00, 0x01, 'e')
                .str("again").op('h', 0)
                .op('u', '.').bytes();
        Value v = PickleInterpreter.run(p);
        assertThat(v).isInstanceOf(Value.Dict.class);
        var e = ((Value.Dict) v).entries();
        assertThat(e.get(new Value.Str("neg"))).isEqualTo(new Value.Int(-2));
        assertThat(e.get(new Value.Str("big"))).isEqualTo(new Value.Int(-(1L << 39)));
        assertThat(e.get(new Value.Str("f"))).isEqualTo(new Value.Float(1.5));
        assertThat(e.get(new Value.Str("t"))).isEqualTo(new Value.Bool(true));
        assertThat(((Value.PyList) e.get(new Value.Str("l"))).items())
                .containsExactly(new Value.Int(1), new Value.Int(256));
        assertThat(e.get(new Value.Str("again"))).isSameAs(e.get(new Value.Str("l")));
    }

    @Test
    void stackGlobalOutsideTheAllowlistIsRefusedWithItsOffset() {
        byte[] p = new P().op(0x80, 4).str("os").str("system").op(0x93).str("echo").op(0x85, 'R', '.').bytes();
        assertThatThrownBy(() -> PickleInterpreter.run(p)).isInstanceOfSatisfying(ConversionRefused.class, e -> {
            assertThat(e.reason()).isEqualTo(ConversionRefused.Reason.GLOBAL_NOT_ALLOWED);
            assertThat(e.global()).isEqualTo("os.system");
            assertThat(e.offset()).isEqualTo(14);
        });
    }

    @Test
    void allowlistedClassCalledWithArgumentsIsRefused() {
        byte[] p = new P().op(0x80, 2).global("collections", "OrderedDict").op(']', 0x85, 'R', '.').bytes();
        assertThatThrownBy(() -> PickleInterpreter.run(p)).isInstanceOfSatisfying(ConversionRefused.class,
                e -> assertThat(e.global()).isEqualTo("collections.OrderedDict"));
    }

    @Test
    void reduceOfAStringIsRefused() {
        byte[] p = new P().op(0x80, 2).str("x").op(')', 'R', '.').bytes();
        assertThatThrownBy(() -> PickleInterpreter.run(p)).isInstanceOf(ConversionRefused.class)
                .hasMessageContaining("REDUCE applies a str");
    }

    @Test
    void opcodesTorchSaveNeverWritesAreRefused() {
        byte[] inst = new P().op(0x80, 2).op('(').op('i').bytes();
        assertThatThrownBy(() -> PickleInterpreter.run(inst)).isInstanceOf(ConversionRefused.class)
                .hasMessageContaining("opcode 0x69");
        byte[] truncated = new P().op(0x80, 2, 'X', 9, 0, 0, 0, 'a').bytes();
        assertThatThrownBy(() -> PickleInterpreter.run(truncated)).isInstanceOf(ConversionRefused.class)
                .hasMessageContaining("truncated");
        byte[] noStop = new P().op(0x80, 2, 'N').bytes();
        assertThatThrownBy(() -> PickleInterpreter.run(noStop)).isInstanceOf(ConversionRefused.class)
                .hasMessageContaining("without STOP");
    }

    @Test
    void rebuildsATensorReference() throws Exception {
        byte[] p = new P().op(0x80, 2).global("torch._utils", "_rebuild_tensor_v2").op('(')
                .op('(').str("storage").global("torch", "HalfStorage").str("0").str("cpu").op('K', 6, 't', 'Q')
                .op('K', 1).op('K', 2, 'K', 2, 0x86).op('K', 1, 'K', 2, 0x86).op(0x89)
                .global("collections", "OrderedDict").op(')', 'R').op('t', 'R', '.').bytes();
        Value v = PickleInterpreter.run(p);
        assertThat(v).isEqualTo(new Value.TensorRef(new Value.Storage("0", Dtype.F16, "cpu", 6), 1,
                List.of(2L, 2L), List.of(1L, 2L)));
    }

    @Test
    void cyclesAndFanOutStopAtTheFlattenBudgets() throws Exception {
        // {"x": l} where l = [l]: a list holding itself through the memo
        byte[] cycle = new P().op(0x80, 2).op('}').str("x").op(']', 'q', 0, 'h', 0, 'a', 's', '.').bytes();
        assertThatThrownBy(() -> Flattener.flatten(PickleInterpreter.run(cycle)))
                .isInstanceOfSatisfying(ConversionRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(ConversionRefused.Reason.BUDGET));
        // 30 levels of (t, t): 2^30 paths from 100 bytes
        P fan = new P().op(0x80, 2).op('}').str("x").op('N');
        for (int i = 0; i < 30; i++) {
            fan.op('q', 0, 'h', 0, 0x86);
        }
        byte[] fanOut = fan.op('s', '.').bytes();
        assertThatThrownBy(() -> Flattener.flatten(PickleInterpreter.run(fanOut)))
                .isInstanceOfSatisfying(ConversionRefused.class,
                        e -> assertThat(e.getMessage()).contains("more than " + Flattener.MAX_NODES));
    }

    @Test
    void materialiserHonoursStridesAndBounds() throws Exception {
        // storage 0..5 as bytes (U8); view offset 1, shape [2,2], stride [1,2] -> [[1,3],[2,4]]
        MemorySegment storage = MemorySegment.ofArray(new byte[] {0, 1, 2, 3, 4, 5});
        Value.Storage s = new Value.Storage("0", Dtype.U8, "cpu", 6);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = Materialiser.contiguous("t", new Value.TensorRef(s, 1, List.of(2L, 2L),
                    List.of(1L, 2L)), storage, arena);
            assertThat(out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsExactly(1, 3, 2, 4);
            assertThatThrownBy(() -> Materialiser.contiguous("t", new Value.TensorRef(s, 3, List.of(2L, 2L),
                    List.of(1L, 2L)), storage, arena)).isInstanceOf(ConversionRefused.class)
                    .hasMessageContaining("reaches element 6");
            assertThatThrownBy(() -> Materialiser.contiguous("t", new Value.TensorRef(
                    new Value.Storage("0", Dtype.U8, "cpu", 7), 0, List.of(7L), List.of(1L)), storage, arena))
                    .isInstanceOf(ConversionRefused.class).hasMessageContaining("its member has 6");
        }
    }
}
