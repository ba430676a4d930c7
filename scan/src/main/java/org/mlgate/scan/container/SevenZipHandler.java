package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration;
import org.mlgate.core.Problem;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * 7z archives. {@link SevenZipReader} reads the structure first; when every folder's coders are in
 * commons-compress's table, commons-compress reads the mapped file through a channel (no copy) with the
 * decoder memory capped, otherwise {@link SevenZipMembers} decodes the folders itself (PPMd, Zstandard,
 * LZ4) and names any coder it cannot decode. Members are decoded in archive order (solid blocks are
 * decoded once) through the budgets; encrypted members are reported, not guessed at.
 */
public final class SevenZipHandler implements FormatHandler {
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    private static final int UNIX_EXTENSION = 0x8000;
    private static final int REPARSE_POINT = 0x400;

    @Override
    public String id() {
        return "7z";
    }

    @Override
    public boolean sniff(Blob blob) {
        return blob.size() >= 32 && Magic.startsWith(blob.head(6), '7', 'z', 0xbc, 0xaf, 0x27, 0x1c);
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        SevenZipLayout layout = layout(blob, ctx);
        if (layout != null && !layout.folders().stream().allMatch(SevenZipCoders::commonsReads)) {
            SevenZipMembers.scan(blob, layout, ctx);
            return;
        }
        try (SevenZFile z = open(blob, ctx)) {
            if (z == null) {
                return;
            }
            List<SevenZArchiveEntry> entries = new ArrayList<>();
            z.getEntries().forEach(entries::add);
            if (entries.size() > ctx.budgets().maxMembers()) {
                throw ScanAbort.budget(-1, "archive has " + entries.size() + " members, more than the budget of "
                        + ctx.budgets().maxMembers());
            }
            SevenZArchiveEntry e;
            while ((e = next(z)) != null) {
                ctx.checkTime();
                member(z, e, blob, ctx);
            }
        } catch (IOException e) {
            // closing a read-only channel over memory does not fail in practice
            ctx.problem(Problem.Kind.IO, -1, "closing 7z archive: " + CompressedStreamHandler.message(e));
        }
    }

    /**
     * Our own reading of the structure, to see which coders the folders use; null when it fails (an
     * encrypted header, or a structure commons-compress then reports in its own words).
     */
    private static SevenZipLayout layout(Blob blob, ScanContext ctx) throws ScanAbort {
        try {
            return SevenZipReader.read(blob, ctx.budgets().maxMembers(),
                    (long) CompressedStreamHandler.DECODER_MEMORY_KIB << 10, ctx::checkTime);
        } catch (ScanAbort e) {
            if (e.kind() == Problem.Kind.BUDGET && !(e instanceof SevenZipReader.EncryptedHeader)) {
                throw e;
            }
            return null;
        }
    }

    /** Opens the archive; an encrypted header is reported and yields null. */
    private static SevenZFile open(Blob blob, ScanContext ctx) throws ScanAbort {
        try {
            return SevenZFile.builder().setSeekableByteChannel(new SegmentChannel(blob.data()))
                    .setMaxMemoryLimitKiB(CompressedStreamHandler.DECODER_MEMORY_KIB)
                    .setUseDefaultNameForUnnamedEntries(true).setDefaultName("(unnamed)")
                    .setTryToRecoverBrokenArchives(false).get();
        } catch (PasswordRequiredException e) {
            ctx.report(ScanRules.ENCRYPTED_MEMBER, -1, null, "the 7z archive's header is encrypted: its member list "
                    + "and content cannot be inspected without the password");
            return null;
        } catch (org.apache.commons.compress.MemoryLimitException e) {
            throw ScanAbort.budget(-1, "7z archive needs more than " + CompressedStreamHandler.DECODER_MEMORY_KIB / 1024
                    + " MiB to open: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw ScanAbort.malformed(-1, "7z archive: " + CompressedStreamHandler.message(e));
        }
    }

    private static SevenZArchiveEntry next(SevenZFile z) throws ScanAbort {
        try {
            return z.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw ScanAbort.malformed(-1, "7z archive: " + CompressedStreamHandler.message(e));
        }
    }

    private static void member(SevenZFile z, SevenZArchiveEntry e, Blob blob, ScanContext ctx) throws ScanAbort {
        String name = e.getName();
        long attributes = e.getHasWindowsAttributes() ? e.getWindowsAttributes() & 0xFFFFFFFFL : -1;
        if (!judgeEntry(name, attributes, ctx) || e.isDirectory() || e.isAntiItem() || !e.hasStream()) {
            return;
        }
        String at = MemberNames.printable(name);
        if (encrypted(e)) {
            ctx.report(ScanRules.ENCRYPTED_MEMBER, -1, at, "member '" + at + "' is AES-encrypted and cannot be "
                    + "inspected; it is not loadable without the password");
            return;
        }
        InputStream content = new InputStream() {
            @Override
            public int read() throws IOException {
                return z.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return z.read(b, off, len);
            }
        };
        // Per-member packed sizes are unknown in solid blocks; the whole file bounds the ratio.
        Optional<Expansion> x = Expansion.of(name, content, blob.size(), -1, at, ctx);
        if (x.isEmpty()) {
            return;
        }
        x.get().reportError("7z member " + at + " is corrupt or truncated", -1, ctx);
        if (x.get().blob().size() > 0) {
            Members.route(name, x.get().blob(), ctx);
        }
    }

    /**
     * The checks on a member's name and attributes (escaping names, links); false when the member is a
     * link, whose content is not data.
     *
     * @param attributes Windows attributes, -1 if none
     */
    static boolean judgeEntry(String name, long attributes, ScanContext ctx) {
        String at = MemberNames.printable(name);
        MemberNames.escape(name).ifPresent(why -> ctx.report(ScanRules.ZIP_SLIP, -1, at,
                "member name '" + at + "' escapes the extraction directory: " + why));
        if (isLink(attributes)) {
            ctx.report(ScanRules.SYMLINK, -1, at, "member '" + at + "' is a symbolic link or reparse point");
            return false;
        }
        return true;
    }

    private static boolean isLink(long attributes) {
        if (attributes < 0) {
            return false;
        }
        int a = (int) attributes;
        return (a & REPARSE_POINT) != 0 || ((a & UNIX_EXTENSION) != 0 && ((a >>> 16) & S_IFMT) == S_IFLNK);
    }

    private static boolean encrypted(SevenZArchiveEntry e) {
        Iterable<? extends SevenZMethodConfiguration> methods = e.getContentMethods();
        if (methods == null) {
            return false;
        }
        for (SevenZMethodConfiguration m : methods) {
            if (m.getMethod() == SevenZMethod.AES256SHA256) {
                return true;
            }
        }
        return false;
    }
}
