package org.mlgate.scan.pickle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.core.Severity;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.policy.Classification;
import org.mlgate.scan.policy.Global;
import org.mlgate.scan.policy.PythonNames;

/**
 * A symbolic pickle machine that reads a stream the way CPython's C unpickler does, without importing,
 * calling or constructing anything. It records every import and call it sees; when the stream is
 * broken it stops where the real unpickler would stop, keeping what it saw before.
 */
final class PickleVm {
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_DECODED_STRING = 1 << 20;
    private static final java.util.regex.Pattern DOTTED =
            java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*(\\.[\\p{L}_][\\p{L}\\p{N}_]*)*");

    /** What a completed stream produced. */
    record Result(long end, PValue value, long opcodes) { }

    private final MemorySegment seg;
    /** The backing array of a heap segment (strings are decoded from it without a copy), else null. */
    private final byte[] heap;
    private final long heapOffset;
    private final long limit;
    private final ScanContext ctx;
    private final Budgets budgets;
    private final HitLog hits;
    private final Map<Global, Classification> classified = new HashMap<>();
    private final StringHeuristics nested;

    private long pos;
    private int proto;
    private final VmStack stack;
    private final Memo memo = new Memo();
    private long frameEnd = -1;
    private long opcodes;
    private long opStart;

    PickleVm(MemorySegment seg, ScanContext ctx, HitLog hits, StringHeuristics nested) {
        this.seg = seg;
        this.limit = seg.byteSize();
        Object base = seg.heapBase().orElse(null);
        this.heap = base instanceof byte[] b ? b : null;
        this.heapOffset = heap == null ? 0 : seg.address();
        this.ctx = ctx;
        this.budgets = ctx.budgets();
        this.hits = hits;
        this.nested = nested;
        this.stack = new VmStack(budgets.maxStackDepth());
    }

    /** Opcodes fully executed so far (0 means the very first opcode failed). */
    long opcodes() {
        return opcodes;
    }

    /** Where the current opcode started (the failure point after an abort). */
    long opStart() {
        return opStart;
    }

    int protocol() {
        return proto;
    }

    /** Runs one stream from {@code start} to its STOP. */
    Result run(long start) throws ScanAbort {
        pos = start;
        while (true) {
            if (pos >= limit) {
                throw ScanAbort.malformed(pos, opcodes == 0 ? "empty pickle stream (EOF at first opcode)"
                        : "pickle data was truncated (no STOP opcode)");
            }
            opStart = pos;
            int op = u8();
            stack.at(opStart, op);
            if (opcodes >= budgets.maxOpcodes()) {
                throw ScanAbort.budget(opStart, "more than " + budgets.maxOpcodes() + " opcodes in one stream");
            }
            if ((opcodes & 0xFFFF) == 0xFFFF) {
                ctx.checkTime();
            }
            if (op == Op.STOP) {
                PValue v = stack.pop();
                checkFrame(op);
                opcodes++;
                return new Result(pos, v, opcodes);
            }
            execute(op);
            checkFrame(op);
            opcodes++;
        }
    }

    // ---------------------------------------------------------------- dispatch

