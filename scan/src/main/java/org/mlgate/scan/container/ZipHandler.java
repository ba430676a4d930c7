package org.mlgate.scan.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.pickle.PickleHandler;
import org.mlgate.scan.keras.KerasArchive;
import org.mlgate.scan.keras.KerasConfigHandler;

/**
 * ZIP archives: PyTorch checkpoints, NumPy .npz, anything zipped. Members are read the way PyTorch reads
 * them (central directory names, data right after the local header, CRC and flag bits ignored) so that
 * what is scanned is what gets loaded; everything a strict reader would object to is reported as
 * {@link ScanRules#ZIP_ANOMALY}. Stored members are zero-copy slices; tensor storages are never read.
 */
public final class ZipHandler implements FormatHandler {
    /** Members up to this size get their CRC checked (they are read whole anyway). */
    static final long CRC_LIMIT = 16L << 20;
    /** Bytes of a tensor storage looked at for hidden content. */
    static final int STORAGE_HEAD = 64;
    static final String PREPENDED = "(data before archive)";
    /** ZipCrypto prefixes the data with a 12-byte encryption header. */
    private static final int ZIPCRYPTO_HEADER = 12;

    @Override
    public String id() {
        return "zip";
    }

    private static final byte[] LOCAL_MAGIC = {'P', 'K', 3, 4};

    @Override
    public boolean sniff(Blob blob) {
        return ZipDirectory.sniff(blob);
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        ZipDirectory dir = ZipDirectory.read(blob, ctx.budgets().maxMembers(), ctx::checkTime);
        AnomalyLog log = new AnomalyLog(ctx, ScanRules.ZIP_ANOMALY);
        for (ZipDirectory.Anomaly a : dir.anomalies()) {
            log.report("structure", a.offset(), a.at(), a.message());
        }
        if (dir.prepended() > 0) {
            // Whatever precedes the archive is what a loader that reads from byte 0 (pickle.load) sees.
            ctx.scanMember(PREPENDED, blob.slice(PREPENDED, 0, dir.prepended()));
        }
        if (!blob.startsWith(LOCAL_MAGIC)) {
            // torch.load, numpy.load and joblib only take the zip path when "PK\3\4" is at byte 0; otherwise
            // they unpickle from byte 0, and that pickle may run through the archive (its tail in the EOCD comment).
            PickleHandler.alsoAsPickle(blob, ctx);
        }
        checkNames(dir.entries(), ctx, log);
        checkOverlaps(dir.entries(), log, ctx);

        PyTorchLayout torch = PyTorchLayout.of(dir.entries());
        ScanContext members = ctx;
        if (torch.torchScript()) {
            ctx.report(ScanRules.TORCHSCRIPT_CODE, -1, String.join(",", torch.prefixes().stream().sorted().toList()),
                    "TorchScript archive: " + torch.codeFiles() + " code file(s)"
                            + (torch.constantsPrefixes().isEmpty() ? "" : " and constants.pkl")
                            + "; torch.jit.load compiles and runs this code");
            members = ctx.withTrait("torchscript");
        }
        if (TorchPackageLayout.isPackage(dir.entries())) {
            List<ZipEntry> code = TorchPackageLayout.sourceMembers(dir.entries());
            ctx.refineFormat("torch-package");
            for (ZipEntry e : code) {
                ctx.report(ScanRules.TORCH_PACKAGE_CODE, e.localHeaderOffset(), MemberNames.printable(e.name()),
                        "torch.package archive bundles Python source " + MemberNames.printable(e.name())
                                + " (" + e.size() + " bytes): PackageImporter imports and runs it when "
                                + "the package's pickles are loaded");
            }
        }
        boolean keras = KerasArchive.isKeras(dir.entries().stream().map(ZipEntry::name).toList());
        if (keras) {
            ctx.refineFormat(KerasArchive.FORMAT);
        }
        for (ZipEntry e : dir.entries()) {
            ctx.checkTime();
            member(blob, e, torch, keras, members, log);
        }
        log.summarise();
    }

    private static void checkNames(List<ZipEntry> entries, ScanContext ctx, AnomalyLog log) throws ScanAbort {
        Map<String, Integer> seen = new HashMap<>();
        for (ZipEntry e : entries) {
            ctx.checkTime();
            String at = MemberNames.printable(e.name());
            MemberNames.escape(e.name()).ifPresent(why -> ctx.report(ScanRules.ZIP_SLIP, e.localHeaderOffset(), at,
                    "member name '" + at + "' escapes the extraction directory: " + why));
            if (e.name().indexOf('\0') >= 0) {
                log.report("nul-in-name", e.localHeaderOffset(), at, "member name contains a NUL byte; Python's "
                        + "zipfile cuts the name there, other readers do not");
            }
            Integer first = seen.putIfAbsent(e.name(), e.index());
            if (first != null) {
                log.report("duplicate-name", e.localHeaderOffset(), at, "member name '" + at + "' appears more than "
                        + "once (entries " + first + " and " + e.index() + "); loaders differ in which copy they use");
            }
        }
    }

