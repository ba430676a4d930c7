package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * A single compressed stream (gzip, bzip2, xz, lzma, zlib, zstd) as joblib and friends write them: the
 * payload is decoded through {@link Expansion} (budgets, bomb check) and routed by content. A payload cut
 * short by corrupt or truncated input is still scanned, because pickle.load on the decompressing stream
 * runs the opcodes it gets before the error.
 */
abstract class CompressedStreamHandler implements FormatHandler {
    /** Memory a decoder may use for its dictionary or window (xz -9 needs 65 MiB). */
    static final int DECODER_MEMORY_KIB = 128 * 1024;

    /** Opens the decoder over the blob; may read and check the stream header. */
    abstract InputStream open(Blob blob) throws IOException, ScanAbort;

    String payloadName() {
        return "(" + id() + " payload)";
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        InputStream decoder;
        try {
            decoder = open(blob);
        } catch (org.tukaani.xz.MemoryLimitException | org.apache.commons.compress.MemoryLimitException e) {
            throw ScanAbort.budget(0, id() + " stream needs more decoder memory than the limit of "
                    + DECODER_MEMORY_KIB / 1024 + " MiB: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw ScanAbort.malformed(0, id() + " header is invalid: " + message(e));
        }
        Optional<Expansion> x = Expansion.of(payloadName(), decoder, blob.size(), 0, null, ctx);
        if (x.isEmpty()) {
            return;
        }
        x.get().reportError(id() + " stream is corrupt or truncated", -1, ctx);
        Blob payload = x.get().blob();
        if (payload.size() == 0) {
            return;
        }
        if (ctx.sniff(payload).isEmpty()) {
            ctx.report(ScanRules.NOT_A_MODEL, -1, payloadName(), "the " + payload.size() + " decompressed bytes are "
                    + "not a recognised format and not a pickle");
            return;
        }
        ctx.scanMember(payloadName(), payload);
    }

    static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
