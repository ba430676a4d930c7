package org.mlgate.scan.hf;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * Hugging Face configuration files ({@code config.json}, {@code tokenizer_config.json}, ...): an
 * {@code auto_map} (or {@code custom_pipelines}) entry makes {@code from_pretrained(...,
 * trust_remote_code=True)} import Python modules from the model folder, or from another repository
 * ("org/repo--module.Class"). Recognised by content: a JSON object carrying Hugging Face keys.
 */
public final class HfConfigHandler implements FormatHandler {
    public static final Rule REMOTE_CODE = new Rule("MLG-HF-001", "hf-remote-code", Severity.HIGH,
            "The configuration maps model, config or tokenizer classes to Python modules shipped in the model "
                    + "folder (auto_map / custom_pipelines); loading with trust_remote_code=True imports and runs "
                    + "them.",
            "Review the named .py files like any code you deploy, pin the revision, or use a model without custom "
                    + "code.");
    public static final Rule OTHER_REPO_CODE = new Rule("MLG-HF-002", "hf-remote-code-other-repo", Severity.HIGH,
            "An auto_map entry names code in another repository (\"org/repo--module.Class\"): loading downloads "
                    + "and runs Python from there.",
            "Vendor the reviewed code into the model folder and pin it, or drop the entry.");
    private static final long MAX_BYTES = 16L << 20;
    private static final int SNIFF_BYTES = 1 << 16;
    private static final List<String> HF_KEYS = List.of("\"model_type\"", "\"architectures\"", "\"auto_map\"",
            "\"tokenizer_class\"", "\"transformers_version\"", "\"custom_pipelines\"");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    public static List<Rule> rules() {
        return List.of(REMOTE_CODE, OTHER_REPO_CODE);
    }

    @Override
    public String id() {
        return "huggingface-config";
    }

    @Override
    public boolean sniff(Blob blob) {
        if (blob.size() < 2 || blob.size() > MAX_BYTES) {
            return false;
        }
        int i = 0;
        byte[] head = blob.head(SNIFF_BYTES);
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i >= head.length || head[i] != '{') {
            return false;
        }
        String text = new String(head, StandardCharsets.UTF_8);
        return HF_KEYS.stream().anyMatch(text::contains);
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        JsonNode root;
        try {
            root = JSON.readTree(blob.data().toArray(ValueLayout.JAVA_BYTE));
        } catch (IOException e) {
            throw ScanAbort.malformed(0, "Hugging Face configuration is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ScanAbort.malformed(0, "Hugging Face configuration is not a JSON object");
        }
        Set<String> modules = new LinkedHashSet<>();
        List<String> otherRepos = new ArrayList<>();
        collect(root.get("auto_map"), "auto_map", modules, otherRepos);
        JsonNode pipelines = root.get("custom_pipelines");
        if (pipelines != null && pipelines.isObject()) {
            for (Map.Entry<String, JsonNode> p : pipelines.properties()) {
                collect(p.getValue().get("impl"), "custom_pipelines." + p.getKey() + ".impl", modules, otherRepos);
            }
        }
        for (String o : otherRepos) {
            ctx.report(OTHER_REPO_CODE, -1, "auto_map", o);
        }
        if (!modules.isEmpty()) {
            ctx.report(REMOTE_CODE, -1, "auto_map", "loading with trust_remote_code=True imports "
                    + String.join(", ", modules.stream().map(m -> m + ".py").toList()) + " from the model folder");
        }
    }

    /** auto_map values are "module.Class", ["module.Class", null] (tokenizers) or "org/repo--module.Class". */
    private static void collect(JsonNode node, String where, Set<String> modules, List<String> otherRepos) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isTextual()) {
            String ref = node.asText();
            int repo = ref.indexOf("--");
            String local = repo >= 0 ? ref.substring(repo + 2) : ref;
            int dot = local.lastIndexOf('.');
            String module = dot > 0 ? local.substring(0, dot) : local;
            if (repo >= 0) {
                otherRepos.add(where + " = \"" + ref + "\" loads " + module + ".py from repository "
                        + ref.substring(0, repo));
            } else {
                modules.add(module);
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode n : node) {
                collect(n, where + "[" + i++ + "]", modules, otherRepos);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collect(e.getValue(), where + "." + e.getKey(), modules, otherRepos);
            }
        }
    }
}