    private void execute(int op) throws ScanAbort {
        switch (op) {
            case Op.PROTO -> {
                int p = u8();
                if (p > Op.HIGHEST_PROTOCOL) {
                    throw ScanAbort.malformed(opStart, "unsupported pickle protocol: " + p);
                }
                proto = p;
            }
            case Op.FRAME -> frame();
            case Op.MARK -> stack.mark();
            case Op.POP -> stack.popOrMark();
            case Op.POP_MARK -> stack.dropToMark();
            case Op.DUP -> stack.dup();
            case Op.NONE -> stack.push(PValue.NONE);
            case Op.NEWTRUE -> stack.push(PValue.TRUE);
            case Op.NEWFALSE -> stack.push(PValue.FALSE);
            case Op.INT -> stack.push(textInt(line()));
            case Op.LONG -> stack.push(textLong(line()));
            case Op.BININT -> stack.push(PValue.Int.of(i32()));
            case Op.BININT1 -> stack.push(PValue.Int.of(u8()));
            case Op.BININT2 -> stack.push(PValue.Int.of(u16()));
            case Op.LONG1 -> stack.push(binLong(u8()));
            case Op.LONG4 -> {
                int n = i32();
                if (n < 0) {
                    throw ScanAbort.malformed(opStart, "LONG pickle has negative byte count");
                }
                stack.push(binLong(n));
            }
            case Op.FLOAT -> stack.push(textFloat(line()));
            case Op.BINFLOAT -> {
                need(8);
                pos += 8;
                stack.push(PValue.FLOAT);
            }
            case Op.STRING -> stack.push(pythonString(line()));
            case Op.BINSTRING -> {
                int n = i32();
                if (n < 0) {
                    throw ScanAbort.malformed(opStart, "BINSTRING pickle has negative byte count");
                }
                stack.push(bytesValue(n, false, "BINSTRING"));
            }
            case Op.SHORT_BINSTRING -> stack.push(bytesValue(u8(), false, "SHORT_BINSTRING"));
            case Op.BINBYTES -> stack.push(bytesValue(u32(), false, "BINBYTES"));
            case Op.SHORT_BINBYTES -> stack.push(bytesValue(u8(), false, "SHORT_BINBYTES"));
            case Op.BINBYTES8 -> stack.push(bytesValue(u64(), false, "BINBYTES8"));
            case Op.BYTEARRAY8 -> stack.push(bytesValue(u64(), false, "BYTEARRAY8"));
            case Op.UNICODE -> stack.push(rawUnicode(line()));
            case Op.BINUNICODE -> stack.push(bytesValue(u32(), true, "BINUNICODE"));
            case Op.SHORT_BINUNICODE -> stack.push(bytesValue(u8(), true, "SHORT_BINUNICODE"));
            case Op.BINUNICODE8 -> stack.push(bytesValue(u64(), true, "BINUNICODE8"));
            case Op.NEXT_BUFFER -> throw ScanAbort.malformed(opStart,
                    "pickle stream refers to out-of-band data (NEXT_BUFFER) but a loader gives no buffers");
            case Op.READONLY_BUFFER -> stack.top();
            case Op.EMPTY_TUPLE -> stack.push(new PValue.Tuple(List.of()));
            case Op.TUPLE -> stack.push(new PValue.Tuple(stack.popToMark()));
            case Op.TUPLE1 -> stack.push(new PValue.Tuple(stack.popN(1)));
            case Op.TUPLE2 -> stack.push(new PValue.Tuple(stack.popN(2)));
            case Op.TUPLE3 -> stack.push(new PValue.Tuple(stack.popN(3)));
            case Op.EMPTY_LIST, Op.EMPTY_SET -> stack.push(new PValue.Seq());
            case Op.LIST, Op.FROZENSET -> {
                PValue.Seq s = new PValue.Seq();
                s.size = stack.dropToMark();
                stack.push(s);
            }
            case Op.EMPTY_DICT -> stack.push(new PValue.Dict());
            case Op.DICT -> {
                List<PValue> items = stack.popToMark();
                if (items.size() % 2 != 0) {
                    throw ScanAbort.malformed(opStart, "odd number of items for DICT");
                }
                PValue.Dict d = new PValue.Dict();
                for (int i = 0; i < items.size(); i += 2) {
                    d.put(items.get(i), items.get(i + 1));
                }
                stack.push(d);
            }
            case Op.APPEND -> stack.appendOne();
            case Op.APPENDS, Op.ADDITEMS -> stack.appendsFromMark();
            case Op.SETITEM -> stack.setItemOne();
            case Op.SETITEMS -> stack.setItemsFromMark();
            case Op.PUT -> memoPut(parseIndex(line(), "PUT"));
            case Op.BINPUT -> memoPut(u8());
            case Op.LONG_BINPUT -> memoPut(u32()); // unsigned, as calc_binsize reads it
            case Op.MEMOIZE -> memoPut(memo.count());
            case Op.GET -> memoGet(parseIndex(line(), "GET"));
            case Op.BINGET -> memoGet(u8());
            case Op.LONG_BINGET -> memoGet(u32());
            case Op.GLOBAL -> {
                String module = utf8Line("GLOBAL module");
                String name = utf8Line("GLOBAL name");
                stack.push(importGlobal(module, name, "GLOBAL"));
            }
            case Op.STACK_GLOBAL -> stackGlobal();
            case Op.INST -> {
                String module = utf8Line("INST module");
                String name = utf8Line("INST name");
                List<PValue> args = stack.popToMark();
                PValue cls = importGlobal(module, name, "INST");
                stack.push(call(cls, new PValue.Tuple(args), "INST"));
            }
            case Op.OBJ -> {
                List<PValue> items = stack.popToMark();
                if (items.isEmpty()) {
                    throw ScanAbort.malformed(opStart, "unpickling stack underflow at OBJ (no class after MARK)");
                }
                PValue cls = items.getFirst();
                stack.push(call(cls, new PValue.Tuple(items.subList(1, items.size())), "OBJ"));
            }
            case Op.REDUCE -> {
                PValue args = stack.pop();
                PValue callable = stack.pop();
                stack.push(call(callable, args, "REDUCE"));
            }
            case Op.NEWOBJ -> {
                PValue args = stack.pop();
                PValue cls = stack.pop();
                stack.push(call(cls, args, "NEWOBJ"));
            }
            case Op.NEWOBJ_EX -> {
                stack.pop(); // kwargs
                PValue args = stack.pop();
                PValue cls = stack.pop();
                stack.push(call(cls, args, "NEWOBJ_EX"));
            }
            case Op.BUILD -> build();
            case Op.EXT1 -> ext(u8());
            case Op.EXT2 -> ext(u16());
            case Op.EXT4 -> ext(i32());
            case Op.PERSID -> stack.push(persistent(new PValue.Str(asciiLine("PERSID"))));
            case Op.BINPERSID -> stack.push(persistent(stack.pop()));
            default -> throw ScanAbort.malformed(opStart, "invalid load key, " + describeByte(op));
        }
    }

