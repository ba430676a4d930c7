package org.mlgate.scan.keras;

import java.util.List;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;

/** Rules for Keras model configurations (.keras archives, legacy .h5 files, model JSON). */
public final class KerasRules {
    private static final String DONT_LOAD = "Do not load this model. Obtain it from a trusted source; safe_mode=True "
            + "(Keras 3) refuses lambdas but not module imports, and Keras 2 has no such protection.";

    public static final Rule LAMBDA_CODE = new Rule("MLG-KERAS-001", "lambda-layer-code", Severity.CRITICAL,
            "The model configuration holds marshalled Python bytecode (a Lambda layer or a serialised lambda "
                    + "function); Keras 2 and Keras 3 with safe_mode=False rebuild and run it.",
            DONT_LOAD);
    public static final Rule CUSTOM_MODULE = new Rule("MLG-KERAS-002", "custom-object-module", Severity.HIGH,
            "A configuration object names a module or registered package outside Keras; the loader imports that "
                    + "module and instantiates or calls the named object, and safe_mode does not prevent it.",
            "Load only if the named module is yours and trusted (pass it as a custom object); otherwise do not load.");
    public static final Rule DANGEROUS_MODULE = new Rule("MLG-KERAS-003", "dangerous-module", Severity.CRITICAL,
            "A configuration object names a denylisted module or callable (process, file, code execution); the "
                    + "loader imports and calls it.",
            DONT_LOAD);
    public static final Rule LAMBDA_REFERENCE = new Rule("MLG-KERAS-004", "lambda-reference", Severity.HIGH,
            "A Lambda layer calls a function referenced by name and module rather than bundled code; the loader "
                    + "resolves that name from the module and calls it whenever the layer runs.",
            "Check that the referenced function is yours and trusted; otherwise do not load.");

    public static final Rule SIDE_EFFECT_CALLABLE = new Rule("MLG-KERAS-005", "keras-side-effect-callable",
            Severity.HIGH,
            "The configuration references a Keras function or class with side effects (downloads, file reads or "
                    + "writes, subprocesses, turning safe_mode off; the reviewed list is the resource "
                    + "keras-gadgets.json). It sits in the keras namespace, so safe_mode and module checks let it "
                    + "through.",
            DONT_LOAD);
    public static final Rule EXTERNAL_LOAD_LAYER = new Rule("MLG-KERAS-006", "layer-loads-external-data",
            Severity.HIGH,
            "A layer loads something named in its configuration when the model is built: a SavedModel "
                    + "(TFSMLayer), a vocabulary file, a pickled torch module. What it loads was not in this file "
                    + "and has not been scanned.",
            "Load only if the referenced path or bytes are yours and were scanned; otherwise do not load.");

    private static final List<Rule> ALL = List.of(LAMBDA_CODE, CUSTOM_MODULE, DANGEROUS_MODULE, LAMBDA_REFERENCE,
            SIDE_EFFECT_CALLABLE, EXTERNAL_LOAD_LAYER);

    private KerasRules() {
    }

    public static List<Rule> all() {
        return ALL;
    }
}
