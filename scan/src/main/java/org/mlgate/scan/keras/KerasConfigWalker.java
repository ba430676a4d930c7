package org.mlgate.scan.keras;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;
import org.mlgate.core.Severity;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.keras.JsonTree.Arr;
import org.mlgate.scan.keras.JsonTree.Field;
import org.mlgate.scan.keras.JsonTree.Obj;
import org.mlgate.scan.keras.JsonTree.Str;
import org.mlgate.scan.keras.JsonTree.Value;
import org.mlgate.scan.policy.Classification;
import org.mlgate.scan.policy.Global;

/**
 * Walks a Keras model configuration (Keras 3 {@code config.json} / {@code get_config()} serialisation,
 * Keras 2 {@code to_json()} / {@code model_config}, compile and training configs) and reports what a
 * loader would import or run. Every object in the tree is visited, not only known places (layers, nested
 * models, wrappers, optimizers, losses, metrics, initializers): Keras deserialises any dict carrying a
 * {@code class_name}, wherever it sits.
 */
final class KerasConfigWalker {
    /** Builtins that Keras 3 serialises as plain values (tuples, slices, ...), which run nothing. */
    private static final Set<String> PLAIN_BUILTINS = Set.of("tuple", "list", "dict", "set", "frozenset", "int",
            "float", "complex", "str", "bytes", "bool", "slice", "range", "NoneType", "Ellipsis");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final String SAFE_MODE_LAMBDA = "; Keras 3 refuses it only with safe_mode=True, Keras 2 always runs it";
    private static final String SAFE_MODE_IMPORT = "; safe_mode does not prevent this import";

    private final ScanContext ctx;
    private final String source;
    private final boolean offsetsInBlob;
    /** Objects already judged as Lambda functions, so the generic check does not report them twice. */
    private final Set<Obj> handled = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param source        what the JSON is, for locations ("config.json", "attribute model_config")
     * @param offsetsInBlob whether JSON offsets are offsets in the scanned blob (a JSON member), or only in
     *                      the JSON text (an HDF5 attribute)
     */
    KerasConfigWalker(ScanContext ctx, String source, boolean offsetsInBlob) {
        this.ctx = ctx;
        this.source = source;
        this.offsetsInBlob = offsetsInBlob;
    }

    /**
     * Where a value sits, rendered only when reported (building path strings for every value would cost
     * time quadratic in the depth).
     */
    record JsonPath(JsonPath parent, String step) {
        static final JsonPath ROOT = new JsonPath(null, "$");
        private static final int MAX_STEP = 40;

        JsonPath key(String name) {
            return new JsonPath(this, "." + (name.length() > MAX_STEP ? name.substring(0, MAX_STEP) + "…" : name));
        }

        JsonPath index(int i) {
            return new JsonPath(this, "[" + i + "]");
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (JsonPath p = this; p != null; p = p.parent) {
                sb.insert(0, p.step);
            }
            return sb.length() > 400 ? "…" + sb.substring(sb.length() - 400) : sb.toString();
        }
    }

    void walk(Value root) throws ScanAbort {
        visit(root, JsonPath.ROOT);
    }

    private void visit(Value v, JsonPath path) throws ScanAbort {
        ctx.checkTime();
        switch (v) {
            case Obj o -> {
                object(o, path);
                for (Field f : o.fields()) {
                    visit(f.value(), path.key(f.name()));
                }
            }
            case Arr a -> {
                for (int i = 0; i < a.items().size(); i++) {
                    visit(a.items().get(i), path.index(i));
                }
            }
            default -> {
                // strings and scalars: layer names, shapes, hyperparameters
            }
        }
    }

