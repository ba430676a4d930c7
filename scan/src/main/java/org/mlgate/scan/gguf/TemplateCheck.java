package org.mlgate.scan.gguf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.gguf.JinjaLexer.Kind;
import org.mlgate.scan.gguf.JinjaLexer.Token;

/**
 * Static check of a Jinja chat template for server-side template injection. Works on the tokens of the
 * template's tags ({@link JinjaLexer}), never on its text, so prose mentioning {@code __class__} is not a
 * finding. Looks for attribute and item walks to dunder or private names, calls and walks into os, eval,
 * exec and friends, the {@code attr} filter with a computed name, and names assembled from string pieces:
 * a small constant folder evaluates string literals, {@code ~}, {@code +}, {@code *}, {@code %}, slices,
 * {@code join}, {@code format}, {@code replace}, {@code reverse} and the like, plus variables set to such
 * constants with {@code {% set %}}. Nothing is rendered or executed.
 */
public final class TemplateCheck {
    /** INJECTION: reaches globals, builtins, subclasses or runs os/eval/exec/import. DUNDER: other dunder access. */
    public enum Level { INJECTION, DUNDER }

    /** One suspicious construct; {@code position} is the char index in the template. */
    public record Hit(Level level, int position, String message) { }

    /** Dunder names that lead straight to module globals, builtins or every loaded class. */
    static final Set<String> CRITICAL_DUNDERS = Set.of("__globals__", "__builtins__", "__subclasses__", "__import__",
            "__loader__", "__spec__");
    /** Modules whose attributes run processes or import code. */
    private static final Set<String> MODULES = Set.of("os", "subprocess", "sys", "builtins", "importlib", "posix");
    /** Functions that execute code or processes when called. */
    private static final Set<String> CALLS = Set.of("eval", "exec", "popen", "system", "import_module", "execfile",
            "check_output", "getoutput", "getstatusoutput", "spawnv", "spawnl", "execv", "execl", "compile");
    /** Called without an object in front: Python builtins that Jinja does not define. */
    private static final Set<String> BARE_CALLS = Set.of("eval", "exec", "__import__", "import_module", "execfile");
    private static final int MAX_TOKENS = 1 << 20;
    private static final int MAX_HITS = 50;
    private static final int MAX_FOLD_DEPTH = 32;
    private static final int MAX_FOLDED = 512;
    /** The folder's "not a constant" value. */
    private static final Object UNKNOWN = new Object();
    /** The folder found no expression at all (nothing consumed). */
    private static final Object NONE = new Object();

    private final String template;
    private final List<Token> t;
    private final TimeCheck time;
    private final Map<String, Hit> hits = new LinkedHashMap<>();
    private final Map<String, Object> constants = new HashMap<>();
    private int p;
    private int depth;

    private TemplateCheck(String template, TimeCheck time) {
        this.template = template;
        this.t = JinjaLexer.tokens(template, MAX_TOKENS);
        this.time = time;
    }

    public static List<Hit> check(String template, TimeCheck time) throws ScanAbort {
        TemplateCheck c = new TemplateCheck(template, time);
        c.run();
        return List.copyOf(c.hits.values());
    }

    private void run() throws ScanAbort {
        int foldedUntil = 0;
        for (int i = 0; i < t.size() && hits.size() < MAX_HITS; i++) {
            if ((i & 0x3ff) == 0) {
                time.check();
            }
            Token tok = t.get(i);
            if (tok.kind() == Kind.IDENT) {
                identifier(i);
            } else if (tok.is("[") && i > 0 && isOperandEnd(t.get(i - 1))) {
                p = i + 1;
                Object v = fold();
                if (v instanceof String s && p < t.size() && t.get(p).is("]")) {
                    name(s, i, p + 1 < t.size() ? t.get(p + 1) : null, "subscript");
                }
            }
            if (i >= foldedUntil && (tok.kind() == Kind.STRING || tok.is("(") || tok.is("["))) {
                // general folding: a dunder name assembled anywhere (e.g. set x = '_'*2 ~ 'class' ~ '_'*2)
                p = i;
                fold();
                foldedUntil = Math.max(p, i + 1);
            }
        }
    }