    /** Members whose byte ranges overlap: a strict writer never produces this (overlap bombs, hidden data). */
    private static void checkOverlaps(List<ZipEntry> entries, AnomalyLog log, ScanContext ctx) throws ScanAbort {
        List<ZipEntry> sorted = new ArrayList<>(entries.stream().filter(e -> e.dataOffset() >= 0).toList());
        sorted.sort(Comparator.comparingLong(ZipEntry::localHeaderOffset));
        ZipEntry reach = null;
        for (ZipEntry e : sorted) {
            ctx.checkTime();
            if (reach != null && e.localHeaderOffset() < reach.end()) {
                log.report("overlap", e.localHeaderOffset(), MemberNames.printable(e.name()), "member '"
                        + MemberNames.printable(e.name()) + "' (bytes " + e.localHeaderOffset() + ".." + e.end()
                        + ") overlaps member '" + MemberNames.printable(reach.name()) + "' (bytes "
                        + reach.localHeaderOffset() + ".." + reach.end() + ")");
            }
            if (reach == null || e.end() > reach.end()) {
                reach = e;
            }
        }
    }

    static final int METHOD_BZIP2 = 12;
    static final int METHOD_LZMA = 14;
    /** LZMA dictionaries above this are refused before any allocation (a 4 GiB dictionary is a memory bomb). */
    private static final int MAX_LZMA_DICT = 128 << 20;

    private static String methodName(int method) {
        return switch (method) {
            case METHOD_BZIP2 -> "bzip2";
            case METHOD_LZMA -> "LZMA";
            default -> "deflate";
        };
    }

    /**
     * The member's decoder. bzip2 (12) and LZMA (14) are what Python's zipfile (numpy.load on an .npz) reads
     * besides deflate; PyTorch's reader refuses them, so for a checkpoint they also mean "torch.load fails".
     */
    private static InputStream decoder(ZipEntry e, Blob packed) throws IOException {
        return switch (e.method()) {
            case METHOD_BZIP2 -> new BZip2CompressorInputStream(new SegmentInputStream(packed.data()), false);
            case METHOD_LZMA -> lzma(e, packed);
            default -> InflatingStream.rawDeflate(packed.data());
        };
    }

    /** ZIP's LZMA: version (2), properties size (2, = 5), properties (lc/lp/pb byte, dictionary size), stream. */
    private static InputStream lzma(ZipEntry e, Blob packed) throws IOException {
        if (packed.size() < 9 || packed.u8(2) != 5 || packed.u8(3) != 0) {
            throw new IOException("LZMA header is not 'version, 5, properties'");
        }
        byte props = (byte) packed.u8(4);
        int dict = packed.u8(5) | packed.u8(6) << 8 | packed.u8(7) << 16 | packed.u8(8) << 24;
        if (dict < 0 || dict > MAX_LZMA_DICT) {
            throw new IOException("LZMA dictionary of " + Integer.toUnsignedString(dict) + " bytes is above the "
                    + MAX_LZMA_DICT + "-byte cap");
        }
        // Flag bit 1: the stream ends with an end marker; otherwise its size is the central directory's.
        long size = (e.flags() & 2) != 0 ? -1 : e.size();
        return new org.tukaani.xz.LZMAInputStream(new SegmentInputStream(packed.data().asSlice(9)), size, props, dict);
    }

