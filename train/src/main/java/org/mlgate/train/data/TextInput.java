package org.mlgate.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mlgate.core.IncompleteException;

/** Reads a data file into text: at most {@code maxBytes}, strict UTF-8, a leading byte-order mark dropped. */
final class TextInput {
    private TextInput() {
    }

    static byte[] readBounded(Path file, ReadLimits limits) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
            if (data.length > limits.maxBytes()) {
                throw DataErrors.of(file.toString(), "larger than the limit of " + limits.maxBytes() + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + file + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
    }

    /** Decodes UTF-8 strictly; a malformed byte is an error naming its line and column. */
    static String decode(byte[] data, String source, ReadLimits limits) {
        if (data.length > limits.maxBytes()) {
            throw DataErrors.of(source, "larger than the limit of " + limits.maxBytes() + " bytes");
        }
        int start = data.length >= 3 && (data[0] & 0xff) == 0xef && (data[1] & 0xff) == 0xbb
                && (data[2] & 0xff) == 0xbf ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(data, start, data.length - start);
        try {
            CharBuffer out = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in);
            return out.toString();
        } catch (MalformedInputException e) {
            int bad = in.position();
            int line = 1;
            int lineStart = start;
            for (int i = start; i < bad && i < data.length; i++) {
                if (data[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw DataErrors.at(source, line, bad - lineStart + 1, "not valid UTF-8 (byte offset " + bad + ")");
        } catch (CharacterCodingException e) {
            throw DataErrors.of(source, "not valid UTF-8");
        }
    }

    /**
     * The lines of {@code text} (LF or CRLF; line {@code i + 1} is element {@code i}), each checked against the
     * line-length limit, naming the line that breaks it.
     */
    static java.util.List<String> lines(String text, String source, ReadLimits limits) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            int next = nl < 0 ? text.length() : nl + 1;
            if (end > pos && text.charAt(end - 1) == '\r') {
                end--;
            }
            if (end - pos > limits.maxLineChars()) {
                throw DataErrors.at(source, out.size() + 1, limits.maxLineChars() + 1, "line longer than the limit of "
                        + limits.maxLineChars() + " characters");
            }
            out.add(text.substring(pos, end));
            pos = next;
        }
        return out;
    }
}
