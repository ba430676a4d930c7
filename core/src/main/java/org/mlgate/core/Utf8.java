package org.mlgate.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for files whose format says UTF-8. Handing raw bytes to Jackson lets it guess UTF-16 or UTF-32
 * from leading NULs and then fail with an I/O error, so a malformed file read as "could not read" (exit 3); decoded
 * here first, it is refused as what it is.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The text of {@code bytes}; malformed or unmappable input throws. */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