    private void object(Obj o, JsonPath path) {
        String cls = o.string("class_name");
        if (cls == null) {
            return;
        }
        if (cls.equals("__lambda__")) {
            Value code = o.get("config") instanceof Obj c ? c.get("code") : null;
            report(KerasRules.LAMBDA_CODE, o, path, "serialised Python lambda (class_name __lambda__)"
                    + codeSize(code) + ": Keras unmarshals and runs its bytecode" + SAFE_MODE_LAMBDA);
            return;
        }
        if (cls.equals("Lambda") && o.get("config") instanceof Obj c) {
            lambda(c, path.key("config"));
        }
        if (handled.contains(o)) {
            return;
        }
        String module = o.string("module");
        if (module == null || kerasModule(module, cls)) {
            layer(o, cls, path);
        }
        if (module == null && gadget("keras", cls, o, path, "configuration names")) {
            return; // Keras 2 objects carry no module: the class name is looked up among Keras's own
        }
        if (module != null) {
            // Keras 3 function references name the function in config: {"class_name": "function", "config": "relu"}
            String name = cls.equals("function") && o.string("config") != null ? o.string("config") : cls;
            if (denied(module, name, o, path)) {
                return;
            }
            if (!kerasModule(module, name)) {
                report(KerasRules.CUSTOM_MODULE, o, path, "object " + shown(cls) + " from module '" + shown(module)
                        + "': the loader imports " + shown(module) + " and uses " + shown(name) + SAFE_MODE_IMPORT);
                return;
            }
            if (gadget(module, name, o, path, "configuration names")) {
                return;
            }
        }
        String registered = o.string("registered_name");
        if (registered != null) {
            int gt = registered.indexOf('>');
            if (gt >= 0 && !kerasModule(registered.substring(0, gt), "")) {
                report(KerasRules.CUSTOM_MODULE, o, path, "object " + shown(cls) + " registered as '"
                        + shown(registered) + "' by package " + shown(registered.substring(0, gt)) + ": custom code outside Keras is "
                        + "imported or looked up to build it");
            }
        }
    }

    /** A Lambda layer's config: Keras 2 ({@code function}, {@code function_type}, {@code module}) or 3. */
    private void lambda(Obj c, JsonPath path) {
        part(c, "function", "function_type", "module", path);
        part(c, "output_shape", "output_shape_type", "output_shape_module", path);
    }

    private void part(Obj c, String key, String typeKey, String moduleKey, JsonPath path) {
        Value fn = c.get(key);
        String type = c.string(typeKey);
        JsonPath where = path.key(key);
        switch (fn) {
            case null -> { }
            case Obj ref when "function".equals(ref.string("class_name")) -> {
                // Keras 3 reference: {"module": m, "class_name": "function", "config": name}
                handled.add(ref);
                String module = ref.string("module");
                String name = ref.string("config") != null ? ref.string("config") : "?";
                reference(module, name, ref, where);
            }
            case Arr code when "lambda".equals(type) || type == null -> report(KerasRules.LAMBDA_CODE, code, where,
                    "Lambda layer " + key + " is marshalled Python bytecode" + codeSize(code.items().isEmpty()
                            ? null : code.items().getFirst()) + ": Keras unmarshals and runs it" + SAFE_MODE_LAMBDA);
            case Str s when "lambda".equals(type) || (type == null && !IDENTIFIER.matcher(s.value()).matches()) ->
                    report(KerasRules.LAMBDA_CODE, s, where, "Lambda layer " + key + " is marshalled Python "
                            + "bytecode" + codeSize(s) + ": Keras unmarshals and runs it" + SAFE_MODE_LAMBDA);
            case Str s when "function".equals(type) || type == null -> reference(c.string(moduleKey), s.value(), s, where);
            default -> { }
        }
    }

    /** A Lambda calling a named function: dangerous if denylisted, benign-ish only inside Keras. */
    private void reference(String module, String name, Value at, JsonPath path) {
        String m = module == null ? "__main__" : module;
        if (denied(m, name, at, path)) {
            return;
        }
        String msg = "Lambda layer calls " + shown(m + "." + name) + " by reference; the loader resolves it from that module";
        if (kerasModule(m, name) && gadget(m, name, at, path, "Lambda layer calls")) {
            return;
        }
        if (kerasModule(m, name)) {
            report(KerasRules.LAMBDA_REFERENCE, Severity.INFO, at, path, msg + " (a Keras function)");
        } else {
            report(KerasRules.LAMBDA_REFERENCE, at, path, msg + " and calls it when the layer runs");
        }
    }

