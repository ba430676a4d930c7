package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlgate.core.Problem;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * Members of a 7z archive whose folders use coders commons-compress does not have (PPMd, Zstandard, LZ4,
 * Brotli, ...), read with {@link SevenZipReader} and decoded with {@link SevenZipCoders}. A solid folder is
 * decoded once, front to back, and cut into its files; a member that cannot be decoded gets a problem
 * naming its coder, never a pass.
 */
final class SevenZipMembers {
    private SevenZipMembers() {
    }

    static void scan(Blob blob, SevenZipLayout layout, ScanContext ctx) throws ScanAbort {
        List<List<SevenZipLayout.File>> byFolder = new ArrayList<>();
        for (int i = 0; i < layout.folders().size(); i++) {
            byFolder.add(new ArrayList<>());
        }
        for (SevenZipLayout.File f : layout.files()) {
            ctx.checkTime();
            if (!SevenZipHandler.judgeEntry(f.name(), f.attributes(), ctx) || !f.hasStream()) {
                continue;
            }
            byFolder.get(f.folder()).add(f);
        }
        for (int i = 0; i < layout.folders().size(); i++) {
            if (!byFolder.get(i).isEmpty()) {
                folder(blob, layout.folders().get(i), byFolder.get(i), ctx);
            }
        }
    }

    private static void folder(Blob blob, SevenZipLayout.Folder folder, List<SevenZipLayout.File> files,
                               ScanContext ctx) throws ScanAbort {
        for (SevenZipLayout.Coder c : folder.coders()) {
            if (SevenZipCoders.isEncryption(c.methodId())) {
                for (SevenZipLayout.File f : files) {
                    String at = MemberNames.printable(f.name());
                    ctx.report(ScanRules.ENCRYPTED_MEMBER, -1, at, "member '" + at + "' is AES-encrypted and cannot "
                            + "be inspected; it is not loadable without the password");
                }
                return;
            }
        }
        InputStream decoded;
        try {
            decoded = SevenZipCoders.open(blob, folder, (long) CompressedStreamHandler.DECODER_MEMORY_KIB << 10);
        } catch (SevenZipCoders.UnsupportedCoder e) {
            for (SevenZipLayout.File f : files) {
                ctx.problem(Problem.Kind.UNSUPPORTED, -1, "7z member " + MemberNames.printable(f.name())
                        + " uses coder " + e.getMessage() + "; its content is not judged");
            }
            return;
        } catch (SevenZipCoders.OverMemory e) {
            for (SevenZipLayout.File f : files) {
                ctx.problem(Problem.Kind.BUDGET, -1, "7z member " + MemberNames.printable(f.name())
                        + " was not analysed: " + e.getMessage());
            }
            return;
        } catch (IOException | RuntimeException e) {
            for (SevenZipLayout.File f : files) {
                ctx.problem(Problem.Kind.MALFORMED, -1, "7z member " + MemberNames.printable(f.name())
                        + " cannot be decoded (" + coders(folder) + "): " + CompressedStreamHandler.message(e));
            }
            return;
        }
        try (decoded) {
            members(blob, folder, files, decoded, ctx);
        } catch (IOException e) {
            // closing decoders over memory does not fail in practice
            ctx.problem(Problem.Kind.IO, -1, "closing a 7z decoder: " + CompressedStreamHandler.message(e));
        }
    }

    private static void members(Blob blob, SevenZipLayout.Folder folder, List<SevenZipLayout.File> files,
                                InputStream decoded, ScanContext ctx) throws ScanAbort {
        String failed = null;
        for (SevenZipLayout.File f : files) {
            String at = MemberNames.printable(f.name());
            if (failed != null) {
                ctx.problem(Problem.Kind.MALFORMED, -1, "7z member " + at + " was not decoded: " + failed
                        + " earlier in its solid block");
                continue;
            }
            ctx.checkTime();
            Bounded content = new Bounded(decoded, f.size());
            Optional<Expansion> x = Expansion.of(f.name(), content, blob.size(), -1, at, ctx);
            if (x.isEmpty()) {
                failed = "a member was over budget";
                continue;
            }
            Expansion e = x.get();
            e.reportError("7z member " + at + " (" + coders(folder) + ") is corrupt or truncated", -1, ctx);
            if (e.error() != null) {
                failed = "decoding failed";
            } else if (e.blob().size() < f.size()) {
                ctx.problem(Problem.Kind.MALFORMED, -1, "7z member " + at + " (" + coders(folder) + ") ends after "
                        + e.blob().size() + " of its " + f.size() + " bytes");
                failed = "the data ended";
            } else if (content.skipped) {
                failed = "a member was not read to its end";
            }
            if (e.blob().size() > 0) {
                Members.route(f.name(), e.blob(), ctx);
            }
        }
    }

    private static String coders(SevenZipLayout.Folder folder) {
        StringBuilder b = new StringBuilder();
        for (SevenZipLayout.Coder c : folder.coders()) {
            b.append(b.isEmpty() ? "" : " + ").append(c.describe());
        }
        return b.toString();
    }

    /** One file's share of a folder's output; closing it does not close the folder's decoder. */
    private static final class Bounded extends BulkInputStream {
        private final InputStream in;
        private long left;
        private boolean skipped;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // Spill may stop early (bomb); what is left of this file can then not be skipped reliably
            skipped = left > 0;
        }
    }
}
