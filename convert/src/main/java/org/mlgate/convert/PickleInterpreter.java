package org.mlgate.convert;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.tensors.Dtype;

/**
 * A bounded, reconstructing pickle interpreter for the pickles {@code torch.save} writes (protocols 2 to 5).
 * It builds a {@link Value} tree and applies only an explicit allowlist of reconstruction functions, each
 * implemented here in Java:
 * <ul>
 *   <li>{@code collections.OrderedDict()} (no arguments; filled by SETITEM(S); BUILD attributes such as
 *       {@code _metadata} are ignored),</li>
 *   <li>{@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])},
 *       {@code torch._utils._rebuild_tensor(storage, offset, size, stride)} (PyTorch 0.4 legacy files) and {@code torch._utils._rebuild_parameter(data, requires_grad, hooks)},</li>
 *   <li>storages through BINPERSID {@code ('storage', torch.XStorage, key, location, numel)} for the ten typed
 *       storage classes (legacy files append a view entry, which must be None),</li>
 *   <li>{@code argparse.Namespace()} (REDUCE or NEWOBJ without arguments, then BUILD with a dict of fields).</li>
 * </ul>
 * Any other global, opcode or call is refused with a {@link ConversionRefused} naming it and its byte offset.
 * Nothing is imported, executed or deserialised; the interpreter never allocates more than the input's size
 * allows (every object costs at least one opcode byte) plus fixed limits.
 */
final class PickleInterpreter {
    static final int MAX_DEPTH = 10_000;
    static final int MAX_DIMS = 64;
    /** Longest string rebuilt (checkpoint pickles hold names and small values, never weights). */
    static final long MAX_STRING = 64L << 20;
    /** Longest GLOBAL operand line (a module or attribute name). */
    static final long MAX_LINE = 4096;

    static final Map<String, Dtype> STORAGES = Map.of(
            "FloatStorage", Dtype.F32, "HalfStorage", Dtype.F16, "BFloat16Storage", Dtype.BF16,
            "DoubleStorage", Dtype.F64, "LongStorage", Dtype.I64, "IntStorage", Dtype.I32,
            "ShortStorage", Dtype.I16, "CharStorage", Dtype.I8, "ByteStorage", Dtype.U8, "BoolStorage", Dtype.BOOL);

    private static final String ORDERED_DICT = "collections.OrderedDict";
    private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor_v2";
    /** What PyTorch 0.4 wrote (no requires_grad or hooks); legacy files of that age use it. */
    private static final String REBUILD_TENSOR_V1 = "torch._utils._rebuild_tensor";
    private static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
    private static final String NAMESPACE = "argparse.Namespace";

    private static final Object MARK = new Object();

    private final MemorySegment in;
    private long pos;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Value> memo = new HashMap<>();

    private PickleInterpreter(MemorySegment in, long start) {
        this.in = in;
        this.pos = start;
    }

    /** What one pickle rebuilt, and the offset just past its STOP opcode. */
    record Result(Value value, long end) { }

    /** Interprets a whole pickle; the result is what STOP leaves. */
    static Value run(byte[] pickle) throws ConversionRefused {
        return run(MemorySegment.ofArray(pickle), 0).value();
    }

    /**
     * Interprets the pickle starting at {@code start} in {@code in} (which may hold more after it, as legacy
     * PyTorch files do); offsets in refusals are offsets in {@code in}.
     */
    static Result run(MemorySegment in, long start) throws ConversionRefused {
        PickleInterpreter p = new PickleInterpreter(in, start);
        Value v = p.run();
        return new Result(v, p.pos);
    }

    static boolean allowed(String module, String name) {
        String q = module + "." + name;
        return q.equals(ORDERED_DICT) || q.equals(REBUILD_TENSOR) || q.equals(REBUILD_TENSOR_V1)
                || q.equals(REBUILD_PARAMETER) || q.equals(NAMESPACE) || (module.equals("torch") && STORAGES.containsKey(name));
    }

