package org.mlgate.train.data;

/**
 * Bounds every reader enforces on untrusted input, checked while reading (never after the fact).
 *
 * @param maxBytes      the file size
 * @param maxRows       data rows (header and comment lines not counted)
 * @param maxColumns    columns per row
 * @param maxLineChars  characters of one line (for CSV: of one record, quoted newlines included)
 * @param maxFieldChars characters of one field, column name or category
 * @param maxCells      rows × columns, which bounds the memory a table takes
 */
public record ReadLimits(long maxBytes, int maxRows, int maxColumns, int maxLineChars, int maxFieldChars,
                         long maxCells) {
    /** 256 MiB, 5 M rows, 4096 columns, 1 M characters a line, 64 Ki characters a field, 50 M cells. */
    public static final ReadLimits DEFAULT = new ReadLimits(256L << 20, 5_000_000, 4096, 1 << 20, 1 << 16, 50_000_000L);

    public ReadLimits {
        if (maxBytes < 1 || maxRows < 1 || maxColumns < 1 || maxLineChars < 1 || maxFieldChars < 1 || maxCells < 1) {
            throw new IllegalArgumentException("every read limit must be positive");
        }
    }
}