    private void identifier(int i) {
        String id = t.get(i).text();
        Token prev = i > 0 ? t.get(i - 1) : null;
        Token next = i + 1 < t.size() ? t.get(i + 1) : null;
        boolean afterDot = prev != null && prev.is(".");
        boolean called = next != null && next.is("(");
        if (isDunder(id)) {
            hit(level(id), i, id, (afterDot ? "attribute walk " : "name ") + "`" + chain(i) + "`");
        } else if (afterDot && id.startsWith("_")) {
            hit(Level.DUNDER, i, id, "private attribute walk `" + chain(i) + "`");
        }
        if (called && (afterDot ? CALLS.contains(id) : BARE_CALLS.contains(id))) {
            hit(Level.INJECTION, i, "call:" + id, "call of " + id + " in `" + chain(i) + "(...)`");
        }
        // only as an attribute: a bare `sys` may well be a template's own variable
        if (MODULES.contains(id) && afterDot) {
            hit(Level.INJECTION, i, "module:" + id, "walk into module " + id + " in `" + chain(i) + "`");
        }
        if (id.equals("attr") && prev != null && prev.is("|") && called) {
            p = i + 2;
            Object v = fold();
            Token after = p + 1 < t.size() && t.get(p).is(")") ? t.get(p + 1) : null;
            if (v instanceof String s) {
                name(s, i, after, "attr filter");
            } else {
                hit(Level.DUNDER, i, "attr:computed", "attr filter with a computed attribute name");
            }
        }
        if (id.equals("set") && prev != null && prev.kind() == Kind.TAG_START && i + 2 < t.size()
                && t.get(i + 1).kind() == Kind.IDENT && t.get(i + 2).is("=")) {
            p = i + 3;
            Object v = fold();
            if (v == UNKNOWN || v == NONE) {
                constants.remove(t.get(i + 1).text());
            } else {
                constants.put(t.get(i + 1).text(), v);
            }
        }
    }

    /** A constant name used as a subscript or attr argument; {@code after} is the token after it. */
    private void name(String s, int i, Token after, String how) {
        if (isDunder(s)) {
            hit(level(s), i, s, how + " " + quote(s));
        } else if (MODULES.contains(s) && after != null && (after.is(".") || after.is("[") || after.is("|"))) {
            hit(Level.INJECTION, i, "module:" + s, how + " " + quote(s) + " walks into module " + s);
        } else if (CALLS.contains(s) && after != null && after.is("(")) {
            hit(Level.INJECTION, i, "call:" + s, how + " " + quote(s) + " is called");
        } else if (s.startsWith("_") && s.length() > 1 && isName(s)) {
            hit(Level.DUNDER, i, s, how + " " + quote(s) + " reads a private attribute");
        }
    }

    private void hit(Level level, int token, String key, String message) {
        if (hits.size() < MAX_HITS) {
            hits.putIfAbsent(level + ":" + key, new Hit(level, t.get(token).start(), message));
        }
    }

    private static Level level(String dunder) {
        return CRITICAL_DUNDERS.contains(dunder) ? Level.INJECTION : Level.DUNDER;
    }

    static boolean isDunder(String s) {
        return s.length() > 4 && s.startsWith("__") && s.endsWith("__") && isName(s);
    }

