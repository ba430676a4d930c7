package org.mlgate.scan.gguf;

import java.util.List;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;

/** Rules for GGUF files (llama.cpp): chat templates are Jinja run by the loader, tensor layout is checked. */
public final class GgufRules {
    private static final String DONT_LOAD = "Do not load this file with a chat template engine. Remove or replace "
            + "tokenizer.chat_template with a template from a trusted source (or run the loader with a sandboxed "
            + "template engine and a fixed template).";

    public static final Rule TEMPLATE_INJECTION = new Rule("MLG-GGUF-001", "template-injection", Severity.CRITICAL,
            "A chat template walks Python internals to module globals, builtins or subclasses, or calls os, eval, "
                    + "exec or import: a server-side template injection that runs code when the template is rendered.",
            DONT_LOAD);
    public static final Rule TEMPLATE_DUNDER = new Rule("MLG-GGUF-002", "template-dunder-access", Severity.HIGH,
            "A chat template reads a dunder or private attribute, or an attribute whose name is computed; ordinary "
                    + "templates never do, template-injection payloads start this way.",
            DONT_LOAD);
    public static final Rule CHAT_TEMPLATE = new Rule("MLG-GGUF-003", "chat-template", Severity.INFO,
            "The file carries a Jinja chat template, which the loader renders for every conversation.",
            "None needed if no other finding; review templates of files from untrusted sources.");
    public static final Rule TENSOR_LAYOUT = new Rule("MLG-GGUF-004", "tensor-layout", Severity.MEDIUM,
            "Tensor infos disagree with the layout llama.cpp expects (misaligned, overlapping or non-contiguous "
                    + "data, sizes that are not whole quantisation blocks, unknown types, duplicate names, trailing "
                    + "bytes); readers disagree about such files, which is how scanners are bypassed.",
            "Re-convert the model with llama.cpp's tools and compare its content.");

    private static final List<Rule> ALL = List.of(TEMPLATE_INJECTION, TEMPLATE_DUNDER, CHAT_TEMPLATE, TENSOR_LAYOUT);

    private GgufRules() {
    }

    public static List<Rule> all() {
        return ALL;
    }
}
