package org.mlgate.scan.container;

import java.util.HexFormat;
import java.util.List;

/**
 * The structure of a 7z archive as {@link SevenZipReader} reads it: folders (coder graphs over packed
 * streams) and the files mapped onto their output.
 *
 * @param folders the folders in archive order
 * @param files   the files in archive order
 */
public record SevenZipLayout(List<Folder> folders, List<File> files) {

    /** A coder of a folder: its method id, stream counts and properties. */
    public record Coder(byte[] methodId, int inStreams, int outStreams, byte[] properties) {
        public String idHex() {
            return HexFormat.of().formatHex(methodId);
        }

        public String name() {
            return SevenZipCoders.name(methodId);
        }

        /** "PPMd (030401)": how reports name a coder (the id in 7-Zip's upper-case hex). */
        public String describe() {
            return name() + " (" + HexFormat.of().withUpperCase().formatHex(methodId) + ")";
        }
    }

    /**
     * A folder: coders joined by bind pairs, reading packed streams from the file.
     *
     * @param coders        the coders; in/out stream indexes are counted across them in order
     * @param bindIn        bind pair i joins in stream bindIn[i] ...
     * @param bindOut       ... to out stream bindOut[i]
     * @param packedIn      the in stream each packed stream feeds
     * @param packOffsets   where each packed stream starts in the file
     * @param packSizes     the packed streams' sizes
     * @param unpackSizes   the size of every out stream
     * @param substreams    the sizes of the files the main output holds, in order
     */
    public record Folder(List<Coder> coders, int[] bindIn, int[] bindOut, int[] packedIn, long[] packOffsets,
                         long[] packSizes, long[] unpackSizes, long[] substreams) {

        /** The out stream no bind pair consumes: the folder's output. */
        public int mainOut() {
            int total = unpackSizes.length;
            for (int o = 0; o < total; o++) {
                boolean bound = false;
                for (int b : bindOut) {
                    bound |= b == o;
                }
                if (!bound) {
                    return o;
                }
            }
            return -1;
        }

        public long unpackSize() {
            return unpackSizes[mainOut()];
        }
    }

    /**
     * A file.
     *
     * @param name       its name
     * @param hasStream  false for directories and empty files
     * @param directory  an empty stream that is not an empty file
     * @param anti       an anti-item (a deletion marker)
     * @param attributes Windows attributes (high 16 bits: Unix mode when bit 15 is set), or -1
     * @param folder     the folder holding its data, or -1
     * @param size       its size
     */
    public record File(String name, boolean hasStream, boolean directory, boolean anti, long attributes, int folder,
                       long size) {
    }
}