    private static boolean isName(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!(c == '_' || Character.isLetterOrDigit(c))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isOperandEnd(Token x) {
        return x.kind() == Kind.IDENT || x.kind() == Kind.STRING || x.is(")") || x.is("]");
    }

    private static String quote(String s) {
        return "'" + GgufFile.printable(s) + "'";
    }

    /** The source of the attribute/item chain ending at token {@code i}, e.g. {@code cycler.__init__.__globals__}. */
    private String chain(int i) {
        int j = i;
        for (int steps = 0; steps < 64 && j >= 2 && t.get(j - 1).is("."); steps++) {
            int k = j - 2;
            Token x = t.get(k);
            if (x.is(")") || x.is("]")) {
                k = matching(k);
                if (k > 0 && t.get(k - 1).kind() == Kind.IDENT || k > 0 && t.get(k - 1).kind() == Kind.STRING) {
                    k--;
                }
            } else if (x.kind() != Kind.IDENT && x.kind() != Kind.STRING) {
                break;
            }
            j = k;
        }
        int from = t.get(j).start();
        int to = t.get(i).start() + t.get(i).text().length();
        String text = template.substring(from, Math.min(Math.max(to, from), template.length()));
        return GgufFile.printable(text.length() > 100 ? "..." + text.substring(text.length() - 100) : text);
    }

    /** Index of the bracket opening the one closed at {@code k} (or {@code k} if unbalanced). */
    private int matching(int k) {
        int level = 0;
        for (int m = k; m >= 0 && m > k - 4096; m--) {
            Token x = t.get(m);
            if (x.is(")") || x.is("]")) {
                level++;
            } else if (x.is("(") || x.is("[")) {
                level--;
                if (level == 0) {
                    return m;
                }
            } else if (x.kind() == Kind.TAG_START) {
                break;
            }
        }
        return k;
    }

    // ---- constant folding: String, Long or List<Object> values, UNKNOWN otherwise ----

    private Token at() {
        return p < t.size() ? t.get(p) : null;
    }

    private boolean atOp(String op) {
        Token x = at();
        return x != null && x.kind() == Kind.OP && x.text().equals(op);
    }

    private Object fold() {
        depth = 0;
        return concat();
    }

    private Object concat() {
        return level(this::mul, "~", "+", "-");
    }

    private Object mul() {
        return level(this::unary, "*", "%", "/", "//");
    }

    /** One left-associative precedence level: operands from {@code next}, joined by any of {@code ops}. */
    private Object level(java.util.function.Supplier<Object> next, String... ops) {
        Object v = next.get();
        while (v != NONE && atAnyOp(ops)) {
            String op = at().text();
            p++;
            int before = p;
            Object r = next.get();
            if (r == NONE || p == before) {
                return UNKNOWN;
            }
            v = emit(binary(op, v, r));
        }
        return v;
    }

    private boolean atAnyOp(String... ops) {
        for (String op : ops) {
            if (atOp(op)) {
                return true;
            }
        }
        return false;
    }

    /** Every nesting path (parentheses, lists, call arguments, subscripts) passes here, so depth is bounded. */
    private Object unary() {
        if (++depth > MAX_FOLD_DEPTH) {
            depth--;
            return NONE;
        }
        try {
            boolean negate = false;
            while (atOp("-")) {
                negate = !negate;
                p++;
            }
            Object v = primary();
            if (v == NONE) {
                return NONE;
            }
            v = postfix(v);
            return !negate ? v : v instanceof Long n ? (Object) (-n) : UNKNOWN;
        } finally {
            depth--;
        }
    }

    private Object primary() {
        Token x = at();
        if (x == null || x.kind() == Kind.TAG_END || x.kind() == Kind.TAG_START) {
            return NONE;
        }
        switch (x.kind()) {
            case STRING -> {
                // a lone literal is not checked here (subscripts and attr arguments are, in name()):
                // only names that are assembled, e.g. from adjacent literals, are findings by themselves
                StringBuilder b = new StringBuilder();
                int pieces = 0;
                while (at() != null && at().kind() == Kind.STRING) {
                    b.append(at().text());
                    p++;
                    pieces++;
                }
                Object v = b.length() > MAX_FOLDED ? UNKNOWN : b.toString();
                return pieces > 1 ? emit(v) : v;
            }
            case NUMBER -> {
                p++;
                try {
                    return Long.parseLong(x.text().replace("_", ""));
                } catch (NumberFormatException e) {
                    return UNKNOWN;
                }
            }
            case IDENT -> {
                p++;
                return constants.getOrDefault(x.text(), UNKNOWN);
            }
            default -> {
                if (x.is("(")) {
                    p++;
                    List<Object> items = sequence(")");
                    return items == null ? UNKNOWN : items.size() == 1 && !tupleComma ? items.getFirst() : items;
                }
                if (x.is("[")) {
                    p++;
                    List<Object> items = sequence("]");
                    return items == null ? UNKNOWN : items;
                }
                return NONE;
            }
        }
    }

    /** Whether the last {@link #sequence} had a comma: {@code ('x')} is a string, {@code ('x',)} a tuple. */
    private boolean tupleComma;

    /** Comma-separated expressions up to {@code close}; null if any is not constant. */
    private List<Object> sequence(String close) {
        List<Object> items = new ArrayList<>();
        boolean constant = true;
        boolean comma = false;
        while (at() != null && !atOp(close) && at().kind() != Kind.TAG_END) {
            int before = p;
            Object v = concat();
            if (p == before) {
                p++;
                constant = false;
                continue;
            }
            if (v == UNKNOWN || v == NONE || items.size() > 256) {
                constant = false;
            }
            items.add(v);
            if (atOp(",")) {
                comma = true;
                p++;
            }
        }
        if (atOp(close)) {
            p++;
        }
        tupleComma = comma;
        return constant ? items : null;
    }

    private record Args(List<Object> positional, Map<String, Object> named, boolean constant) { }

    private Args args() {
        List<Object> pos = new ArrayList<>();
        Map<String, Object> named = new HashMap<>();
        boolean constant = true;
        p++;
        while (at() != null && !atOp(")") && at().kind() != Kind.TAG_END) {
            String key = null;
            if (at().kind() == Kind.IDENT && p + 1 < t.size() && t.get(p + 1).is("=")) {
                key = at().text();
                p += 2;
            }
            int before = p;
            Object v = concat();
            if (p == before) {
                p++;
                constant = false;
                continue;
            }
            if (v == UNKNOWN || v == NONE) {
                constant = false;
            }
            if (key == null) {
                pos.add(v);
            } else {
                named.put(key, v);
            }
            if (atOp(",")) {
                p++;
            }
        }
        if (atOp(")")) {
            p++;
        }
        return new Args(pos, named, constant);
    }

    private Object postfix(Object v) {
        for (int steps = 0; steps < 256; steps++) {
            if (atOp(".") && p + 1 < t.size() && t.get(p + 1).kind() == Kind.IDENT) {
                String name = t.get(p + 1).text();
                p += 2;
                if (atOp("(")) {
                    Args a = args();
                    v = emit(a.constant() && v != UNKNOWN ? Fold.method(v, name, a.positional()) : UNKNOWN);
                } else {
                    v = UNKNOWN;
                }
            } else if (atOp("|") && p + 1 < t.size() && t.get(p + 1).kind() == Kind.IDENT) {
                String name = t.get(p + 1).text();
                p += 2;
                List<Object> positional = List.of();
                boolean constant = true;
                if (atOp("(")) {
                    Args a = args();
                    positional = a.positional();
                    constant = a.constant() && a.named().isEmpty();
                }
                v = emit(constant && v != UNKNOWN ? Fold.filter(v, name, positional) : UNKNOWN);
            } else if (atOp("[")) {
                p++;
                v = emit(subscript(v));
            } else if (atOp("(")) {
                args();
                v = UNKNOWN;
            } else {
                return v;
            }
        }
        return UNKNOWN;
    }

    /** {@code [i]} or a slice {@code [a:b:c]}; the opening bracket is consumed. */
    private Object subscript(Object v) {
        Object[] parts = new Object[3];
        int part = 0;
        boolean slice = false;
        boolean constant = true;
        while (at() != null && !atOp("]") && at().kind() != Kind.TAG_END) {
            if (atOp(":")) {
                slice = true;
                part++;
                p++;
                if (part > 2) {
                    constant = false;
                }
                continue;
            }
            int before = p;
            Object x = concat();
            if (p == before) {
                p++;
                constant = false;
                continue;
            }
            if (part <= 2) {
                parts[part] = x;
            }
        }
        if (atOp("]")) {
            p++;
        }
        if (!constant || v == UNKNOWN) {
            return UNKNOWN;
        }
        return slice ? Fold.slice(v, parts[0], parts[1], parts[2]) : Fold.index(v, parts[0]);
    }

    private Object binary(String op, Object a, Object b) {
        if (a == UNKNOWN || b == UNKNOWN || a == NONE || b == NONE) {
            return UNKNOWN;
        }
        return Fold.binary(op, a, b);
    }

    /** Every constant string the folder produces is checked: that is how assembled names are caught. */
    private Object emit(Object v) {
        if (v instanceof String s && s.length() > MAX_FOLDED) {
            return UNKNOWN;
        }
        if (v instanceof String s && isDunder(s) && p > 0) {
            hit(level(s), Math.min(p, t.size()) - 1, s, "string expression builds the name " + quote(s));
        }
        return v == null ? UNKNOWN : v;
    }

    /** Python/Jinja semantics of the operations the folder understands; null when it cannot tell. */
    static final class Fold {
        private Fold() {
        }

        static Object binary(String op, Object a, Object b) {
            return switch (op) {
                case "~" -> str(a) == null || str(b) == null ? null : cap(str(a) + str(b));
                case "+" -> a instanceof String x && b instanceof String y ? cap(x + y)
                        : a instanceof Long x && b instanceof Long y ? (Object) (x + y)
                        : a instanceof List<?> x && b instanceof List<?> y && x.size() + y.size() <= 256
                        ? concatLists(x, y) : null;
                case "-" -> a instanceof Long x && b instanceof Long y ? (Object) (x - y) : null;
                case "*" -> a instanceof String x && b instanceof Long n ? repeat(x, n)
                        : a instanceof Long n && b instanceof String x ? repeat(x, n)
                        : a instanceof Long x && b instanceof Long y && Math.abs(x) < 1 << 20 && Math.abs(y) < 1 << 20
                        ? (Object) (x * y) : null;
                case "%" -> a instanceof String x ? printf(x, b instanceof List<?> l ? l : List.of(b)) : null;
                default -> null;
            };
        }

        static Object method(Object v, String name, List<Object> args) {
            if (!(v instanceof String s)) {
                return null;
            }
            return switch (name) {
                case "format" -> pyFormat(s, args);
                case "join" -> args.size() == 1 ? join(args.getFirst(), s) : null;
                case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
                case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
                case "strip" -> args.isEmpty() ? s.strip() : null;
                case "replace" -> replace(s, args);
                default -> null;
            };
        }

        static Object filter(Object v, String name, List<Object> args) {
            return switch (name) {
                case "join" -> join(v, args.isEmpty() ? "" : str(args.getFirst()));
                case "format" -> v instanceof String s ? printf(s, args) : null;
                case "lower" -> v instanceof String s ? s.toLowerCase(java.util.Locale.ROOT) : null;
                case "upper" -> v instanceof String s ? s.toUpperCase(java.util.Locale.ROOT) : null;
                case "trim" -> v instanceof String s ? s.strip() : null;
                case "string" -> str(v);
                case "reverse" -> v instanceof String s ? new StringBuilder(s).reverse().toString()
                        : v instanceof List<?> l ? reversed(l) : null;
                case "replace" -> v instanceof String s ? replace(s, args) : null;
                case "list" -> v instanceof String s && s.length() <= 256 ? chars(s) : v instanceof List<?> ? v : null;
                case "first" -> v instanceof List<?> l && !l.isEmpty() ? l.getFirst()
                        : v instanceof String s && !s.isEmpty() ? s.substring(0, 1) : null;
                case "last" -> v instanceof List<?> l && !l.isEmpty() ? l.getLast()
                        : v instanceof String s && !s.isEmpty() ? s.substring(s.length() - 1) : null;
                default -> null;
            };
        }

        static Object index(Object v, Object i) {
            if (!(i instanceof Long n)) {
                return null;
            }
            int size = v instanceof String s ? s.length() : v instanceof List<?> l ? l.size() : -1;
            long k = n < 0 ? n + size : n;
            if (size < 0 || k < 0 || k >= size) {
                return null;
            }
            return v instanceof String s ? s.substring((int) k, (int) k + 1) : ((List<?>) v).get((int) k);
        }

        static Object slice(Object v, Object a, Object b, Object c) {
            if (!(v instanceof String) && !(v instanceof List<?>) || !(a == null || a instanceof Long)
                    || !(b == null || b instanceof Long) || !(c == null || c instanceof Long)) {
                return null;
            }
            List<Object> items = v instanceof String s ? chars(s) : new ArrayList<>((List<?>) v);
            int n = items.size();
            // |step| beyond the length picks one item anyway; clamped so that k += step cannot overflow
            long step = c == null ? 1 : Math.max(-(1L << 20), Math.min((Long) c, 1L << 20));
            if (step == 0) {
                return null;
            }
            long lo = step > 0 ? 0 : -1;
            long hi = step > 0 ? n : n - 1;
            long start = a == null ? (step > 0 ? lo : hi) : clamp((Long) a, n, lo, hi);
            long stop = b == null ? (step > 0 ? hi : lo) : clamp((Long) b, n, lo, hi);
            List<Object> out = new ArrayList<>();
            for (long k = start; step > 0 ? k < stop : k > stop; k += step) {
                out.add(items.get((int) k));
            }
            if (v instanceof String) {
                StringBuilder sb = new StringBuilder();
                out.forEach(sb::append);
                return sb.toString();
            }
            return out;
        }

        private static long clamp(long x, int n, long lo, long hi) {
            long k = x < 0 ? x + n : x;
            return Math.max(lo, Math.min(k, hi));
        }

        private static String str(Object v) {
            return v instanceof String s ? s : v instanceof Long n ? n.toString() : null;
        }

        private static Object cap(String s) {
            return s.length() > MAX_FOLDED ? null : s;
        }

        private static Object repeat(String s, long n) {
            return n <= 0 ? "" : n > MAX_FOLDED || s.length() * n > MAX_FOLDED ? null : s.repeat((int) n);
        }

        private static Object join(Object v, String sep) {
            if (sep == null) {
                return null;
            }
            List<?> items = v instanceof String s ? chars(s) : v instanceof List<?> l ? l : null;
            if (items == null) {
                return null;
            }
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < items.size(); k++) {
                String x = str(items.get(k));
                if (x == null) {
                    return null;
                }
                b.append(k > 0 ? sep : "").append(x);
                if (b.length() > MAX_FOLDED) {
                    return null;
                }
            }
            return b.toString();
        }

        private static Object replace(String s, List<Object> args) {
            if (args.size() < 2 || !(args.get(0) instanceof String a) || !(args.get(1) instanceof String b)
                    || a.isEmpty()) {
                return null;
            }
            return cap(s.replace(a, b));
        }

        /** {@code %s}, {@code %d}, {@code %c} and {@code %%}, as Python's % operator and Jinja's format filter. */
        private static Object printf(String f, List<?> args) {
            StringBuilder b = new StringBuilder();
            int k = 0;
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c != '%') {
                    b.append(c);
                    continue;
                }
                if (++i >= f.length()) {
                    return null;
                }
                char spec = f.charAt(i);
                if (spec == '%') {
                    b.append('%');
                } else if (k >= args.size()) {
                    return null;
                } else if (spec == 's' || spec == 'd' || spec == 'r' && args.get(k) instanceof Long) {
                    String x = str(args.get(k++));
                    if (x == null) {
                        return null;
                    }
                    b.append(x);
                } else if (spec == 'c' && args.get(k) instanceof Long n && n >= 0 && n < 0x110000) {
                    b.appendCodePoint((int) (long) n);
                    k++;
                } else if (spec == 'c' && args.get(k) instanceof String x && x.length() == 1) {
                    b.append(x);
                    k++;
                } else {
                    return null;
                }
                if (b.length() > MAX_FOLDED) {
                    return null;
                }
            }
            return b.toString();
        }

        /** {@code str.format} with {@code {}} and {@code {n}} fields. */
        private static Object pyFormat(String f, List<Object> args) {
            StringBuilder b = new StringBuilder();
            int auto = 0;
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c == '{' && i + 1 < f.length() && f.charAt(i + 1) == '{'
                        || c == '}' && i + 1 < f.length() && f.charAt(i + 1) == '}') {
                    b.append(c);
                    i++;
                } else if (c == '{') {
                    int close = f.indexOf('}', i);
                    if (close < 0) {
                        return null;
                    }
                    String field = f.substring(i + 1, close);
                    int idx;
                    try {
                        idx = field.isEmpty() ? auto++ : Integer.parseInt(field);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (idx < 0 || idx >= args.size() || str(args.get(idx)) == null) {
                        return null;
                    }
                    b.append(str(args.get(idx)));
                    i = close;
                } else {
                    b.append(c);
                }
                if (b.length() > MAX_FOLDED) {
                    return null;
                }
            }
            return b.toString();
        }

        private static List<Object> chars(String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().limit(MAX_FOLDED).forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }

        private static List<Object> reversed(List<?> l) {
            List<Object> out = new ArrayList<>(l);
            java.util.Collections.reverse(out);
            return out;
        }

        private static List<Object> concatLists(List<?> a, List<?> b) {
            List<Object> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }
}
