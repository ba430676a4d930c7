package org.mlgate.scan.gguf;

/** A metadata value as far as the scanner keeps it: scalars whole, strings only when asked, arrays summarised. */
public sealed interface GgufValue {
    int UINT8 = 0;
    int INT8 = 1;
    int UINT16 = 2;
    int INT16 = 3;
    int UINT32 = 4;
    int INT32 = 5;
    int FLOAT32 = 6;
    int BOOL = 7;
    int STRING = 8;
    int ARRAY = 9;
    int UINT64 = 10;
    int INT64 = 11;
    int FLOAT64 = 12;

    /** Any integer type; {@code type} tells which. Unsigned 64-bit values above Long.MAX_VALUE are negative. */
    record Int(int type, long value) implements GgufValue { }

    record Float(int type, double value) implements GgufValue { }

    record Bool(boolean value) implements GgufValue { }

    /** {@code text} is null when the parser skipped the bytes; {@code dataOffset} is where they start. */
    record Str(long length, long dataOffset, String text) implements GgufValue { }

    record Array(int elementType, long count) implements GgufValue { }

    static String typeName(long type) {
        return switch ((int) Math.max(-1, Math.min(type, 99))) {
            case UINT8 -> "uint8";
            case INT8 -> "int8";
            case UINT16 -> "uint16";
            case INT16 -> "int16";
            case UINT32 -> "uint32";
            case INT32 -> "int32";
            case FLOAT32 -> "float32";
            case BOOL -> "bool";
            case STRING -> "string";
            case ARRAY -> "array";
            case UINT64 -> "uint64";
            case INT64 -> "int64";
            case FLOAT64 -> "float64";
            default -> "type " + type;
        };
    }

    /** Bytes of one element of a fixed-size type, or -1 for strings and arrays. */
    static int fixedSize(int type) {
        return switch (type) {
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16 -> 2;
            case UINT32, INT32, FLOAT32 -> 4;
            case UINT64, INT64, FLOAT64 -> 8;
            default -> -1;
        };
    }
}
