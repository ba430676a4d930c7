package org.mlgate.scan.container;

import io.airlift.compress.v3.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.deflate64.Deflate64CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanAbort;
import org.tukaani.xz.ARM64Options;
import org.tukaani.xz.ARMOptions;
import org.tukaani.xz.ARMThumbOptions;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.DeltaInputStream;
import org.tukaani.xz.IA64Options;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.PowerPCOptions;
import org.tukaani.xz.RISCVOptions;
import org.tukaani.xz.SPARCOptions;
import org.tukaani.xz.X86Options;

/**
 * Decodes a 7z folder's output from its coder graph, for the coders py7zr and 7-Zip read: the ones
 * commons-compress knows (copy, LZMA, LZMA2, Deflate, Deflate64, BZip2, Delta, the BCJ filters) and the
 * ones it does not: PPMd (our {@link Ppmd7} decoder), Zstandard (aircompressor), LZ4 (commons-compress's
 * frame decoder; 7-Zip's zstd fork writes LZ4 frames) and Brotli (Google's decoder, {@link BrotliFrames}). Every decoder's memory is checked against the
 * budget before it is allocated. Anything else (BCJ2, AES, LZ5, ...) is {@link UnsupportedCoder}, named.
 */
public final class SevenZipCoders {
    /** Brotli's largest window (24 bits; the large-window extension is not read). */
    private static final long BROTLI_WINDOW = 16L << 20;
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("00", "Copy"), Map.entry("03", "Delta"), Map.entry("21", "LZMA2"),
            Map.entry("030101", "LZMA"), Map.entry("030401", "PPMd"), Map.entry("03030103", "BCJ"),
            Map.entry("0303011b", "BCJ2"), Map.entry("03030205", "PPC"), Map.entry("03030401", "IA64"),
            Map.entry("03030501", "ARM"), Map.entry("03030701", "ARMT"), Map.entry("03030805", "SPARC"),
            Map.entry("0a", "ARM64"), Map.entry("0b", "RISCV"), Map.entry("040108", "Deflate"),
            Map.entry("040109", "Deflate64"), Map.entry("040202", "BZip2"), Map.entry("04f71101", "Zstandard"),
            Map.entry("04f71102", "Brotli"), Map.entry("04f71104", "LZ4"), Map.entry("04f71105", "LZ5"),
            Map.entry("04f71106", "Lizard"), Map.entry("06f10701", "AES-256"));

    /** The coders commons-compress 1.28 decodes (its SevenZMethod table). */
    private static final java.util.Set<String> COMMONS = java.util.Set.of("00", "03", "21", "030101", "03030103",
            "03030205", "03030401", "03030501", "03030701", "03030805", "040108", "040109", "040202", "06f10701");

    private SevenZipCoders() {
    }

    static String name(byte[] id) {
        return NAMES.getOrDefault(HexFormat.of().formatHex(id), "unknown coder");
    }

    static boolean isEncryption(byte[] id) {
        return HexFormat.of().formatHex(id).equals("06f10701");
    }

    /** True when commons-compress's SevenZFile can decode every coder of the folder. */
    static boolean commonsReads(SevenZipLayout.Folder f) {
        for (SevenZipLayout.Coder c : f.coders()) {
            if (!COMMONS.contains(c.idHex())) {
                return false;
            }
        }
        return true;
    }

    /** A coder we cannot decode; the message starts with the coder's name and id, e.g. "Brotli (04F71102)". */
    public static final class UnsupportedCoder extends IOException {
        UnsupportedCoder(SevenZipLayout.Coder c, String why) {
            super(c.describe() + why);
        }
    }

    /** A decoder would need more memory than the budget. */
    public static final class OverMemory extends IOException {
        OverMemory(String message) {
            super(message);
        }
    }

    /**
     * Opens the folder's main output.
     *
     * @param decoderMemory most bytes any one decoder may allocate (dictionaries, windows, models)
     */
    public static InputStream open(Blob blob, SevenZipLayout.Folder f, long decoderMemory) throws IOException {
        return new Graph(blob, f, decoderMemory).out(f.mainOut(), 0);
    }

    private record Graph(Blob blob, SevenZipLayout.Folder f, long memory) {

        InputStream out(int outIndex, int depth) throws IOException {
            if (depth > f.coders().size()) {
                throw new IOException("7z folder's bind pairs form a cycle");
            }
            int in = 0;
            int out = 0;
            for (SevenZipLayout.Coder c : f.coders()) {
                if (outIndex < out + c.outStreams()) {
                    if (c.inStreams() != 1 || c.outStreams() != 1) {
                        throw new UnsupportedCoder(c, " has " + c.inStreams() + " inputs and " + c.outStreams()
                                + " outputs; only single-stream coders are decoded");
                    }
                    return decoder(c, input(in, depth), f.unpackSizes()[outIndex]);
                }
                in += c.inStreams();
                out += c.outStreams();
            }
            throw new IOException("7z folder has no out stream " + outIndex);
        }

        private Input input(int inIndex, int depth) throws IOException {
            for (int b = 0; b < f.bindIn().length; b++) {
                if (f.bindIn()[b] == inIndex) {
                    return new Input(out(f.bindOut()[b], depth + 1), null);
                }
            }
            for (int p = 0; p < f.packedIn().length; p++) {
                if (f.packedIn()[p] == inIndex) {
                    Blob packed = new Blob(blob.name(), blob.data().asSlice(f.packOffsets()[p], f.packSizes()[p]));
                    return new Input(new SegmentInputStream(packed.data()), packed);
                }
            }
            throw new IOException("7z folder's in stream " + inIndex + " is neither bound nor packed");
        }

        private record Input(InputStream stream, Blob packed) {
        }

        private InputStream decoder(SevenZipLayout.Coder c, Input input, long size) throws IOException {
            byte[] p = c.properties();
            InputStream in = input.stream();
            return switch (c.idHex()) {
                case "00" -> in;
                case "030101" -> lzma(c, in, size);
                case "21" -> lzma2(c, in);
                case "030401" -> ppmd(c, in, size);
                case "040108" -> new InflaterInputStream(in, new Inflater(true), 1 << 16);
                case "040109" -> new Deflate64CompressorInputStream(in);
                case "040202" -> new BZip2CompressorInputStream(in, true);
                case "03" -> new DeltaInputStream(in, (p.length > 0 ? p[0] & 0xFF : 0) + 1);
                case "03030103" -> new X86Options().getInputStream(in, ArrayCache.getDummyCache());
                case "03030205" -> new PowerPCOptions().getInputStream(in, ArrayCache.getDummyCache());
                case "03030401" -> new IA64Options().getInputStream(in, ArrayCache.getDummyCache());
                case "03030501" -> new ARMOptions().getInputStream(in, ArrayCache.getDummyCache());
                case "03030701" -> new ARMThumbOptions().getInputStream(in, ArrayCache.getDummyCache());
                case "03030805" -> new SPARCOptions().getInputStream(in, ArrayCache.getDummyCache());
                case "0a" -> new ARM64Options().getInputStream(in, ArrayCache.getDummyCache());
                case "0b" -> new RISCVOptions().getInputStream(in, ArrayCache.getDummyCache());
                case "04f71101" -> zstd(input);
                case "04f71104" -> new FramedLZ4CompressorInputStream(in, true);
                case "04f71102" -> brotli(input);
                case "06f10701" -> throw new UnsupportedCoder(c, " encrypts the data; it needs the password");
                default -> throw new UnsupportedCoder(c, ", which mlgate cannot decode");
            };
        }

        private InputStream lzma(SevenZipLayout.Coder c, InputStream in, long size) throws IOException {
            byte[] p = c.properties();
            if (p.length < 5) {
                throw new IOException("LZMA coder properties are " + p.length + " bytes, not 5");
            }
            int dict = (int) le32(p, 1);
            int kib = LZMAInputStream.getMemoryUsage(dict, p[0]);
            checkMemory("LZMA", (long) kib << 10);
            return new LZMAInputStream(in, size, p[0], dict);
        }

        private InputStream lzma2(SevenZipLayout.Coder c, InputStream in) throws IOException {
            byte[] p = c.properties();
            if (p.length < 1 || (p[0] & 0xFF) > 40) {
                throw new IOException("LZMA2 coder properties are invalid");
            }
            int b = p[0] & 0xFF;
            int dict = b == 40 ? -1 : (2 | (b & 1)) << (b / 2 + 11);
            checkMemory("LZMA2", (long) LZMA2InputStream.getMemoryUsage(dict) << 10);
            return new LZMA2InputStream(in, dict);
        }

        private InputStream ppmd(SevenZipLayout.Coder c, InputStream in, long size) throws IOException {
            byte[] p = c.properties();
            if (p.length < 5) {
                throw new IOException("PPMd coder properties are " + p.length + " bytes, not 5");
            }
            int order = p[0] & 0xFF;
            long mem = le32(p, 1);
            if (order < Ppmd7.MIN_ORDER || order > Ppmd7.MAX_ORDER || mem < Ppmd7.MIN_MEMORY
                    || mem > Ppmd7.MAX_MEMORY) {
                throw new IOException("PPMd coder properties are out of range (order " + order + ", memory " + mem
                        + " bytes)");
            }
            checkMemory("PPMd", mem);
            if (mem > Integer.MAX_VALUE - 64) {
                // a Java array cannot hold it (only reachable with a budget above 2 GiB)
                throw new OverMemory("PPMd model of " + (mem >> 20) + " MiB is larger than this decoder supports");
            }
            return new PpmdInputStream(in, order, (int) mem, size);
        }

        /**
         * Zstandard frames; 7-Zip's zstd fork (zstdmt) may put skippable frames between them, which are
         * walked past here as the zstd handler does, with every frame's window checked before decoding.
         */
        private InputStream zstd(Input input) throws IOException {
            if (input.packed() == null) {
                return new ZstdInputStream(input.stream());
            }
            ZstdFrames frames;
            try {
                frames = ZstdFrames.walk(input.packed(), TimeCheck.NONE);
            } catch (ScanAbort e) {
                if (e.kind() == org.mlgate.core.Problem.Kind.BUDGET) {
                    throw new OverMemory("Zstandard " + e.getMessage());
                }
                throw new IOException("Zstandard data: " + e.getMessage());
            }
            if (frames.problem() != null) {
                throw new IOException("Zstandard data: " + frames.problem());
            }
            Blob packed = input.packed();
            List<InputStream> parts = frames.frames().stream()
                    .map(f -> (InputStream) new SegmentInputStream(packed.data().asSlice(f[0], f[1] - f[0]))).toList();
            return new ZstdInputStream(new SequenceInputStream(Collections.enumeration(parts)));
        }

        private InputStream brotli(Input input) throws OverMemory {
            checkMemory("Brotli", BROTLI_WINDOW);
            // a frame is held in memory: at most the packed stream, or the budget for a chained coder's output
            return new BrotliFrames(input.stream(), input.packed() != null ? input.packed().size() : memory);
        }

        private void checkMemory(String coder, long bytes) throws OverMemory {
            if (bytes > memory || bytes < 0) {
                throw new OverMemory(coder + " decoder needs " + (bytes >> 20) + " MiB, more than the decoder memory "
                        + "budget of " + (memory >> 20) + " MiB");
            }
        }
    }

    private static long le32(byte[] p, int at) {
        return (p[at] & 0xFFL) | (p[at + 1] & 0xFFL) << 8 | (p[at + 2] & 0xFFL) << 16 | (p[at + 3] & 0xFFL) << 24;
    }
}
