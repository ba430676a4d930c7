package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a decoding stream at its first error and remembers the error. Streaming loaders (pickle.load on
 * a gzip or zip stream) run the opcodes they got before the error, so the bytes decoded up to that
 * point must still be scanned; the error itself is reported as a problem.
 */
final class StopOnErrorStream extends BulkInputStream {
    private final InputStream in;
    private IOException error;
    private RuntimeException bug;

    StopOnErrorStream(InputStream in) {
        this.in = in;
    }

    /** The decoding error that ended the stream, or null if it ended normally. */
    IOException error() {
        return error;
    }

    boolean failed() {
        return error != null || bug != null;
    }

    String failureMessage() {
        Exception e = error != null ? error : bug;
        if (e == null) {
            return null;
        }
        String m = e.getMessage();
        return (m == null || m.isBlank()) ? e.getClass().getSimpleName() : m;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (failed()) {
            return -1;
        }
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            error = e;
            return -1;
        } catch (RuntimeException e) {
            // Decoder libraries signal some corrupt input with IllegalArgument/IllegalState/IndexOutOfBounds.
            bug = e;
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
