package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.mlgate.core.Problem;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.engine.Spill;

/**
 * Decoded bytes of a compressed stream, materialised through {@link Spill} (which charges the per-file
 * budget and stops bombs early).
 *
 * @param blob  what was decoded, possibly only a prefix
 * @param error why decoding stopped early (corrupt or truncated input, decoder memory limit), or null
 * @param overMemory true when the decoder stopped at its memory limit rather than at bad data
 */
record Expansion(Blob blob, String error, boolean overMemory) {

    /**
     * Decodes {@code decoder} fully. A bomb is reported ({@link ScanRules#BOMB}) together with a budget
     * problem, because the payload was not analysed, and yields empty. Decoding errors do not throw: the
     * prefix decoded so far is returned with the error, since streaming loaders act on that prefix too.
     */
    static Optional<Expansion> of(String name, InputStream decoder, long compressedSize, long offset, String at,
                                  ScanContext ctx) throws ScanAbort {
        StopOnErrorStream in = new StopOnErrorStream(decoder);
        try (in) {
            Blob b = ctx.spill().read(name, in, compressedSize, ctx.budgets().maxDecompressed(), ctx);
            return Optional.of(new Expansion(b, in.failureMessage(), isMemoryLimit(in)));
        } catch (Spill.BombException e) {
            ctx.report(ScanRules.BOMB, offset, at, MemberNames.printable(name) + " " + e.getMessage());
            ctx.problem(Problem.Kind.BUDGET, offset, MemberNames.printable(name) + " was not analysed: it "
                    + e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            ctx.problem(Problem.Kind.IO, offset, "cannot hold the decompressed " + MemberNames.printable(name) + ": "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** Records the decoding error, if any, as a problem of the enclosing stream. */
    void reportError(String what, long offset, ScanContext ctx) {
        if (error != null) {
            ctx.problem(overMemory ? Problem.Kind.BUDGET : Problem.Kind.MALFORMED, offset, what + " after "
                    + blob.size() + " decoded bytes: " + error);
        }
    }

    static boolean isMemoryLimit(StopOnErrorStream in) {
        return in.error() instanceof org.tukaani.xz.MemoryLimitException
                || in.error() instanceof org.apache.commons.compress.MemoryLimitException;
    }
}
