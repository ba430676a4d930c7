package org.mlgate.scan.tf;

import java.util.List;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;

/** Rules of the TensorFlow graph walker (SavedModel, GraphDef). */
public final class TfRules {
    public static final Rule PYTHON_OP = new Rule("MLG-TF-001", "python-op", Severity.CRITICAL,
            "The graph calls back into Python (PyFunc, PyFuncStateless, EagerPyFunc): running it executes code "
                    + "registered by whoever built the graph, or fails in a way an attacker controls.",
            "Do not load or run this graph.");
    public static final Rule FILE_OP = new Rule("MLG-TF-002", "file-op", Severity.HIGH,
            "The graph contains an operation that reads, lists or writes files outside the standard checkpoint "
                    + "saver (ReadFile, WriteFile, MatchingFiles, file readers and writers, memory-mapped constants, "
                    + "descriptor files); dataset ops reading files are reported at a lower severity.",
            "Check which paths the operation touches; do not serve this graph with access to sensitive files.");
    public static final Rule UNKNOWN_OP = new Rule("MLG-TF-003", "unknown-op", Severity.HIGH,
            "The graph uses an operation that is neither a common built-in TensorFlow op nor a function of the "
                    + "graph's library: loading it needs a custom op library (native code, tf.load_op_library).",
            "Find out which library provides the op and whether it is trusted.");

    private static final List<Rule> ALL = List.of(PYTHON_OP, FILE_OP, UNKNOWN_OP);

    private TfRules() {
    }

    public static List<Rule> all() {
        return ALL;
    }
}
