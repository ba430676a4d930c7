package org.mlgate.scan.tf;

import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/** TensorFlow SavedModel ({@code saved_model.pb}), MetaGraphDef ({@code .meta}) and GraphDef files, walked without TensorFlow. */
public final class TfHandler implements FormatHandler {
    @Override
    public String id() {
        return "tensorflow";
    }

    @Override
    public boolean sniff(Blob blob) {
        return TfSniff.sniff(blob) != null;
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        TfSniff.Kind kind = TfSniff.sniff(blob);
        if (kind == null) {
            throw ScanAbort.malformed(0, "not a TensorFlow SavedModel or GraphDef");
        }
        TfWalker w = new TfWalker(blob, ctx);
        switch (kind) {
            case SAVED_MODEL -> {
                ctx.refineFormat("tf-savedmodel");
                w.savedModel();
            }
            case META_GRAPH -> {
                ctx.refineFormat("tf-metagraph");
                w.metaGraph();
            }
            case GRAPH_DEF -> {
                ctx.refineFormat("tf-graphdef");
                w.graphDef();
            }
        }
    }
}
