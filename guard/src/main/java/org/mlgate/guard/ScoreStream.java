package org.mlgate.guard;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.mlgate.core.IncompleteException;

/**
 * {@code mlgate guard score}: JSON Lines in (each an object with a string {@code text}), one decision line out
 * per input line, in order. A line that cannot be read (not JSON, no string {@code text}, longer than
 * {@link #MAX_LINE_BYTES}, not UTF-8) gives {@code {"line": N, "error": "..."}} in its place so the output stays aligned; the
 * caller learns how many there were. Blank lines are input lines too (reported as errors), so line numbers match.
 */
public final class ScoreStream {
    public static final int MAX_LINE_BYTES = 4 << 20;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_LINE_BYTES).maxNestingDepth(64).build());
    }

    /** Lines read, and how many of them could not be scored. */
    public record Result(int lines, int unreadable) {
    }

    private ScoreStream() {
    }

    public static Result run(Guard guard, boolean outputRails, InputStream in, PrintStream out) {
        InputStream buffered = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int line = 0;
        int bad = 0;
        try {
            while (true) {
                b.reset();
                boolean tooLong = false;
                int c;
                while ((c = buffered.read()) >= 0 && c != '\n') {
                    if (b.size() < MAX_LINE_BYTES) {
                        b.write(c);
                    } else {
                        tooLong = true;
                    }
                }
                if (c < 0 && b.size() == 0 && !tooLong) {
                    break;
                }
                line++;
                String error = null;
                String text = null;
                if (tooLong) {
                    error = "line longer than " + MAX_LINE_BYTES + " bytes";
                } else {
                    try {
                        JsonNode node = JSON.readTree(utf8.decode(ByteBuffer.wrap(b.toByteArray())).toString());
                        JsonNode t = node == null ? null : node.get("text");
                        if (t == null || !t.isTextual()) {
                            error = "not a JSON object with a string \"text\"";
                        } else {
                            text = t.textValue();
                        }
                    } catch (CharacterCodingException e) {
                        error = "not valid UTF-8";
                    } catch (JacksonException e) {
                        error = "not JSON: " + e.getOriginalMessage();
                    }
                }
                if (error != null) {
                    bad++;
                    out.println(DecisionJson.error(line, error));
                } else {
                    Decision d = outputRails ? guard.checkOutput(text) : guard.checkInput(text);
                    out.println(DecisionJson.of(d, line));
                }
                if (c < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new IncompleteException("cannot read the prompts after line " + line + ": " + e.getMessage(), e);
        }
        out.flush();
        return new Result(line, bad);
    }
}
