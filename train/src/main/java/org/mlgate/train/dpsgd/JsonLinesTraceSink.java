package org.mlgate.train.dpsgd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes each {@link TraceRecord} as one line of JSON (Jackson, typed record), UTF-8. */
public final class JsonLinesTraceSink implements TraceSink {
    private static final ObjectWriter WRITER = new ObjectMapper().writerFor(TraceRecord.class);
    private final Writer out;

    public JsonLinesTraceSink(Writer out) {
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out);
    }

    /** Creates (or truncates) {@code file}. */
    public static JsonLinesTraceSink create(Path file) throws IOException {
        return new JsonLinesTraceSink(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    @Override
    public void write(TraceRecord record) throws IOException {
        out.write(WRITER.writeValueAsString(record));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