    private static void member(Blob blob, ZipEntry e, PyTorchLayout torch, boolean keras, ScanContext ctx,
            AnomalyLog log)
            throws ScanAbort {
        String at = MemberNames.printable(e.name());
        long where = e.localHeaderOffset();
        if (e.localProblem() != null) {
            ctx.problem(Problem.Kind.MALFORMED, where, "member " + at + " cannot be read: " + e.localProblem());
            return;
        }
        if (e.localNameDiffers()) {
            log.report("local-name", where, at, "local header names the member '" + MemberNames.printable(
                    ZipDirectory.decodeName(e.localRawName(), e.flags())) + "', the central directory '" + at
                    + "'; PyTorch and NumPy go by the central directory");
        }
        if ((e.flags() & ZipEntry.FLAG_PATCHED) != 0) {
            log.report("flag-bits", where, at, "flag 0x20 (patched data) is set; PyTorch ignores it and reads the "
                    + "member as usual");
        }
        if (e.isSymlink()) {
            ctx.report(ScanRules.SYMLINK, where, at, "member '" + at + "' is a symbolic link" + linkTarget(blob, e)
                    + "; extracting it can redirect later writes");
            return;
        }
        if (e.isDirectory()) {
            return;
        }
        if (e.method() == ZipEntry.METHOD_AES) {
            ctx.report(ScanRules.ENCRYPTED_MEMBER, where, at, "member '" + at + "' is AES-encrypted (method 99) and "
                    + "cannot be inspected; it is not loadable without the password");
            return;
        }
        if (!LittleEndian.fits(blob, e.dataOffset(), e.compressedSize())) {
            ctx.problem(Problem.Kind.MALFORMED, where, "member " + at + ": its " + e.compressedSize()
                    + " bytes of data at offset " + e.dataOffset() + " run past the end of the file");
            return;
        }
        if (torch.isStorage(e.name())) {
            storage(blob, e, ctx, log);
            return;
        }
        Blob data;
        switch (e.method()) {
            case ZipEntry.METHOD_STORED -> {
                if (!LittleEndian.fits(blob, e.dataOffset(), e.size())) {
                    ctx.problem(Problem.Kind.MALFORMED, where, "stored member " + at + " of " + e.size()
                            + " bytes runs past the end of the file");
                    return;
                }
                data = blob.slice(e.name(), e.dataOffset(), e.size());
                boolean zipCryptoSizes = e.compressedSize() == e.size() + ZIPCRYPTO_HEADER;
                if (e.encryptionFlagged()) {
                    if (zipCryptoSizes && !recognised(data, ctx)) {
                        encrypted(e, ctx, "its data is not in any recognised format");
                        return;
                    }
                    readableDespiteFlag(e, log);
                }
                if (e.compressedSize() != e.size() && !(e.encryptionFlagged() && zipCryptoSizes)) {
                    log.report("size", where, at, "stored member has compressed size " + e.compressedSize()
                            + " but size " + e.size() + "; PyTorch reads " + e.size() + " bytes");
                }
            }
            case ZipEntry.METHOD_DEFLATED, METHOD_BZIP2, METHOD_LZMA -> {
                Blob packed = blob.slice(e.name(), e.dataOffset(), e.compressedSize());
                InputStream decoder;
                try {
                    decoder = decoder(e, packed);
                } catch (IOException ex) {
                    ctx.problem(Problem.Kind.MALFORMED, where, "member " + at + " (" + methodName(e.method())
                            + "): " + ex.getMessage());
                    return;
                }
                Optional<Expansion> x = Expansion.of(e.name(), decoder, e.compressedSize(), where, at, ctx);
                if (x.isEmpty()) {
                    return;
                }
                if (e.encryptionFlagged()) {
                    if (x.get().error() != null) {
                        encrypted(e, ctx, "its data does not inflate");
                        return;
                    }
                    readableDespiteFlag(e, log);
                }
                x.get().reportError(methodName(e.method()) + " data of member " + at + " is corrupt or truncated",
                        where, ctx);
                data = x.get().blob();
                if (x.get().error() == null && data.size() != e.size()) {
                    log.report("size", where, at, "member inflates to " + data.size() + " bytes, the central "
                            + "directory says " + e.size());
                }
                if (x.get().error() != null) {
                    route(e, data, keras, ctx);
                    return;
                }
            }
            default -> {
                ctx.problem(Problem.Kind.UNSUPPORTED, where, "member " + at + " uses compression method " + e.method()
                        + ", which mlgate does not decode (PyTorch reads methods 0 and 8; Python's zipfile, and so "
                        + "numpy.load, also 12 bzip2 and 14 LZMA)");
                return;
            }
        }
        if (data.size() <= CRC_LIMIT) {
            long crc = crc32(data);
            if (crc != e.crc()) {
                log.report("crc", where, at, String.format("CRC-32 of the data is %08x, the central directory says "
                        + "%08x; PyTorch does not check it, Python's zipfile refuses the member", crc, e.crc()));
            }
        }
        route(e, data, keras, ctx);
    }