    // ---------------------------------------------------------------- frames

    private void frame() throws ScanAbort {
        long len = u64();
        if (len < 0) {
            throw ScanAbort.malformed(opStart, "FRAME length exceeds the maximum size");
        }
        if (frameEnd > opStart) {
            frameViolation("FRAME starts a new frame " + (frameEnd - opStart) + " bytes before the current one ends");
        }
        // The C unpickler rejects a frame that runs past the end, but Python's own unpickler (which joblib
        // subclasses) reads the short frame and executes what is in it: report it and keep reading.
        if (len > limit - pos) {
            frameViolation("FRAME of " + len + " bytes runs past the end of the data (" + (limit - pos) + " left)");
            frameEnd = limit;
            return;
        }
        frameEnd = pos + len;
    }

    private void checkFrame(int op) {
        if (frameEnd >= 0 && opStart < frameEnd && pos > frameEnd && op != Op.FRAME) {
            frameViolation(Op.name(op) + " at " + opStart + " straddles the frame boundary at " + frameEnd);
        }
        if (frameEnd >= 0 && pos >= frameEnd) {
            frameEnd = -1;
        }
    }

    private void frameViolation(String message) {
        hits.add(ctx, ScanRules.FRAME_VIOLATION, Severity.MEDIUM, opStart, "FRAME", "frame", message);
    }

    // ---------------------------------------------------------------- globals and calls

    private void stackGlobal() throws ScanAbort {
        PValue name = stack.pop();
        PValue module = stack.pop();
        if (name instanceof PValue.Str n && module instanceof PValue.Str m) {
            stack.push(importGlobal(m.value(), n.value(), "STACK_GLOBAL"));
            return;
        }
        if (isDefinitelyNotStr(name) || isDefinitelyNotStr(module)) {
            throw ScanAbort.malformed(opStart, "STACK_GLOBAL requires str operands");
        }
        hits.add(ctx, ScanRules.DYNAMIC_GLOBAL, Severity.HIGH, opStart, "STACK_GLOBAL", "dynamic@" + opStart,
                "STACK_GLOBAL imports a name computed at load time (module: " + describe(module) + ", name: "
                        + describe(name) + ")");
        stack.push(new PValue.Ref(new Global("<computed>", "<computed>"), new Classification.Unknown(), opStart));
    }

    private static boolean isDefinitelyNotStr(PValue v) {
        return v instanceof PValue.Int || v instanceof PValue.Tuple || v instanceof PValue.Seq
                || v instanceof PValue.Dict || v instanceof PValue.Bytes || v == PValue.NONE || v == PValue.TRUE
                || v == PValue.FALSE || v == PValue.FLOAT;
    }

