package org.mlgate.scan.proto;

/** Protobuf wire types; groups (3, 4) are recognised only to be rejected. */
public final class WireType {
    public static final int VARINT = 0;
    public static final int I64 = 1;
    public static final int LEN = 2;
    public static final int SGROUP = 3;
    public static final int EGROUP = 4;
    public static final int I32 = 5;

    private WireType() {
    }

    static String name(int wireType) {
        return switch (wireType) {
            case VARINT -> "varint";
            case I64 -> "fixed64";
            case LEN -> "length-delimited";
            case SGROUP -> "start-group";
            case EGROUP -> "end-group";
            case I32 -> "fixed32";
            default -> "invalid wire type " + wireType;
        };
    }
}
