package org.mlgate.scan.gguf;

import java.util.Optional;

/**
 * ggml tensor types as stored in GGUF tensor infos: elements per block and bytes per block (ggml's
 * type_traits). Removed types (4, 5, 31-33, 36-38) are absent: llama.cpp refuses them.
 */
record GgmlType(int id, String name, int blockSize, int typeSize) {
    private static final GgmlType[] TABLE = new GgmlType[40];

    static {
        put(0, "F32", 1, 4);
        put(1, "F16", 1, 2);
        put(2, "Q4_0", 32, 18);
        put(3, "Q4_1", 32, 20);
        put(6, "Q5_0", 32, 22);
        put(7, "Q5_1", 32, 24);
        put(8, "Q8_0", 32, 34);
        put(9, "Q8_1", 32, 36);
        put(10, "Q2_K", 256, 84);
        put(11, "Q3_K", 256, 110);
        put(12, "Q4_K", 256, 144);
        put(13, "Q5_K", 256, 176);
        put(14, "Q6_K", 256, 210);
        put(15, "Q8_K", 256, 292);
        put(16, "IQ2_XXS", 256, 66);
        put(17, "IQ2_XS", 256, 74);
        put(18, "IQ3_XXS", 256, 98);
        put(19, "IQ1_S", 256, 50);
        put(20, "IQ4_NL", 32, 18);
        put(21, "IQ3_S", 256, 110);
        put(22, "IQ2_S", 256, 82);
        put(23, "IQ4_XS", 256, 136);
        put(24, "I8", 1, 1);
        put(25, "I16", 1, 2);
        put(26, "I32", 1, 4);
        put(27, "I64", 1, 8);
        put(28, "F64", 1, 8);
        put(29, "IQ1_M", 256, 56);
        put(30, "BF16", 1, 2);
        put(34, "TQ1_0", 256, 54);
        put(35, "TQ2_0", 256, 66);
        put(39, "MXFP4", 32, 17);
    }

    private static void put(int id, String name, int blockSize, int typeSize) {
        TABLE[id] = new GgmlType(id, name, blockSize, typeSize);
    }

    static Optional<GgmlType> of(long id) {
        return id >= 0 && id < TABLE.length ? Optional.ofNullable(TABLE[(int) id]) : Optional.empty();
    }
}
