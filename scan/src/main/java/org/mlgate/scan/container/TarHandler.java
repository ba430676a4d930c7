package org.mlgate.scan.container;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * tar archives (ustar, GNU, pax, v7; legacy PyTorch checkpoints were tars). Headers are parsed by
 * commons-compress; member data is a zero-copy slice of the file (tar stores it contiguously), except
 * for sparse members, which are expanded through the budgets.
 */
public final class TarHandler implements FormatHandler {
    private static final int BLOCK = 512;
    private static final int VERIFY = 16;

    @Override
    public String id() {
        return "tar";
    }

    /** A first header whose checksum is right and whose name is not empty (what Python's tarfile checks). */
    @Override
    public boolean sniff(Blob blob) {
        if (blob.size() < BLOCK || blob.u8(0) == 0) {
            return false;
        }
        byte[] h = blob.head(BLOCK);
        long recorded = octal(h, 148, 8);
        if (recorded < 0) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += b;
        }
        return recorded == unsigned || recorded == signed;
    }

    /** An octal field (NUL/space padded) or -1. */
    private static long octal(byte[] h, int off, int len) {
        long v = 0;
        int digits = 0;
        int i = off;
        while (i < off + len && h[i] == ' ') {
            i++;
        }
        for (; i < off + len; i++) {
            int c = h[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
                digits++;
            } else if (c == 0 || c == ' ') {
                break;
            } else {
                return -1;
            }
        }
        return digits == 0 ? -1 : v;
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        SegmentInputStream raw = new SegmentInputStream(blob.data());
        int count = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = next(tar, raw)) != null) {
                ctx.checkTime();
                if (++count > ctx.budgets().maxMembers()) {
                    throw ScanAbort.budget(raw.position(), "archive has more than " + ctx.budgets().maxMembers()
                            + " members");
                }
                member(blob, raw, tar, e, ctx);
            }
        } catch (IOException e) {
            throw ScanAbort.malformed(raw.position(), "tar stream: " + CompressedStreamHandler.message(e));
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, SegmentInputStream raw) throws ScanAbort {
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw ScanAbort.malformed(raw.position(), "bad tar header: " + CompressedStreamHandler.message(e));
        }
    }

    private static void member(Blob blob, SegmentInputStream raw, TarArchiveInputStream tar, TarArchiveEntry e,
                               ScanContext ctx) throws ScanAbort, IOException {
        long header = raw.position() - BLOCK;
        String name = e.getName();
        String at = MemberNames.printable(name);
        MemberNames.escape(name).ifPresent(why -> ctx.report(ScanRules.ZIP_SLIP, header, at,
                "member name '" + at + "' escapes the extraction directory: " + why));
        if (e.isSymbolicLink() || e.isLink()) {
            ctx.report(ScanRules.SYMLINK, header, at, "member '" + at + "' is a " + (e.isLink() ? "hard" : "symbolic")
                    + " link to '" + MemberNames.printable(e.getLinkName()) + "'");
            return;
        }
        if (!e.isFile() || e.getSize() == 0) {
            return;
        }
        long start = raw.position();
        if (!e.isSparse() && !LittleEndian.fits(blob, start, e.getSize())) {
            throw ScanAbort.malformed(start, "tar member " + at + " of " + e.getSize()
                    + " bytes runs past the end of the file");
        }
        // The tar reader has consumed exactly the headers, so the raw position is the data start; the
        // first bytes are compared with what the reader returns to be sure before slicing.
        byte[] head = readHead(tar, (int) Math.min(VERIFY, e.getSize()));
        if (!e.isSparse() && Arrays.equals(head, blob.head(start, head.length)) && head.length == Math.min(VERIFY,
                e.getSize())) {
            Members.route(name, blob.slice(name, start, e.getSize()), ctx);
            return;
        }
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(head), new FilterInputStream(tar) {
            @Override
            public void close() {
                // the tar stream goes on to the next member
            }
        });
        Optional<Expansion> x = Expansion.of(name, rest, Math.max(1, e.getSize()), header, at, ctx);
        if (x.isEmpty()) {
            return;
        }
        x.get().reportError("tar member " + at + " is truncated", header, ctx);
        if (x.get().blob().size() > 0) {
            Members.route(name, x.get().blob(), ctx);
        }
    }

    private static byte[] readHead(InputStream in, int max) throws IOException {
        byte[] buf = new byte[max];
        int n = 0;
        int k;
        while (n < max && (k = in.read(buf, n, max - n)) > 0) {
            n += k;
        }
        return Arrays.copyOf(buf, n);
    }
}