    private Value run() throws ConversionRefused {
        while (true) {
            if (pos >= in.byteSize()) {
                throw ConversionRefused.unsupported(pos, "pickle ends without STOP");
            }
            long at = pos;
            int op = byteAt(pos++);
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) {
                        throw ConversionRefused.unsupported(at, "pickle protocol " + proto + " (2 to 5 supported)");
                    }
                }
                case 0x95 -> skip(8); // FRAME: the frame length only groups opcodes
                case 'c' -> push(global(at, line(), line()));
                case 0x93 -> { // STACK_GLOBAL
                    String name = str(pop(at), at, "STACK_GLOBAL name");
                    String module = str(pop(at), at, "STACK_GLOBAL module");
                    push(global(at, module, name));
                }
                case 'X' -> push(new Value.Str(utf8(at, u32(at))));
                case 0x8c -> push(new Value.Str(utf8(at, u8())));
                case 0x8d -> push(new Value.Str(utf8(at, u64(at))));
                case 'J' -> push(new Value.Int(le(4, true)));
                case 'K' -> push(new Value.Int(u8()));
                case 'M' -> push(new Value.Int(le(2, false)));
                case 0x8a -> push(new Value.Int(long1(at)));
                case 'G' -> push(new Value.Float(Double.longBitsToDouble(be8())));
                case 'N' -> push(Value.None.NONE);
                case 0x88 -> push(new Value.Bool(true));
                case 0x89 -> push(new Value.Bool(false));
                case '(' -> {
                    if (marks.size() >= MAX_DEPTH) {
                        throw ConversionRefused.budget(at, "more than " + MAX_DEPTH + " nested MARKs");
                    }
                    marks.add(stack.size());
                    push(MARK);
                }
                case '}' -> push(new Value.Dict(Value.DictKind.DICT));
                case ']' -> push(new Value.PyList());
                case ')' -> push(new Value.Tuple(List.of()));
                case 0x85 -> push(new Value.Tuple(List.of(pop(at))));
                case 0x86 -> {
                    Value b = pop(at);
                    Value a = pop(at);
                    push(new Value.Tuple(List.of(a, b)));
                }
                case 0x87 -> {
                    Value c = pop(at);
                    Value b = pop(at);
                    Value a = pop(at);
                    push(new Value.Tuple(List.of(a, b, c)));
                }
                case 't' -> push(new Value.Tuple(popMark(at)));
                case 's' -> {
                    Value v = pop(at);
                    Value k = pop(at);
                    put(at, top(at), k, v);
                }
                case 'u' -> {
                    List<Value> items = popMark(at);
                    if (items.size() % 2 != 0) {
                        throw ConversionRefused.unsupported(at, "SETITEMS with an odd number of items");
                    }
                    Value d = top(at);
                    for (int i = 0; i < items.size(); i += 2) {
                        put(at, d, items.get(i), items.get(i + 1));
                    }
                }
                case 'a' -> {
                    Value v = pop(at);
                    list(at, top(at)).add(v);
                }
                case 'e' -> {
                    List<Value> items = popMark(at);
                    list(at, top(at)).addAll(items);
                }
                case '0' -> pop(at); // POP
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(top(at)); // DUP
                case 'q' -> memo.put((long) u8(), top(at));
                case 'r' -> memo.put(u32(at), top(at));
                case 0x94 -> memo.put((long) memo.size(), top(at));
                case 'h' -> push(get(at, u8()));
                case 'j' -> push(get(at, u32(at)));
                case 'R' -> {
                    Value args = pop(at);
                    Value fn = pop(at);
                    push(call(at, fn, args));
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
                    Value args = pop(at);
                    Value cls = pop(at);
                    push(newObject(at, cls, args));
                }
                case 'b' -> {
                    Value state = pop(at);
                    build(at, top(at), state);
                }
                case 'Q' -> push(persistent(at, pop(at)));
                case '.' -> {
                    Value result = pop(at);
                    if (!stack.isEmpty()) {
                        throw ConversionRefused.unsupported(at, "STOP leaves " + stack.size() + " items on the stack");
                    }
                    return result;
                }
                default -> throw ConversionRefused.unsupported(at, String.format(
                        "pickle opcode 0x%02x is not one torch.save writes", op));
            }
        }
    }

    // ---- reconstruction (the allowlist) ----

    private Value.Global global(long at, String module, String name) throws ConversionRefused {
        if (!allowed(module, name)) {
            throw ConversionRefused.global(module + "." + name, at, "global outside the reconstruction allowlist:");
        }
        return new Value.Global(module, name);
    }

    private Value call(long at, Value fn, Value argsValue) throws ConversionRefused {
        if (!(fn instanceof Value.Global g)) {
            throw ConversionRefused.unsupported(at, "REDUCE applies a " + kind(fn) + ", not an allowlisted function");
        }
        if (!(argsValue instanceof Value.Tuple(List<Value> args))) {
            throw ConversionRefused.global(g.qualified(), at, "call with non-tuple arguments to");
        }
        switch (g.qualified()) {
            case ORDERED_DICT, NAMESPACE -> {
                if (!args.isEmpty()) {
                    throw ConversionRefused.global(g.qualified(), at, "call with arguments to");
                }
                return new Value.Dict(g.qualified().equals(NAMESPACE) ? Value.DictKind.NAMESPACE
                        : Value.DictKind.ORDERED_DICT);
            }
            case REBUILD_TENSOR -> {
                return rebuildTensor(at, args);
            }
            case REBUILD_TENSOR_V1 -> {
                if (args.size() != 4) {
                    throw ConversionRefused.unsupported(at, REBUILD_TENSOR_V1 + " with " + args.size() + " arguments");
                }
                return view(at, args, REBUILD_TENSOR_V1);
            }
            case REBUILD_PARAMETER -> {
                if (args.size() != 3 || !(args.get(0) instanceof Value.TensorRef t)
                        || !(args.get(1) instanceof Value.Bool) || !emptyHooks(args.get(2))) {
                    throw ConversionRefused.unsupported(at, REBUILD_PARAMETER + " with unexpected arguments " + args);
                }
                return t;
            }
            default -> throw ConversionRefused.global(g.qualified(), at, "call to");
        }
    }

    private Value.TensorRef rebuildTensor(long at, List<Value> args) throws ConversionRefused {
        if (args.size() != 6 && args.size() != 7) {
            throw ConversionRefused.unsupported(at, REBUILD_TENSOR + " with " + args.size() + " arguments");
        }
        Value.TensorRef view = view(at, args, REBUILD_TENSOR);
        if (!(args.get(4) instanceof Value.Bool) || !emptyHooks(args.get(5))) {
            throw ConversionRefused.unsupported(at, REBUILD_TENSOR + " with requires_grad " + args.get(4)
                    + " and backward hooks " + args.get(5));
        }
        if (args.size() == 7 && !(args.get(6) instanceof Value.None)
                && !(args.get(6) instanceof Value.Dict d && d.entries().isEmpty())) {
            throw ConversionRefused.unsupported(at, REBUILD_TENSOR + " with tensor metadata " + args.get(6));
        }
        return view;
    }

    /** The (storage, offset, size, stride) arguments both rebuild functions start with. */
    private static Value.TensorRef view(long at, List<Value> args, String fn) throws ConversionRefused {
        if (!(args.get(0) instanceof Value.Storage storage)) {
            throw ConversionRefused.unsupported(at, fn + " of a " + kind(args.get(0)) + ", not a storage");
        }
        long offset = nonNegative(at, args.get(1), "storage offset");
        List<Long> size = dims(at, args.get(2), "size");
        List<Long> stride = dims(at, args.get(3), "stride");
        if (size.size() != stride.size()) {
            throw ConversionRefused.unsupported(at, "tensor size " + size + " and stride " + stride
                    + " differ in length");
        }
        return new Value.TensorRef(storage, offset, size, stride);
    }

    /** Backward hooks as torch.save writes them: an empty OrderedDict (or dict). */
    private static boolean emptyHooks(Value v) {
        return v instanceof Value.Dict d && d.kind() != Value.DictKind.NAMESPACE && d.entries().isEmpty();
    }

    private Value newObject(long at, Value cls, Value args) throws ConversionRefused {
        if (cls instanceof Value.Global g && (g.qualified().equals(NAMESPACE) || g.qualified().equals(ORDERED_DICT))
                && args instanceof Value.Tuple(List<Value> items) && items.isEmpty()) {
            return new Value.Dict(g.qualified().equals(NAMESPACE) ? Value.DictKind.NAMESPACE
                    : Value.DictKind.ORDERED_DICT);
        }
        throw cls instanceof Value.Global g ? ConversionRefused.global(g.qualified(), at, "NEWOBJ of")
                : ConversionRefused.unsupported(at, "NEWOBJ of a " + kind(cls));
    }

    private void build(long at, Value obj, Value state) throws ConversionRefused {
        if (obj instanceof Value.Dict d && state instanceof Value.Dict s) {
            if (d.kind() == Value.DictKind.NAMESPACE) {
                for (Map.Entry<Value, Value> e : s.entries().entrySet()) {
                    if (!(e.getKey() instanceof Value.Str)) {
                        throw ConversionRefused.unsupported(at, "argparse.Namespace field named by a "
                                + kind(e.getKey()));
                    }
                    d.entries().put(e.getKey(), e.getValue());
                }
                return;
            }
            if (d.kind() == Value.DictKind.ORDERED_DICT) {
                return; // instance attributes of a state dict (its _metadata versions): not weights, dropped
            }
        }
        throw ConversionRefused.unsupported(at, "BUILD of a " + kind(obj) + " with a " + kind(state));
    }

    private Value.Storage persistent(long at, Value pid) throws ConversionRefused {
        // Zip checkpoints write ('storage', type, key, location, numel); legacy files add view metadata, None
        // since storage views were removed (PyTorch 0.4); older files with a view are refused.
        if (!(pid instanceof Value.Tuple(List<Value> t)) || (t.size() != 5 && t.size() != 6)
                || !(t.get(0) instanceof Value.Str(String tag)) || !tag.equals("storage")) {
            throw ConversionRefused.unsupported(at, "persistent id " + pid + " is not a PyTorch storage reference");
        }
        if (t.size() == 6 && !(t.get(5) instanceof Value.None)) {
            throw ConversionRefused.unsupported(at, "storage " + t.get(2) + " is a view of another storage "
                    + t.get(5) + " (written before PyTorch 0.4; not supported)");
        }
        if (!(t.get(1) instanceof Value.Global g) || !g.module().equals("torch")
                || !STORAGES.containsKey(g.name())) {
            throw ConversionRefused.unsupported(at, "storage of type " + t.get(1));
        }
        if (!(t.get(2) instanceof Value.Str(String key)) || !(t.get(3) instanceof Value.Str(String location))) {
            throw ConversionRefused.unsupported(at, "storage key or location is not a string: " + pid);
        }
        long numel = nonNegative(at, t.get(4), "storage size");
        return new Value.Storage(key, STORAGES.get(g.name()), location, numel);
    }

    private static long nonNegative(long at, Value v, String what) throws ConversionRefused {
        if (v instanceof Value.Int(long n) && n >= 0) {
            return n;
        }
        throw ConversionRefused.unsupported(at, what + " " + v + " is not a non-negative integer");
    }

    private static List<Long> dims(long at, Value v, String what) throws ConversionRefused {
        if (!(v instanceof Value.Tuple(List<Value> items)) || items.size() > MAX_DIMS) {
            throw ConversionRefused.unsupported(at, "tensor " + what + " " + v + " is not a tuple of at most "
                    + MAX_DIMS + " integers");
        }
        List<Long> out = new ArrayList<>(items.size());
        for (Value i : items) {
            out.add(nonNegative(at, i, "tensor " + what + " element"));
        }
        return out;
    }

    // ---- containers ----

    private static void put(long at, Value target, Value key, Value value) throws ConversionRefused {
        if (!(target instanceof Value.Dict d)) {
            throw ConversionRefused.unsupported(at, "SETITEM on a " + kind(target));
        }
        if (!(key instanceof Value.Str || key instanceof Value.Int || key instanceof Value.Bool
                || key instanceof Value.None)) {
            throw ConversionRefused.unsupported(at, "dict key of type " + kind(key));
        }
        d.entries().put(key, value);
    }

    private static List<Value> list(long at, Value target) throws ConversionRefused {
        if (target instanceof Value.PyList l) {
            return l.items();
        }
        throw ConversionRefused.unsupported(at, "APPEND on a " + kind(target));
    }

    static String kind(Value v) {
        return switch (v) {
            case Value.Dict d -> d.kind() == Value.DictKind.NAMESPACE ? "Namespace" : "dict";
            case Value.PyList l -> "list";
            case Value.Tuple t -> "tuple";
            case Value.Str s -> "str";
            case Value.Int i -> "int";
            case Value.Float f -> "float";
            case Value.Bool b -> "bool";
            case Value.None n -> "None";
            case Value.Global g -> "global " + g.qualified();
            case Value.Storage s -> "storage";
            case Value.TensorRef t -> "tensor";
        };
    }

    // ---- stack and memo ----

    private void push(Object v) {
        stack.add(v);
    }

    private Value pop(long at) throws ConversionRefused {
        if (stack.isEmpty()) {
            throw ConversionRefused.unsupported(at, "pickle stack underflow");
        }
        Object v = stack.removeLast();
        if (v == MARK) {
            throw ConversionRefused.unsupported(at, "opcode consumes a MARK");
        }
        return (Value) v;
    }

    private Value top(long at) throws ConversionRefused {
        if (stack.isEmpty() || stack.getLast() == MARK) {
            throw ConversionRefused.unsupported(at, "opcode needs a value on the stack");
        }
        return (Value) stack.getLast();
    }

    private List<Value> popMark(long at) throws ConversionRefused {
        if (marks.isEmpty()) {
            throw ConversionRefused.unsupported(at, "no MARK on the stack");
        }
        int m = marks.removeLast();
        List<Value> items = new ArrayList<>(stack.size() - m - 1);
        for (int i = m + 1; i < stack.size(); i++) {
            items.add((Value) stack.get(i));
        }
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private Value get(long at, long index) throws ConversionRefused {
        Value v = memo.get(index);
        if (v == null) {
            throw ConversionRefused.unsupported(at, "memo index " + index + " was never stored");
        }
        return v;
    }

    // ---- reading ----

    private void need(long at, long n) throws ConversionRefused {
        if (n < 0 || n > in.byteSize() - pos) {
            throw ConversionRefused.unsupported(at, "pickle truncated: opcode needs " + n + " more bytes");
        }
    }

    private void skip(int n) throws ConversionRefused {
        need(pos - 1, n);
        pos += n;
    }

    private int u8() throws ConversionRefused {
        need(pos - 1, 1);
        return byteAt(pos++);
    }

    private long le(int n, boolean signed) throws ConversionRefused {
        need(pos - 1, n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | byteAt(pos + i);
        }
        pos += n;
        if (signed && n < 8) {
            v = (v << (64 - 8 * n)) >> (64 - 8 * n);
        }
        return v;
    }

    private long u32(long at) throws ConversionRefused {
        return le(4, false);
    }

    private long u64(long at) throws ConversionRefused {
        long v = le(8, false);
        if (v < 0) {
            throw ConversionRefused.unsupported(at, "length above 2^63");
        }
        return v;
    }

    private long be8() throws ConversionRefused {
        need(pos - 1, 8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | byteAt(pos + i);
        }
        pos += 8;
        return v;
    }

    private long long1(long at) throws ConversionRefused {
        int n = u8();
        if (n == 0) {
            return 0;
        }
        if (n > 8) {
            throw ConversionRefused.unsupported(at, "LONG1 integer of " + n + " bytes does not fit 64 bits");
        }
        return le(n, true);
    }

    private String utf8(long at, long n) throws ConversionRefused {
        need(at, n);
        if (n > MAX_STRING) {
            throw ConversionRefused.budget(at, "string of " + n + " bytes (limit " + MAX_STRING + ")");
        }
        String s = new String(in.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    private int byteAt(long at) {
        return in.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }

    private String line() throws ConversionRefused {
        long start = pos;
        while (pos < in.byteSize() && pos - start <= MAX_LINE && byteAt(pos) != '\n') {
            pos++;
        }
        if (pos >= in.byteSize() || pos - start > MAX_LINE) {
            throw ConversionRefused.unsupported(start - 1, "GLOBAL operand not terminated by a newline within "
                    + MAX_LINE + " bytes");
        }
        String s = new String(in.asSlice(start, pos - start).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private static String str(Value v, long at, String what) throws ConversionRefused {
        if (v instanceof Value.Str(String s)) {
            return s;
        }
        throw ConversionRefused.unsupported(at, what + " is a " + kind(v) + ", not a string");
    }
}
