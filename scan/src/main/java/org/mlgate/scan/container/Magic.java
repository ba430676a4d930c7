package org.mlgate.scan.container;

import java.util.Optional;

/**
 * Strong signatures of formats that carry code or further members, used where bytes are checked but not
 * routed (e.g. the first bytes of PyTorch tensor storages, which are never read whole).
 */
final class Magic {
    private Magic() {
    }

    /** What {@code head} looks like, if it looks like something that could hide a payload. */
    static Optional<String> hiddenContent(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5 && plausibleAfterProto(head)) {
            return Optional.of("a pickle (protocol " + head[1] + ")");
        }
        if (startsWith(head, 'P', 'K', 3, 4)) {
            return Optional.of("a ZIP archive");
        }
        if (startsWith(head, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return Optional.of("a NumPy array");
        }
        if (startsWith(head, 0x1f, 0x8b, 8)) {
            return Optional.of("gzip data");
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return Optional.of("xz data");
        }
        if (startsWith(head, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
            return Optional.of("a 7z archive");
        }
        return Optional.empty();
    }

    /** Every pickle opcode of protocols 0-5; pickle.load fails on any other first byte before doing anything. */
    private static final String OPCODES = "(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrst)uGBC";

    /**
     * Whether pickle.load could do anything with bytes starting with {@code first}: a necessary condition
     * that does not depend on how lenient the pickle handler's own sniff is.
     */
    static boolean isPickleOpcode(int first) {
        return (first >= 0x80 && first <= 0x98) || (first < 0x80 && OPCODES.indexOf(first) >= 0);
    }

    /** Pickles written by Python start PROTO n, then FRAME (protocol 4+) or a container/global opcode. */
    private static boolean plausibleAfterProto(byte[] h) {
        int next = h[2] & 0xff;
        return next == 0x95 || next == '}' || next == ']' || next == '(' || next == 'c' || next == 0x8c
                || next == 'q' || next == 'X' || next == 'K' || next == 0x8a;
    }

    static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != (magic[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
