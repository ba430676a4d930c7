package org.mlgate.scan.keras;

import java.nio.charset.StandardCharsets;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.keras.JsonTree.Obj;
import org.mlgate.scan.keras.JsonTree.Value;

/**
 * A Keras model configuration as JSON: {@code config.json} of a .keras archive (handed over by the zip
 * reader) or a standalone {@code model.to_json()} file, which {@code model_from_json} deserialises the
 * same way. Recognised by content: a JSON object whose first bytes name a {@code class_name} and a
 * {@code config}.
 */
public final class KerasConfigHandler implements FormatHandler {
    public static final String ID = "keras-config";
    private static final int SNIFF_BYTES = 4096;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean sniff(Blob blob) {
        byte[] head = blob.head(SNIFF_BYTES);
        int i = 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        if (i >= head.length || head[i] != '{') {
            return false;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        return text.contains("\"class_name\"") && text.contains("\"config\"");
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        if (blob.size() > JsonTree.MAX_BYTES) {
            throw ScanAbort.budget(0, "Keras configuration of " + blob.size() + " bytes exceeds the "
                    + JsonTree.MAX_BYTES + "-byte limit");
        }
        Value root = JsonTree.parse(blob.head((int) blob.size()));
        if (!(root instanceof Obj)) {
            throw ScanAbort.malformed(root.offset(), "Keras configuration is not a JSON object");
        }
        new KerasConfigWalker(ctx, "", true).walk(root);
    }
}
