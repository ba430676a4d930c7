package org.mlgate.scan.gguf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.core.Problem;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * GGUF model files (llama.cpp, ollama, LM Studio). The format holds no code, but its chat templates are
 * Jinja that the loader renders, and engines that render them without a sandbox have run template
 * injections (CVE-2024-34359); every template is checked statically. The header and tensor infos are
 * parsed with bounds and the tensor layout is checked; tensor data is never read.
 */
public final class GgufHandler implements FormatHandler {
    /** Layout issues reported one by one; beyond this they are counted in one summary finding. */
    private static final int MAX_LAYOUT_FINDINGS = 8;

    @Override
    public String id() {
        return "gguf";
    }

    @Override
    public boolean sniff(Blob blob) {
        return GgufFile.sniff(blob);
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        ScanAbort[] templateAbort = new ScanAbort[1];
        GgufFile f = GgufFile.parse(blob, GgufLimits.DEFAULT, ctx::checkTime, (key, offset, text) -> {
            try {
                template(ctx, key, offset, text);
            } catch (ScanAbort a) {
                templateAbort[0] = a;
            }
        });
        if (templateAbort[0] != null) {
            throw templateAbort[0];
        }
        for (GgufKv dup : f.duplicates()) {
            ctx.problem(Problem.Kind.MALFORMED, dup.offset(), "duplicate metadata key '"
                    + GgufFile.printable(dup.key()) + "': llama.cpp refuses the file, other readers keep one copy");
        }
        List<GgufLayout.Issue> issues = new ArrayList<>();
        try {
            GgufLayout.check(f, blob.size(), issue -> {
                if (issues.size() < MAX_LAYOUT_FINDINGS) {
                    ctx.report(GgufRules.TENSOR_LAYOUT, issue.offset(), issue.at(), issue.message());
                }
                issues.add(issue);
            });
        } finally {
            if (issues.size() > MAX_LAYOUT_FINDINGS) {
                ctx.report(GgufRules.TENSOR_LAYOUT, issues.get(MAX_LAYOUT_FINDINGS).offset(), "tensor infos",
                        (issues.size() - MAX_LAYOUT_FINDINGS) + " more tensor layout issues like the ones above");
            }
        }
    }

    private static void template(ScanContext ctx, String key, long offset, String text) throws ScanAbort {
        ctx.report(GgufRules.CHAT_TEMPLATE, offset, key, "chat template of " + text.length()
                + " characters (Jinja, rendered by the loader for every conversation)");
        for (TemplateCheck.Hit h : TemplateCheck.check(text, ctx::checkTime)) {
            long at = offset + text.substring(0, h.position()).getBytes(StandardCharsets.UTF_8).length;
            if (h.level() == TemplateCheck.Level.INJECTION) {
                ctx.report(GgufRules.TEMPLATE_INJECTION, at, key, "template injection: " + h.message());
            } else {
                ctx.report(GgufRules.TEMPLATE_DUNDER, at, key, "template reaches Python internals: " + h.message());
            }
        }
    }
}
