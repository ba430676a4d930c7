package org.mlgate.convert;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a rebuilt checkpoint into dotted names: dict keys (strings; integers, booleans and None as Python
 * prints them) and list/tuple indices joined by {@code .}, e.g. {@code optimizer.state.0.momentum_buffer}. When
 * the top-level dict has exactly one entry and that entry is a dict ({@code {"state_dict": {...}}}), that one
 * wrapper is dropped. Tensors become tensors; numbers, strings, booleans and None become {@code __metadata__}
 * entries holding their JSON text; empty containers leave nothing. Depth and the number of values visited are
 * bounded (cycles and shared sub-trees made through the memo stop there).
 */
final class Flattener {
    /** Reserved for the converter's own {@code __metadata__} entry. */
    static final String FORMAT_KEY = "format";
    /** Deepest nesting followed (a pickle can make a container hold itself through the memo). */
    // Real checkpoints nest a few levels (optimizer.state.0.exp_avg); 1,000 overflowed the stack under
    // instrumentation (found by CheckpointReaderFuzzTest). Recursion stays well inside any thread stack.
    static final int MAX_DEPTH = 200;
    /** Most values visited (shared sub-trees are visited once per path, so a small pickle can fan out). */
    static final int MAX_NODES = 1_000_000;

    record Flat(Map<String, Value.TensorRef> tensors, Map<String, String> metadata) { }

    private final Map<String, Value.TensorRef> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private int depth;
    private int nodes;

    private Flattener() {
    }

    static Flat flatten(Value root) throws ConversionRefused {
        if (!(root instanceof Value.Dict top)) {
            throw ConversionRefused.unsupported(-1, "the checkpoint is a " + PickleInterpreter.kind(root)
                    + ", not a dict of tensors");
        }
        Value start = top;
        if (top.entries().size() == 1 && top.entries().values().iterator().next() instanceof Value.Dict inner) {
            start = inner;
        }
        Flattener f = new Flattener();
        f.walk("", start);
        return new Flat(f.tensors, f.metadata);
    }

    private void walk(String name, Value v) throws ConversionRefused {
        if (++depth > MAX_DEPTH) {
            throw ConversionRefused.budget(-1, "object tree nested more than " + MAX_DEPTH + " levels (a cycle?)");
        }
        if (++nodes > MAX_NODES) {
            throw ConversionRefused.budget(-1, "object tree has more than " + MAX_NODES + " values by path");
        }
        switch (v) {
            case Value.Dict d -> {
                for (Map.Entry<Value, Value> e : d.entries().entrySet()) {
                    walk(join(name, key(e.getKey())), e.getValue());
                }
            }
            case Value.PyList l -> items(name, l.items());
            case Value.Tuple t -> items(name, t.items());
            case Value.TensorRef t -> tensors.put(leaf(name), t);
            case Value.Str s -> metadata.put(leaf(name), new String(JsonStringEncoder.getInstance()
                    .quoteAsString(s.value())).transform(q -> "\"" + q + "\""));
            case Value.Int i -> metadata.put(leaf(name), Long.toString(i.value()));
            case Value.Float f -> metadata.put(leaf(name), number(f.value()));
            case Value.Bool b -> metadata.put(leaf(name), Boolean.toString(b.value()));
            case Value.None n -> leaf(name); // nothing to record (a None, e.g. an unset scheduler): left out
            case Value.Storage s -> throw ConversionRefused.unsupported(-1, "a bare storage (not a tensor) at "
                    + (name.isEmpty() ? "the top level" : name));
            case Value.Global g -> throw ConversionRefused.unsupported(-1, "a class or function object ("
                    + g.qualified() + ") at " + (name.isEmpty() ? "the top level" : name));
        }
        depth--;
    }

    private void items(String name, List<Value> items) throws ConversionRefused {
        for (int i = 0; i < items.size(); i++) {
            walk(join(name, Integer.toString(i)), items.get(i));
        }
    }

    private String leaf(String name) throws ConversionRefused {
        if (name.isEmpty()) {
            throw ConversionRefused.unsupported(-1, "a value with an empty name");
        }
        if (name.equals(FORMAT_KEY) || name.equals("__metadata__")) {
            throw ConversionRefused.unsupported(-1, "a value named '" + name + "' (reserved in safetensors output)");
        }
        if (tensors.containsKey(name) || metadata.containsKey(name)) {
            throw ConversionRefused.unsupported(-1, "two values flatten to the name '" + name + "'");
        }
        return name;
    }

    /**
     * A float as JSON number text, as Python writes it: the shortest digits that read back to the same double, in
     * plain decimal (1e-8 is {@code 0.00000001}, 3.0 stays {@code 3.0}) unless the exponent is extreme ({@code 1e-30});
     * NaN and infinities as Python's json module writes them. Never Java's {@code 1.0E-8}.
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1; // of the leading digit
        if (d.signum() == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        if (exponent >= -20 && exponent < 21) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private static String key(Value k) {
        return switch (k) {
            case Value.Str s -> s.value();
            case Value.Int i -> Long.toString(i.value());
            case Value.Bool b -> b.value() ? "True" : "False";
            default -> "None";
        };
    }
}