    private PValue importGlobal(String rawModule, String name, String opName) throws ScanAbort {
        if (!DOTTED.matcher(rawModule).matches() || !DOTTED.matcher(name).matches()) {
            // no importable module or attribute has such a name: the real unpickler fails right here
            throw ScanAbort.malformed(opStart, opName + " names '" + abbreviate(rawModule) + "'.'" + abbreviate(name)
                    + "', which is not a Python module and attribute path");
        }
        Global g = PythonNames.fix(rawModule, name, proto);
        Classification c = classified.get(g);
        if (c == null) {
            c = classify(g, rawModule);
            classified.put(g, c);
        }
        switch (c) {
            case Classification.Allowed a -> { }
            case Classification.Denied d -> hits.add(ctx, ScanRules.DANGEROUS_GLOBAL, Severity.CRITICAL, opStart,
                    opName, g.toString(), opName + " imports " + display(g, rawModule, name) + ": " + d.reason());
            case Classification.Unknown u -> hits.add(ctx, ScanRules.UNLISTED_GLOBAL, Severity.HIGH, opStart,
                    opName, g.toString(), opName + " imports " + display(g, rawModule, name)
                            + ", which no active profile allows");
        }
        return new PValue.Ref(g, c, opStart);
    }

    private static String display(Global g, String rawModule, String rawName) {
        return rawModule.equals(g.module()) && rawName.equals(g.name()) ? g.toString()
                : g + " (written as " + rawModule + "." + rawName + ", renamed for protocol < 3)";
    }

    private Classification classify(Global g, String rawModule) {
        if (ctx.hasTrait("torchscript") && (g.module().equals("__torch__") || g.module().startsWith("__torch__."))) {
            return new Classification.Allowed("torchscript-archive");
        }
        Classification c = ctx.policy().classify(g);
        if (!(c instanceof Classification.Unknown)) {
            return c;
        }
        // Dotted names reach attributes of attributes (getattr chains): judge every way of splitting the
        // path, and every component as a module, so "torch.serialization"/"os.system" is caught.
        String[] parts = (g.module() + "." + g.name()).split("\\.");
        for (int i = 1; i < parts.length; i++) {
            String mod = String.join(".", Arrays.copyOfRange(parts, 0, i));
            String rest = String.join(".", Arrays.copyOfRange(parts, i, parts.length));
            Classification d = ctx.policy().deniedReason(new Global(mod, rest));
            if (d instanceof Classification.Denied) {
                return d;
            }
            Classification alone = ctx.policy().deniedReason(
                    new Global(parts[i], i + 1 < parts.length ? parts[i + 1] : parts[i]));
            if (alone instanceof Classification.Denied && i > g.module().split("\\.").length - 1) {
                return alone;
            }
        }
        if (!rawModule.equals(g.module())) {
            Classification raw = ctx.policy().deniedReason(new Global(rawModule, g.name()));
            if (raw instanceof Classification.Denied) {
                return raw;
            }
        }
        return c;
    }

    private PValue call(PValue callable, PValue args, String opName) {
        if (TensorViews.isRebuild(callable)) {
            TensorViews.check(args, opStart, opName, ctx, hits);
        }
        switch (callable) {
            case PValue.Ref r -> { } // the import itself was judged where it happened
            case PValue.Ext e -> { } // reported at the EXT opcode
            default -> hits.add(ctx, ScanRules.COMPUTED_CALL, Severity.HIGH, opStart, opName, "call@" + opStart,
                    opName + " calls " + describe(callable) + ", which is not a directly imported global");
        }
        return new PValue.Call(callable, args);
    }

    private void build() throws ScanAbort {
        PValue state = stack.pop();
        PValue target = stack.top();
        switch (target) {
            case PValue.Ref r -> hits.add(ctx, ScanRules.COMPUTED_CALL, Severity.HIGH, opStart, "BUILD",
                    "build@" + r.global(), "BUILD sets attributes on the imported global " + r.global()
                            + " itself (monkey-patching a module, class or function)");
            case PValue.Call c -> {
                c.state = state;
                if (JoblibArrays.isWrapper(c)) {
                    stack.replaceTop(JoblibArrays.consume(c, this));
                }
            }
            default -> { }
        }
    }

    private void ext(long code) throws ScanAbort {
        if (code <= 0) {
            throw ScanAbort.malformed(opStart, "EXT specifies code <= 0");
        }
        hits.add(ctx, ScanRules.EXTENSION_CODE, Severity.HIGH, opStart, "EXT", "ext" + code,
                "extension code " + code + " imports a global through the copyreg extension registry");
        stack.push(new PValue.Ext(code));
    }

