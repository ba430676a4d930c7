package org.mlgate.scan.pickle;

import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/** Pickle streams (work in progress: fails closed until the VM lands). */
public final class PickleHandler implements FormatHandler {
    @Override
    public String id() {
        return "pickle";
    }

    @Override
    public boolean sniff(Blob blob) {
        return blob.size() > 0;
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        throw ScanAbort.malformed(0, "pickle analysis not available yet");
    }
}
