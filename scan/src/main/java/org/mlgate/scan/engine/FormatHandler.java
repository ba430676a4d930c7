package org.mlgate.scan.engine;

/**
 * One scanner plugin: recognises a format by content (never by file name) and analyses it, recording
 * findings and problems in the context and handing embedded members back to the router.
 */
public interface FormatHandler {
    /** Short stable id, e.g. "zip", "pickle", "npy"; shown as the detected format. */
    String id();

    /** True if the bytes are this format, judged from magic or structure only. Must be cheap. */
    boolean sniff(Blob blob);

    /** Analyses the blob. Throw {@link ScanAbort} (or record problems) when analysis cannot finish. */
    void scan(Blob blob, ScanContext ctx) throws ScanAbort;
}
