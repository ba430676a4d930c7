package org.mlgate.tensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlgate.tensors.SafetensorsException.Kind;

class SafetensorsHeaderTest {
    /** Header JSON + data bytes as a file (header padded with spaces to 8-byte alignment, as the writer does). */
    static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(h);
        out.writeBytes(" ".repeat(padded - h.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    static SafetensorsHeader parse(byte[] b) throws SafetensorsException {
        return SafetensorsHeader.parse(MemorySegment.ofArray(b));
    }

    static SafetensorsException fails(byte[] b) {
        return catchThrowableOfType(SafetensorsException.class, () -> parse(b));
    }

    @Test
    void aValidFileParsesWithMetadataAndTensorsInOffsetOrder() throws SafetensorsException {
        SafetensorsHeader h = parse(file("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[24,28]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"e\":{\"dtype\":\"I64\",\"shape\":[0],\"data_offsets\":[28,28]}}", 28));
        assertThat(h.metadata()).containsEntry("format", "pt");
        assertThat(h.tensors()).extracting(TensorInfo::name).containsExactly("b", "a", "e");
        assertThat(h.dataLength()).isEqualTo(28);
        assertThat(SafetensorsHeader.looksLike(MemorySegment.ofArray(file("{}", 0)))).isTrue();
    }

    @Test
    void everyDtypeOfTheFormatIsKnown() throws SafetensorsException {
        for (Dtype d : Dtype.values()) {
            int bytes = d.bits() * 8 / 8; // 8 elements always fill whole bytes
            parse(file("{\"t\":{\"dtype\":\"" + d + "\",\"shape\":[8],\"data_offsets\":[0," + bytes + "]}}", bytes));
        }
    }

    @Test
    void header_length_beyond_file() {
        byte[] b = file("{}", 0);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertThat(fails(b).kind()).isEqualTo(Kind.HEADER_PAST_END);
    }

    @Test
    void header_length_above_limit() {
        byte[] b = file("{}", 0);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, SafetensorsHeader.MAX_HEADER + 1);
        assertThat(fails(b).kind()).isEqualTo(Kind.HEADER_TOO_LARGE);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertThat(fails(b).kind()).isEqualTo(Kind.HEADER_TOO_LARGE);
    }

    @Test
    void file_too_short() {
        assertThat(fails(new byte[3]).kind()).isEqualTo(Kind.HEADER_TOO_SMALL);
    }

    @Test
    void header_invalid_utf8() {
        byte[] b = file("{\"__metadata__\":{\"k\":\"XX\"}}", 0);
        b[8 + 22] = (byte) 0xff;
        assertThat(fails(b).kind()).isEqualTo(Kind.INVALID_UTF8);
    }

    @Test
    void header_invalid_json_and_not_an_object() {
        assertThat(fails(file("{\"a\":", 0)).kind()).isEqualTo(Kind.INVALID_JSON);
        assertThat(fails(file("[1,2]", 0)).kind()).isEqualTo(Kind.NOT_AN_OBJECT);
        assertThat(fails(file("{} {}", 0)).kind()).isEqualTo(Kind.INVALID_JSON);
    }

    @Test
    void duplicate_tensor_names() {
        SafetensorsException e = fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2));
        assertThat(e.kind()).isEqualTo(Kind.DUPLICATE_KEY);
    }

    @Test
    void unknown_dtype_names_the_tensor() {
        SafetensorsException e = fails(file("{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16));
        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_DTYPE);
        assertThat(e.tensor()).isEqualTo("w");
        assertThat(e.offset()).isPositive();
    }

    @Test
    void negative_or_overflowing_shape() {
        assertThat(fails(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0)).kind())
                .isEqualTo(Kind.INVALID_SHAPE);
        assertThat(fails(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],"
                + "\"data_offsets\":[0,0]}}", 0)).kind()).isEqualTo(Kind.INVALID_SHAPE);
        assertThat(fails(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1.5],\"data_offsets\":[0,1]}}", 1)).kind())
                .isEqualTo(Kind.INVALID_SHAPE);
    }

    @Test
    void offsets_disagree_with_dtype_times_shape() {
        SafetensorsException e = fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4));
        assertThat(e.kind()).isEqualTo(Kind.SIZE_MISMATCH);
        assertThat(e.getMessage()).contains("needs 8 bytes");
    }

    @Test
    void overlapping_and_gapped_tensors() {
        assertThat(fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", 6)).kind())
                .isEqualTo(Kind.OVERLAP_OR_GAP);
        assertThat(fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[6,10]}}", 10)).kind())
                .isEqualTo(Kind.OVERLAP_OR_GAP);
    }

    @Test
    void offsets_past_the_end_and_trailing_data() {
        assertThat(fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 2)).kind())
                .isEqualTo(Kind.INVALID_OFFSETS);
        SafetensorsException trailing = fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 9));
        assertThat(trailing.kind()).isEqualTo(Kind.TRAILING_DATA);
        assertThat(trailing.getMessage()).contains("5 bytes");
    }

    @Test
    void end_before_begin_and_malformed_offsets() {
        assertThat(fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4)).kind())
                .isEqualTo(Kind.INVALID_OFFSETS);
        assertThat(fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0]}}", 0)).kind())
                .isEqualTo(Kind.INVALID_OFFSETS);
    }

    @Test
    void metadata_values_must_be_strings_and_fields_are_known() {
        assertThat(fails(file("{\"__metadata__\":{\"epoch\":3}}", 0)).kind()).isEqualTo(Kind.INVALID_METADATA);
        assertThat(fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0],\"x\":1}}", 0))
                .kind()).isEqualTo(Kind.INVALID_JSON);
        assertThat(fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[0]}}", 0)).getMessage())
                .contains("data_offsets");
    }

    @Test
    void sub_byte_types_must_fill_whole_bytes() {
        assertThat(fails(file("{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2)).kind())
                .isEqualTo(Kind.SIZE_MISMATCH);
    }

    @Test
    void tooDeepJsonIsRejectedNotRecursed() {
        String deep = "{\"__metadata__\":" + "[".repeat(50) + "]".repeat(50) + "}";
        assertThat(fails(file(deep, 0)).kind()).isIn(Kind.INVALID_JSON, Kind.INVALID_METADATA);
        assertThat(List.of(Kind.values())).isNotEmpty();
    }
}