    /** A Keras callable with side effects (the reviewed list in keras-gadgets.json). */
    private boolean gadget(String module, String name, Value at, JsonPath path, String how) {
        return KerasGadgets.callable(name).map(g -> {
            report(KerasRules.SIDE_EFFECT_CALLABLE, g.severity(), at, path, how + " " + shown(module + "." + name)
                    + " (" + g.touches() + "): " + g.reason() + SAFE_MODE_IMPORT);
            return true;
        }).orElse(false);
    }

    /** A Keras layer that loads something named in its config (TFSMLayer, lookups with a vocabulary path). */
    private void layer(Obj o, String cls, JsonPath path) {
        KerasGadgets.Layer layer = KerasGadgets.layer(cls).orElse(null);
        if (layer == null || !(o.get("config") instanceof Obj c)) {
            return;
        }
        for (String key : layer.configKeys()) {
            Value v = c.get(key);
            if (v == null || (!layer.always() && !(v instanceof Str))) {
                continue; // an inline vocabulary (a list) loads nothing
            }
            String what = v instanceof Str s ? " '" + shown(s.value()) + "'" : "";
            report(KerasRules.EXTERNAL_LOAD_LAYER, layer.severity(), v, path.key("config").key(key), "layer "
                    + shown(cls) + " loads config." + key + what + ": " + layer.reason());
            if (cls.equals("TorchModuleWrapper") && v instanceof Str s) {
                torchModule(s);
            }
        }
    }

    /** TorchModuleWrapper's module: base64 of a torch.save file that from_config unpickles; scanned as a member. */
    private void torchModule(Str s) {
        byte[] bytes;
        try {
            bytes = java.util.Base64.getMimeDecoder().decode(s.value());
        } catch (IllegalArgumentException e) {
            ctx.problem(org.mlgate.core.Problem.Kind.MALFORMED, offsetsInBlob ? s.offset() : -1,
                    "TorchModuleWrapper module is not base64: " + e.getMessage());
            return;
        }
        ctx.scanMember("TorchModuleWrapper.module (base64)", org.mlgate.scan.engine.Blob.of("module.pt", bytes));
    }

    private boolean denied(String module, String name, Value at, JsonPath path) {
        if (ctx.policy().deniedReason(new Global(module, name)) instanceof Classification.Denied d) {
            report(KerasRules.DANGEROUS_MODULE, at, path, "configuration names " + shown(module + "." + name) + " ("
                    + d.reason() + "); the loader imports and calls it" + SAFE_MODE_IMPORT);
            return true;
        }
        return false;
    }

    /** Keras's own namespace, plus builtins used for plain values. */
    static boolean kerasModule(String module, String name) {
        if (module.equals("keras") || module.startsWith("keras.")) {
            return true;
        }
        return module.equals("builtins") && PLAIN_BUILTINS.contains(name);
    }

    /** Names from the file, shortened for messages (they are attacker-controlled and can be megabytes). */
    static String shown(String name) {
        String s = name.length() > 120 ? name.substring(0, 120) + "…" : name;
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return sb.toString();
    }

    private static String codeSize(Value code) {
        return code instanceof Str s ? " (" + s.value().length() + " characters of code)" : "";
    }

    private void report(org.mlgate.core.Rule rule, Value at, JsonPath path, String message) {
        report(rule, rule.defaultSeverity(), at, path, message);
    }

    private void report(org.mlgate.core.Rule rule, Severity severity, Value at, JsonPath path, String message) {
        String where = source.isEmpty() ? path.toString() : source + " " + path;
        if (offsetsInBlob) {
            ctx.report(rule, severity, at.offset(), where, message);
        } else {
            ctx.report(rule, severity, -1, where, message + " (JSON offset " + at.offset() + ")");
        }
    }
}
