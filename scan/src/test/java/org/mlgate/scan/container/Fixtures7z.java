package org.mlgate.scan.container;

import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/** 7z archives written by commons-compress (LZMA2, its default). */
final class Fixtures7z {
    private Fixtures7z() {
    }

    static byte[] lzma2Archive() throws IOException {
        SeekableInMemoryByteChannel ch = new SeekableInMemoryByteChannel();
        try (SevenZOutputFile out = new SevenZOutputFile(ch)) {
            for (String name : new String[] {"a.pkl", "notes.txt"}) {
                SevenZArchiveEntry e = new SevenZArchiveEntry();
                e.setName(name);
                out.putArchiveEntry(e);
                out.write(name.endsWith(".pkl") ? Fixtures.PICKLE : Fixtures.text("some notes"));
                out.closeArchiveEntry();
            }
        }
        return Arrays.copyOf(ch.array(), (int) ch.size());
    }
}
