package org.mlgate.scan.safetensors;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.pickle.PickleHandler;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.tensors.SafetensorsHeader;

/**
 * safetensors files: the header is validated in full (length, UTF-8, JSON, dtypes, shapes, offsets that
 * tile the data section); a file that breaks the format is not proven safe. The format cannot carry
 * code, but metadata strings that look like code or an embedded pickle are reported for information.
 */
public final class SafetensorsHandler implements FormatHandler {
    public static final Rule CODE_METADATA = new Rule("MLG-ST-001", "safetensors-code-metadata", Severity.INFO,
            "A __metadata__ value of a safetensors file looks like code, a template or an embedded pickle. "
                    + "safetensors loaders never run it, but tools that read metadata might.",
            "Check what writes this metadata and whether anything evaluates it.");
    private static final List<String> CODE_MARKERS = List.of("import ", "__import__", "eval(", "exec(", "os.system",
            "subprocess", "lambda ", "<script", "{{", "{%", "__class__", "__globals__", "pickle.loads");

    public static List<Rule> rules() {
        return List.of(CODE_METADATA);
    }

    @Override
    public String id() {
        return "safetensors";
    }

    /**
     * A file whose first bytes claim safetensors: eight bytes that are not JSON text, then '{' and the start of
     * a JSON member ('"' or '}', after optional whitespace). The length is not checked here: a truncated or
     * absurd header is a broken safetensors file (ERROR), not an unknown format or a broken pickle.
     */
    @Override
    public boolean sniff(Blob blob) {
        if (blob.size() < 10 || blob.u8(8) != '{') {
            return false;
        }
        if (jsonDocument(blob)) {
            return false; // a JSON document, not a length prefix
        }
        byte[] head = blob.head(8, 64);
        for (int i = 1; i < head.length; i++) {
            int c = head[i] & 0xff;
            if (!Character.isWhitespace(c)) {
                return c == '"' || c == '}';
            }
        }
        return true;
    }

    /**
     * Whether the file starts as a JSON document rather than a length prefix. A leading space is ambiguous (0x120 is a
     * header length of 288 whose low byte is a space), but a real length under 2^56 has a zero high byte, which JSON
     * text never has.
     */
    private static boolean jsonDocument(Blob blob) {
        int first = blob.u8(0);
        return first == '{' || first == '[' || Character.isWhitespace(first) && blob.u8(7) != 0;
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        // torch.load (and anything else that unpickles from byte 0) would read a pickle there.
        PickleHandler.alsoAsPickle(blob, ctx);
        SafetensorsHeader h;
        try {
            h = SafetensorsHeader.parse(blob.data());
        } catch (SafetensorsException e) {
            throw ScanAbort.malformed(e.offset(), "safetensors " + e.kind().name().toLowerCase(Locale.ROOT)
                    + (e.tensor() == null ? "" : " (tensor '" + e.tensor() + "')") + ": " + e.getMessage());
        }
        for (Map.Entry<String, String> m : h.metadata().entrySet()) {
            String why = codeLike(m.getValue());
            if (why != null) {
                ctx.report(CODE_METADATA, 8, "__metadata__." + m.getKey(),
                        "__metadata__ value '" + m.getKey() + "' " + why);
            }
        }
    }

    private static String codeLike(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        for (String marker : CODE_MARKERS) {
            if (lower.contains(marker)) {
                return "contains '" + marker.strip() + "'";
            }
        }
        if (v.startsWith("gAS") || v.startsWith("gAR") || v.startsWith("gAN") || v.startsWith("gAJ")
                || v.startsWith("gAW") || (!v.isEmpty() && v.charAt(0) == '\u0080')) {
            return "starts like a pickle (raw or base64)";
        }
        return null;
    }
}