    private PValue persistent(PValue pid) {
        boolean torchStorage = pid instanceof PValue.Tuple t && !t.items().isEmpty()
                && t.items().getFirst() instanceof PValue.Str s && s.value().equals("storage");
        if (!torchStorage) {
            hits.add(ctx, ScanRules.PERSISTENT_ID, Severity.INFO, opStart, "BINPERSID", "persid",
                    "persistent id " + describe(pid) + " is resolved by the loader's persistent_load");
        }
        return new PValue.Persistent(pid);
    }

    // ---------------------------------------------------------------- memo

    private void memoPut(long index) throws ScanAbort {
        memo.put(index, stack.top());
        if (memo.count() > budgets.maxMemo()) {
            throw ScanAbort.budget(opStart, "more than " + budgets.maxMemo() + " memo entries");
        }
    }

    private void memoGet(long index) throws ScanAbort {
        PValue v = memo.get(index);
        if (v == null) {
            throw ScanAbort.malformed(opStart, "memo value not found at index " + index);
        }
        stack.push(v);
    }

    // ---------------------------------------------------------------- raw reads

    private void need(long n) throws ScanAbort {
        if (n > limit - pos) {
            throw ScanAbort.malformed(opStart, "pickle data was truncated in " + Op.name(u8At(opStart)) + " (needs "
                    + n + " bytes, " + (limit - pos) + " left)");
        }
    }

    private int u8At(long at) {
        return seg.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }

    private int u8() throws ScanAbort {
        need(1);
        return seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
    }

    private int u16() throws ScanAbort {
        need(2);
        int v = seg.get(SHORT_LE, pos) & 0xffff;
        pos += 2;
        return v;
    }

    private int i32() throws ScanAbort {
        need(4);
        int v = seg.get(INT_LE, pos);
        pos += 4;
        return v;
    }

    private long u32() throws ScanAbort {
        return i32() & 0xffffffffL;
    }

    /** 8-byte unsigned size; values above Long.MAX_VALUE come back negative and are rejected by callers. */
    private long u64() throws ScanAbort {
        need(8);
        long v = seg.get(LONG_LE, pos);
        pos += 8;
        return v;
    }

