package org.mlgate.scan.onnx;

/** Bits per element of ONNX TensorProto.DataType values; 0 where the size is not fixed (strings, unknown). */
final class ElementType {
    private ElementType() {
    }

    static int bits(long dataType) {
        return switch ((int) Math.min(dataType, 1000)) {
            case 1, 6, 12 -> 32;                  // FLOAT, INT32, UINT32
            case 2, 3, 9, 17, 18, 19, 20, 24 -> 8; // UINT8, INT8, BOOL, FLOAT8 variants, FLOAT8E8M0
            case 4, 5, 10, 16 -> 16;              // UINT16, INT16, FLOAT16, BFLOAT16
            case 7, 11, 13, 14 -> 64;             // INT64, DOUBLE, UINT64, COMPLEX64
            case 15 -> 128;                       // COMPLEX128
            case 21, 22, 23 -> 4;                 // UINT4, INT4, FLOAT4E2M1 (packed two per byte)
            case 25, 26 -> 2;                     // UINT2, INT2
            default -> 0;                         // UNDEFINED, STRING, unknown
        };
    }
}