    /**
     * Whether an entry flagged as encrypted holds data some loader could use as is: a format a handler
     * recognises. A pickle must at least start with a pickle opcode, whatever the pickle sniff accepts.
     */
    private static boolean recognised(Blob data, ScanContext ctx) {
        Optional<String> id = ctx.sniff(data);
        if (id.isEmpty()) {
            return false;
        }
        return !id.get().equals(Members.PICKLE) || (data.size() > 0 && Magic.isPickleOpcode(data.u8(0)));
    }

    private static void route(ZipEntry e, Blob data, boolean keras, ScanContext ctx) {
        if (keras && e.name().equals(KerasArchive.CONFIG)) {
            // Keras loads config.json whatever its first bytes look like
            ctx.scanMemberAs(e.name(), data, KerasConfigHandler.ID);
        } else if (data.size() > 0) {
            Members.route(e.name(), data, ctx);
        }
    }

    private static void encrypted(ZipEntry e, ScanContext ctx, String why) {
        String at = MemberNames.printable(e.name());
        ctx.report(ScanRules.ENCRYPTED_MEMBER, e.localHeaderOffset(), at, "member '" + at + "' is encrypted ("
                + why + ") and cannot be inspected; no loader reads it without the password");
    }

    private static void readableDespiteFlag(ZipEntry e, AnomalyLog log) {
        String at = MemberNames.printable(e.name());
        log.report("flag-bits", e.localHeaderOffset(), at, String.format("member has the encryption flag set "
                + "(flags 0x%04x) but its data is readable plaintext; PyTorch ignores the flag and loads it", e.flags()));
    }

    /**
     * A tensor storage is checked by size and first bytes only: PyTorch copies it into a tensor and never
     * parses it, and it can be gigabytes. A storage that starts like a pickle or an archive is reported
     * (another loader could be pointed at it) but not scanned.
     */
    private static void storage(Blob blob, ZipEntry e, ScanContext ctx, AnomalyLog log) throws ScanAbort {
        String at = MemberNames.printable(e.name());
        long where = e.localHeaderOffset();
        byte[] head;
        switch (e.method()) {
            case ZipEntry.METHOD_STORED -> {
                if (!LittleEndian.fits(blob, e.dataOffset(), e.size())) {
                    ctx.problem(Problem.Kind.MALFORMED, where, "tensor storage " + at + " of " + e.size()
                            + " bytes runs past the end of the file");
                    return;
                }
                head = blob.head(e.dataOffset(), (int) Math.min(STORAGE_HEAD, e.size()));
            }
            case ZipEntry.METHOD_DEFLATED -> {
                if (e.size() / Math.max(1, e.compressedSize()) > ctx.budgets().maxRatio()) {
                    ctx.report(ScanRules.BOMB, where, at, "tensor storage declares " + e.size() + " bytes from "
                            + e.compressedSize() + " compressed (ratio limit " + ctx.budgets().maxRatio() + ")");
                }
                head = inflatedHead(blob.slice(e.name(), e.dataOffset(), e.compressedSize()));
            }
            default -> {
                ctx.problem(Problem.Kind.UNSUPPORTED, where, "tensor storage " + at + " uses compression method "
                        + e.method() + ", which PyTorch cannot read");
                return;
            }
        }
        Magic.hiddenContent(head).ifPresent(what -> log.report("storage-content", Severity.MEDIUM, where, at,
                "tensor storage starts like " + what + "; PyTorch never parses storages, but the bytes may be a "
                        + "payload meant for another loader"));
    }

    /** The first bytes of a deflated member, inflating no more than that. */
    private static byte[] inflatedHead(Blob packed) {
        byte[] buf = new byte[STORAGE_HEAD];
        int n = 0;
        try (InputStream in = InflatingStream.rawDeflate(packed.data())) {
            int k;
            while (n < buf.length && (k = in.read(buf, n, buf.length - n)) > 0) {
                n += k;
            }
        } catch (IOException ignored) {
            // A corrupt storage fails in PyTorch; only its readable head matters here.
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    private static String linkTarget(Blob blob, ZipEntry e) {
        if (e.method() != ZipEntry.METHOD_STORED || e.size() > 4096 || !LittleEndian.fits(blob, e.dataOffset(), e.size())) {
            return "";
        }
        return " to '" + MemberNames.printable(new String(blob.head(e.dataOffset(), (int) e.size()),
                StandardCharsets.UTF_8)) + "'";
    }

    static long crc32(Blob data) {
        CRC32 crc = new CRC32();
        long chunk = 1 << 20;
        for (long off = 0; off < data.size(); off += chunk) {
            crc.update(data.data().asSlice(off, Math.min(chunk, data.size() - off)).asByteBuffer());
        }
        return crc.getValue();
    }
}
