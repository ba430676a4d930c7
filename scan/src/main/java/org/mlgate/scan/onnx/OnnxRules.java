package org.mlgate.scan.onnx;

import java.util.List;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;

/** Rules of the ONNX walker. */
public final class OnnxRules {
    public static final Rule EXTERNAL_DATA_ESCAPE = new Rule("MLG-ONNX-001", "external-data-escape", Severity.HIGH,
            "A tensor's external_data location is absolute, climbs out of the model's directory, or names a URL or "
                    + "device: loading the model reads (and may expose through inference) an arbitrary file.",
            "Do not load this model; keep external data files next to the model under relative names.");
    public static final Rule CUSTOM_DOMAIN = new Rule("MLG-ONNX-002", "custom-domain", Severity.MEDIUM,
            "A node uses an operator domain that is neither standard ONNX nor onnxruntime's contrib ops: running "
                    + "it needs a custom operator library registered by the runtime.",
            "Check which custom-op library the model needs and whether it is trusted.");
    public static final Rule TENSOR_LAYOUT = new Rule("MLG-ONNX-003", "tensor-layout", Severity.MEDIUM,
            "A tensor's declared dims and element type disagree with its data (size mismatch, negative dims, "
                    + "element count overflow): a parser differential or an out-of-bounds read in a runtime.",
            "Re-export the model; treat crafted tensors as hostile.");
    public static final Rule CUSTOM_LIBRARY = new Rule("MLG-ONNX-004", "custom-code-op", Severity.HIGH,
            "A node uses an operator from a domain whose runtime executes user-supplied code (onnxruntime-extensions "
                    + "ai.onnx.contrib, Python operators such as PyOp).",
            "Do not run this model unless the custom operator code is reviewed and trusted.");
    public static final Rule EXTERNAL_DATA = new Rule("MLG-ONNX-005", "external-data", Severity.INFO,
            "Tensor data is stored in a separate file next to the model; that file is not part of this scan.",
            "Scan the external data files too; keep them with the model.");

    private static final List<Rule> ALL = List.of(EXTERNAL_DATA_ESCAPE, CUSTOM_DOMAIN, TENSOR_LAYOUT, CUSTOM_LIBRARY,
            EXTERNAL_DATA);

    private OnnxRules() {
    }

    public static List<Rule> all() {
        return ALL;
    }
}
