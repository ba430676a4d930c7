package org.mlgate.scan.onnx;

import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/** ONNX models (a serialised ModelProto), walked with the bounded protobuf reader; nothing is loaded. */
public final class OnnxHandler implements FormatHandler {
    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public boolean sniff(Blob blob) {
        return OnnxSniff.sniff(blob);
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        new OnnxWalker(blob, ctx).walk();
    }
}
