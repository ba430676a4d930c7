package org.mlgate.tensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IEEE binary16 and bfloat16 widening against known bit patterns, and through the Tensor API. */
class HalfFloatTest {
    private static float half(int bits) {
        return Tensor.halfToFloat((short) bits);
    }

    private static float bf16(int bits) {
        return Tensor.bfloat16ToFloat((short) bits);
    }

    @Test
    void halfKnownPatterns() {
        assertThat(half(0x3C00)).isEqualTo(1.0f);
        assertThat(half(0xC000)).isEqualTo(-2.0f);
        assertThat(half(0x3555)).isEqualTo(0.333251953125f);
        assertThat(half(0x7BFF)).isEqualTo(65504f); // largest finite
        assertThat(half(0x0400)).isEqualTo(0x1p-14f); // smallest normal
        assertThat(half(0x03FF)).isEqualTo(1023 * 0x1p-24f); // largest subnormal
        assertThat(half(0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
        assertThat(half(0x8001)).isEqualTo(-0x1p-24f);
        assertThat(Float.floatToRawIntBits(half(0x0000))).isEqualTo(0);
        assertThat(Float.floatToRawIntBits(half(0x8000))).isEqualTo(0x8000_0000); // -0.0
        assertThat(half(0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(half(0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(half(0x7E00)).isNaN();
        assertThat(half(0x7C01)).isNaN(); // signalling NaN stays NaN, not infinity
        assertThat(half(0xFFFF)).isNaN();
        assertThat(Float.floatToRawIntBits(half(0x7E00))).isEqualTo(0x7FC0_0000); // quiet bit kept
    }

    @Test
    void halfAgreesWithTheJdkOnAllPatterns() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float ours = half(bits);
            float jdk = Float.float16ToFloat((short) bits);
            if (Float.isNaN(jdk)) {
                assertThat(ours).as("0x%04X", bits).isNaN();
            } else {
                assertThat(Float.floatToRawIntBits(ours)).as("0x%04X", bits).isEqualTo(Float.floatToRawIntBits(jdk));
            }
        }
    }

    @Test
    void bfloat16KnownPatterns() {
        assertThat(bf16(0x3F80)).isEqualTo(1.0f);
        assertThat(bf16(0xC040)).isEqualTo(-3.0f);
        assertThat(bf16(0x3EAB)).isEqualTo(0.333984375f);
        assertThat(bf16(0x7F7F)).isEqualTo(3.3895314e38f); // largest finite
        assertThat(bf16(0x0080)).isEqualTo(0x1p-126f); // smallest normal
        assertThat(bf16(0x0001)).isEqualTo(0x1p-133f); // smallest subnormal
        assertThat(bf16(0x007F)).isEqualTo(127 * 0x1p-133f); // largest subnormal
        assertThat(Float.floatToRawIntBits(bf16(0x8000))).isEqualTo(0x8000_0000);
        assertThat(bf16(0x7F80)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(bf16(0xFF80)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(bf16(0x7FC0)).isNaN();
        assertThat(bf16(0x7F81)).isNaN();
    }

    @Test
    void throughTheTensorApiLittleEndian() throws SafetensorsException {
        int[] halfBits = {0x3C00, 0x0001, 0x8000, 0x7C00, 0x7E00, 0x7BFF};
        int[] bfBits = {0x3F80, 0x0001, 0x8000, 0xFF80, 0x7FC0, 0x7F7F};
        byte[] file = new SafeTensorsWriter()
                .add("h", Dtype.F16, List.of((long) halfBits.length), le(halfBits))
                .add("b", Dtype.BF16, List.of((long) bfBits.length), le(bfBits)).toByteArray();
        try (SafeTensors st = SafeTensors.open(MemorySegment.ofArray(file))) {
            Tensor h = st.tensor("h");
            assertThat(h.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0x00);
            assertThat(h.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1)).isEqualTo((byte) 0x3C);
            float[] hf = h.toFloatArray();
            assertThat(hf[0]).isEqualTo(1.0f);
            assertThat(hf[1]).isEqualTo(0x1p-24f);
            assertThat(Float.floatToRawIntBits(hf[2])).isEqualTo(0x8000_0000);
            assertThat(hf[3]).isEqualTo(Float.POSITIVE_INFINITY);
            assertThat(hf[4]).isNaN();
            assertThat(h.getDouble(5)).isEqualTo(65504.0);
            float[] bf = st.tensor("b").toFloatArray();
            assertThat(bf[0]).isEqualTo(1.0f);
            assertThat(bf[1]).isEqualTo(0x1p-133f);
            assertThat(Float.floatToRawIntBits(bf[2])).isEqualTo(0x8000_0000);
            assertThat(bf[3]).isEqualTo(Float.NEGATIVE_INFINITY);
            assertThat(bf[4]).isNaN();
            assertThat(st.tensor("b").getFloat(5)).isEqualTo(3.3895314e38f);
        }
    }

    private static byte[] le(int[] bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : bits) {
            b.putShort((short) v);
        }
        return b.array();
    }
}
