package org.mlgate.scan.container;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import io.airlift.compress.v3.zstd.ZstdInputStream;
import org.mlgate.core.Problem;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * zstd (pure-Java decoder from aircompressor). Frames are walked first so that oversized windows are
 * refused before any allocation; only complete data frames are decoded, a damaged tail is a problem.
 */
public final class ZstdHandler extends CompressedStreamHandler {
    @Override
    public String id() {
        return "zstd";
    }

    @Override
    public boolean sniff(Blob blob) {
        return blob.size() >= 9 && Magic.startsWith(blob.head(4), 0x28, 0xb5, 0x2f, 0xfd);
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        ZstdFrames frames = ZstdFrames.walk(blob, ctx::checkTime);
        if (frames.problem() != null) {
            ctx.problem(Problem.Kind.MALFORMED, frames.end(), "zstd stream: " + frames.problem()
                    + "; only the complete frames before it are analysed");
        }
        if (frames.frames().isEmpty()) {
            return;
        }
        super.scan(blob, ctx);
    }

    @Override
    InputStream open(Blob blob) throws ScanAbort {
        // Walked again (cheap, no decoding) so open() stays self-contained.
        List<InputStream> parts = ZstdFrames.walk(blob, () -> { }).frames().stream()
                .map(f -> (InputStream) new SegmentInputStream(blob.data().asSlice(f[0], f[1] - f[0]))).toList();
        return new ZstdInputStream(new SequenceInputStream(Collections.enumeration(parts)));
    }
}
