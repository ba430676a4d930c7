package org.mlgate.scan.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Writes a PyTorch-style ZIP64 checkpoint whose tensor storage member is {@code storageBytes} long
 * without writing those bytes (a sparse file): for measuring that scans never read tensor data.
 */
public final class SparseTorchZip {
    private SparseTorchZip() {
    }

    public static void write(Path file, long storageBytes) throws IOException {
        write(file, storageBytes, false);
    }

    /**
     * Like {@link #write(Path, long)}, but with the storage filled with pseudo-random bytes (and its CRC-32 set), so
     * that copying or converting the file has to move every byte: for conversion benchmarks.
     */
    public static void writeFilled(Path file, long storageBytes) throws IOException {
        write(file, storageBytes, true);
    }

    private static void write(Path file, long storageBytes, boolean filled) throws IOException {
        if (storageBytes % 4 != 0) {
            throw new IllegalArgumentException("storage bytes must be a multiple of 4 (float32)");
        }
        byte[] pkl = dataPkl(storageBytes / 4);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
            Entry a = writeLocal(raf, "archive/data.pkl", pkl, pkl.length);
            Entry b = filled ? writeFilledLocal(raf, "archive/data/0", storageBytes)
                    : writeLocal(raf, "archive/data/0", null, storageBytes);
            Entry c = writeLocal(raf, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII), 2);
            long cdStart = raf.getFilePointer();
            for (Entry e : new Entry[] {a, b, c}) {
                writeCentral(raf, e);
            }
            long cdEnd = raf.getFilePointer();
            ByteBuffer z = le(56 + 20 + 22);
            z.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(3).putLong(3).putLong(cdEnd - cdStart).putLong(cdStart);
            z.putInt(0x07064b50).putInt(0).putLong(cdEnd).putInt(1);
            z.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 0xFFFF)
                    .putShort((short) 0xFFFF).putInt(0xFFFFFFFF).putInt(0xFFFFFFFF).putShort((short) 0);
            raf.write(z.array());
        }
    }

    private record Entry(String name, long offset, long size, int crc) { }

    private static Entry writeLocal(RandomAccessFile raf, String name, byte[] data, long size) throws IOException {
        long offset = raf.getFilePointer();
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int crc = 0;
        if (data != null) {
            CRC32 c = new CRC32();
            c.update(data);
            crc = (int) c.getValue();
        }
        raf.write(localHeader(n, crc, size));
        if (data != null) {
            raf.write(data);
        } else {
            raf.seek(raf.getFilePointer() + size); // leave a hole: the file system stores nothing
        }
        return new Entry(name, offset, size, crc);
    }

    /** A stored member of pseudo-random bytes (fixed seed), its CRC-32 patched into the local header after. */
    private static Entry writeFilledLocal(RandomAccessFile raf, String name, long size) throws IOException {
        long headerOffset = raf.getFilePointer();
        raf.write(localHeader(name.getBytes(StandardCharsets.UTF_8), 0, size));
        CRC32 crc = new CRC32();
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        byte[] chunk = new byte[8 << 20];
        for (long left = size; left > 0; ) {
            int len = (int) Math.min(chunk.length, left);
            ByteBuffer fill = ByteBuffer.wrap(chunk, 0, len - len % 8).order(ByteOrder.LITTLE_ENDIAN);
            while (fill.remaining() >= 8) {
                fill.putLong(random.nextLong());
            }
            crc.update(chunk, 0, len);
            raf.write(chunk, 0, len);
            left -= len;
        }
        long end = raf.getFilePointer();
        raf.seek(headerOffset + 14);
        raf.write(le(4).putInt((int) crc.getValue()).array());
        raf.seek(end);
        return new Entry(name, headerOffset, size, (int) crc.getValue());
    }

    /** A local header with a ZIP64 extra field holding the sizes. */
    private static byte[] localHeader(byte[] n, int crc, long size) {
        ByteBuffer h = le(30 + n.length + 20);
        h.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 0).putInt(0).putInt(crc)
                .putInt(0xFFFFFFFF).putInt(0xFFFFFFFF).putShort((short) n.length).putShort((short) 20).put(n)
                .putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
        return h.array();
    }

    private static void writeCentral(RandomAccessFile raf, Entry e) throws IOException {
        byte[] n = e.name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer h = le(46 + n.length + 28);
        h.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort((short) 0)
                .putInt(0).putInt(e.crc()).putInt(0xFFFFFFFF).putInt(0xFFFFFFFF).putShort((short) n.length)
                .putShort((short) 28).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt(0xFFFFFFFF).put(n)
                .putShort((short) 1).putShort((short) 24).putLong(e.size()).putLong(e.size()).putLong(e.offset());
        raf.write(h.array());
    }

    /** OrderedDict({'w': _rebuild_tensor_v2(storage('0', FloatStorage, numel), 0, (numel,), (1,), False, OD())}). */
    private static byte[] dataPkl(long numel) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(0x80);
        o.write(2);
        o.writeBytes("ccollections\nOrderedDict\n)R".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes("X\u0001\u0000\u0000\u0000w".getBytes(StandardCharsets.ISO_8859_1));
        o.writeBytes("ctorch._utils\n_rebuild_tensor_v2\n(".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes("(X\u0007\u0000\u0000\u0000storagectorch\nFloatStorage\nX\u0001\u0000\u0000\u00000X\u0003\u0000\u0000\u0000cpu"
                .getBytes(StandardCharsets.ISO_8859_1));
        o.write(0x8a);
        o.write(8);
        for (int i = 0; i < 8; i++) {
            o.write((int) (numel >>> (8 * i)));
        }
        o.writeBytes("tQK\u0000".getBytes(StandardCharsets.ISO_8859_1));
        o.write(0x8a);
        o.write(8);
        for (int i = 0; i < 8; i++) {
            o.write((int) (numel >>> (8 * i)));
        }
        o.write(0x85);
        o.writeBytes("K\u0001".getBytes(StandardCharsets.ISO_8859_1));
        o.write(0x85);
        o.write(0x89);
        o.writeBytes("ccollections\nOrderedDict\n)RtRs.".getBytes(StandardCharsets.US_ASCII));
        return o.toByteArray();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