    /** Reads a text line up to '\n'; returns its length (without '\n') and leaves pos after it. */
    private long line() throws ScanAbort {
        long start = pos;
        long max = Math.min(limit, start + budgets.maxStringBytes());
        for (long i = start; i < max; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, i) == '\n') {
                pos = i + 1;
                lineStart = start;
                return i - start;
            }
        }
        if (max < limit) {
            throw ScanAbort.budget(opStart, "text argument of " + Op.name(u8At(opStart)) + " longer than "
                    + budgets.maxStringBytes() + " bytes");
        }
        throw ScanAbort.malformed(opStart, "pickle data was truncated in the line argument of "
                + Op.name(u8At(opStart)));
    }

    private long lineStart;

    private byte[] lineBytes(long len) {
        return seg.asSlice(lineStart, len).toArray(ValueLayout.JAVA_BYTE);
    }

    private String utf8Line(String what) throws ScanAbort {
        long len = line();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(lineBytes(len))).toString();
        } catch (CharacterCodingException e) {
            throw ScanAbort.malformed(opStart, what + " is not valid UTF-8");
        }
    }

    private String asciiLine(String what) throws ScanAbort {
        long len = line();
        byte[] b = lineBytes(len);
        for (byte x : b) {
            if (x < 0) {
                throw ScanAbort.malformed(opStart, what + " argument is not ASCII");
            }
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    private PValue bytesValue(long n, boolean unicode, String opName) throws ScanAbort {
        if (n < 0) {
            throw ScanAbort.malformed(opStart, opName + " length exceeds the maximum size");
        }
        if (n > budgets.maxStringBytes()) {
            throw ScanAbort.budget(opStart, opName + " of " + n + " bytes exceeds the string budget of "
                    + budgets.maxStringBytes());
        }
        need(n);
        long at = pos;
        pos += n;
        PValue v;
        if (unicode && n <= MAX_DECODED_STRING) {
            v = new PValue.Str(heap != null
                    ? new String(heap, (int) (heapOffset + at), (int) n, StandardCharsets.UTF_8)
                    : new String(seg.asSlice(at, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        } else {
            v = new PValue.Bytes(at, n);
        }
        if (n >= StringHeuristics.MIN_LENGTH) {
            nested.inspect(seg, at, n, opName, ctx, hits);
            if (StringHeuristics.looksLikeContainer(seg, at, n)) {
                // torch.storage._load_from_bytes / _codecs.encode(s, 'latin1') turn such values into archives
                nested.inspectContainer(seg.asSlice(at, n), at, opName, ctx, hits);
                if (v instanceof PValue.Str str) {
                    byte[] latin1 = StringHeuristics.latin1(str.value());
                    if (latin1 != null && latin1.length != n) {
                        nested.inspectContainer(MemorySegment.ofArray(latin1), at, opName + "/latin1", ctx, hits);
                    }
                }
            }
        }
        return v;
    }

    // ---------------------------------------------------------------- text-protocol values

    private PValue textInt(long len) throws ScanAbort {
        return TextArguments.intValue(lineBytes(len), opStart);
    }

    private PValue textLong(long len) throws ScanAbort {
        return TextArguments.longValue(lineBytes(len), opStart);
    }

    private long parseIndex(long len, String what) throws ScanAbort {
        return TextArguments.index(lineBytes(len), what, opStart);
    }

    private PValue textFloat(long len) throws ScanAbort {
        TextArguments.checkFloat(lineBytes(len), opStart);
        return PValue.FLOAT;
    }

    /** STRING: a quoted Python bytes literal with escapes (protocol 0). */
    private PValue pythonString(long len) throws ScanAbort {
        byte[] decoded = TextArguments.quotedString(lineBytes(len), opStart);
        inspectDecoded(decoded, "STRING");
        return new PValue.Str(new String(decoded, StandardCharsets.ISO_8859_1));
    }

    /** UNICODE: a raw-unicode-escape line (protocol 0). */
    private PValue rawUnicode(long len) throws ScanAbort {
        String s = TextArguments.rawUnicode(lineBytes(len), opStart);
        if (s.length() >= StringHeuristics.MIN_LENGTH) {
            inspectDecoded(s.getBytes(StandardCharsets.ISO_8859_1), "UNICODE");
        }
        return new PValue.Str(s);
    }

    private void inspectDecoded(byte[] decoded, String opName) {
        if (decoded.length >= StringHeuristics.MIN_LENGTH) {
            MemorySegment m = MemorySegment.ofArray(decoded);
            nested.inspect(m, 0, decoded.length, opName + "@" + opStart, ctx, hits);
            if (StringHeuristics.looksLikeContainer(m, 0, decoded.length)) {
                nested.inspectContainer(m, opStart, opName, ctx, hits);
            }
        }
    }

    private PValue binLong(int n) throws ScanAbort {
        if (n > budgets.maxStringBytes()) {
            throw ScanAbort.budget(opStart, "LONG of " + n + " bytes exceeds the budget");
        }
        need(n);
        if (n == 0) {
            return PValue.Int.of(0);
        }
        if (n > 64) {
            pos += n;
            return new PValue.Int(0, BigInteger.TWO.pow(512));
        }
        byte[] le = seg.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger b = new BigInteger(be);
        return b.bitLength() < 64 ? PValue.Int.of(b.longValue()) : new PValue.Int(0, b);
    }

    // ---------------------------------------------------------------- helpers for JoblibArrays

    long position() {
        return pos;
    }

    long limit() {
        return limit;
    }

    MemorySegment segment() {
        return seg;
    }

    ScanContext context() {
        return ctx;
    }

    HitLog hits() {
        return hits;
    }

    StringHeuristics heuristics() {
        return nested;
    }

    /** Skips raw bytes written by a loader extension (joblib arrays) and leaves any frame. */
    void skipRaw(long n) throws ScanAbort {
        need(n);
        pos += n;
        frameEnd = -1;
    }

    void moveTo(long newPos) {
        pos = newPos;
        frameEnd = -1;
    }

    // ---------------------------------------------------------------- descriptions

    private static String describe(PValue v) {
        return switch (v) {
            case PValue.Ref r -> r.global().toString();
            case PValue.Str s -> "'" + abbreviate(s.value()) + "'";
            case PValue.Call c -> "the result of calling " + describe(c.callable);
            case PValue.Int i -> i.asBig().toString();
            case PValue.Tuple t -> "a tuple of " + t.items().size();
            case PValue.Seq s -> "a list or set";
            case PValue.Dict d -> "a dict";
            case PValue.Bytes b -> "bytes";
            case PValue.Ext e -> "extension " + e.code();
            case PValue.Persistent p -> "a persistent object";
            case PValue.Atom a -> a.what();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String describeByte(int b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b);
    }
}
