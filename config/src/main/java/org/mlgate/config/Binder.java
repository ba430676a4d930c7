package org.mlgate.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link Node} tree into records, strictly: every key must be a component (camelCase component ↔ snake_case
 * key), every value must have the component's type, nothing is coerced. What it can bind: records, sealed
 * {@link Variants} interfaces, {@code String}, {@code boolean}, {@code int}, {@code long}, {@code double} (and
 * their boxes), enums (constant {@code REDACT_ALL} ↔ {@code redact_all}), {@code List<T>}, {@code Map<String, T>}
 * and {@code Optional<T>}. An absent key gives an empty {@code Optional}, {@code List} or {@code Map}; any other
 * absent key is an error. A record's canonical constructor may reject values with
 * {@link IllegalArgumentException}; its message is reported at the record's position.
 */
final class Binder {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$\\{");

    private final String file;
    private final Function<String, String> environment;

    Binder(String file, Function<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    Object bind(Node node, Type type, String path, boolean secret) {
        if (type instanceof ParameterizedType pt) {
            return bindGeneric(node, pt, path, secret);
        }
        if (!(type instanceof Class<?> c)) {
            throw new IllegalArgumentException("config type " + type + " at " + path + " is not supported");
        }
        if (c == String.class) {
            return string(node, path, secret);
        }
        if (c == boolean.class || c == Boolean.class) {
            return scalar(node, path, Node.ScalarKind.BOOLEAN, "true or false").text().equalsIgnoreCase("true");
        }
        if (c == int.class || c == Integer.class) {
            return (int) integer(node, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (c == long.class || c == Long.class) {
            return integer(node, path, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (c == double.class || c == Double.class) {
            return number(node, path);
        }
        if (c.isEnum()) {
            return enumValue(node, c, path);
        }
        if (c.isRecord()) {
            return record(node, c, path);
        }
        if (c.isSealed() && c.isAnnotationPresent(Variants.class)) {
            return variant(node, c, path);
        }
        throw new IllegalArgumentException("config type " + c.getName() + " at " + path + " is not supported");
    }

    private Object bindGeneric(Node node, ParameterizedType pt, String path, boolean secret) {
        Type raw = pt.getRawType();
        Type arg = pt.getActualTypeArguments()[pt.getActualTypeArguments().length - 1];
        if (raw == Optional.class) {
            if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.NULL) {
                return Optional.empty();
            }
            return Optional.of(bind(node, arg, path, secret));
        }
        if (raw == List.class) {
            if (!(node instanceof Node.Sequence seq)) {
                throw error(node.mark(), path, "expected a list, got " + Node.describe(node));
            }
            List<Object> out = new ArrayList<>(seq.items().size());
            for (int i = 0; i < seq.items().size(); i++) {
                out.add(bind(seq.items().get(i), arg, path + "[" + i + "]", secret));
            }
            return Collections.unmodifiableList(out);
        }
        if (raw == Map.class && pt.getActualTypeArguments()[0] == String.class) {
            if (!(node instanceof Node.Mapping m)) {
                throw error(node.mark(), path, "expected a mapping, got " + Node.describe(node));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, e) -> out.put(k, bind(e.value(), arg, child(path, k), false)));
            return Collections.unmodifiableMap(out);
        }
        throw new IllegalArgumentException("config type " + pt + " at " + path + " is not supported");
    }

    private Object record(Node node, Class<?> type, String path) {
        if (!(node instanceof Node.Mapping m)) {
            throw error(node.mark(), path, "expected a mapping, got " + Node.describe(node));
        }
        return construct(type, m, path, Set.of());
    }

    private Object construct(Class<?> type, Node.Mapping m, String path, Set<String> consumed) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent rc : components) {
            byKey.put(snake(rc.getName()), rc);
        }
        for (Node.Entry e : m.entries().values()) {
            String k = e.key().name();
            if (!byKey.containsKey(k) && !consumed.contains(k)) {
                Set<String> known = new TreeSet<>(byKey.keySet());
                known.addAll(consumed);
                throw error(e.key().mark(), child(path, k), "unknown key (known here: " + String.join(", ", known)
                        + ")");
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent rc = components[i];
            types[i] = rc.getType();
            String key = snake(rc.getName());
            Node.Entry e = m.entries().get(key);
            boolean secret = rc.isAnnotationPresent(Secret.class);
            args[i] = e == null ? absent(rc, m.mark(), child(path, key))
                    : bind(e.value(), rc.getGenericType(), child(path, key), secret);
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException ex) {
            if (ex.getCause() instanceof IllegalArgumentException bad) {
                throw error(m.mark(), path, bad.getMessage());
            }
            if (ex.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("constructing " + type.getName(), ex.getCause());
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("config record " + type.getName() + " cannot be constructed", ex);
        }
    }

    private Object absent(RecordComponent rc, Node.Mark parent, String path) {
        Class<?> t = rc.getType();
        if (t == Optional.class) {
            return Optional.empty();
        }
        if (t == List.class) {
            return List.of();
        }
        if (t == Map.class) {
            return Map.of();
        }
        throw error(parent, path, "missing required key");
    }

    private Object variant(Node node, Class<?> sealed, String path) {
        if (!(node instanceof Node.Mapping m)) {
            throw error(node.mark(), path, "expected a mapping, got " + Node.describe(node));
        }
        String key = sealed.getAnnotation(Variants.class).key();
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> p : sealed.getPermittedSubclasses()) {
            Variant v = p.getAnnotation(Variant.class);
            if (v == null || !p.isRecord()) {
                throw new IllegalArgumentException(p.getName() + " must be a record annotated @Variant");
            }
            byName.put(v.value(), p);
        }
        Node.Entry tag = m.entries().get(key);
        String known = String.join(", ", new TreeSet<>(byName.keySet()));
        if (tag == null) {
            throw error(m.mark(), child(path, key), "missing required key (one of: " + known + ")");
        }
        String name = string(tag.value(), child(path, key), false);
        Class<?> chosen = byName.get(name);
        if (chosen == null) {
            throw error(tag.value().mark(), child(path, key), "unknown " + key + " \"" + name + "\" (one of: "
                    + known + ")");
        }
        return construct(chosen, m, path, Set.of(key));
    }

    private Object enumValue(Node node, Class<?> type, String path) {
        Node.Scalar s = scalar(node, path, Node.ScalarKind.STRING, "a name");
        Object[] constants = type.getEnumConstants();
        for (Object c : constants) {
            if (((Enum<?>) c).name().toLowerCase(Locale.ROOT).equals(s.text())) {
                return c;
            }
        }
        List<String> names = Arrays.stream(constants).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                .toList();
        throw error(s.mark(), path, "expected one of " + String.join(", ", names) + ", got "
                + Node.describe(s));
    }

    private String string(Node node, String path, boolean secret) {
        Node.Scalar s = scalar(node, path, Node.ScalarKind.STRING, "a string");
        return interpolate(s, path, secret);
    }

    /** {@code $${} is a literal {@code ${}; {@code ${NAME}} is expanded in secret fields and refused elsewhere. */
    private String interpolate(Node.Scalar s, String path, boolean secret) {
        String text = s.text();
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String found = m.group();
            String replacement;
            if (found.equals("$${")) {
                replacement = "${";
            } else if (m.group(1) == null) {
                throw error(s.mark(), path, "\"${\" must start an environment reference ${NAME} (NAME of letters,"
                        + " digits and _); write $${ for a literal ${");
            } else if (!secret) {
                throw error(s.mark(), path, "${" + m.group(1) + "}: environment references are only expanded in"
                        + " secret fields; write $${ for a literal ${");
            } else {
                replacement = environment.apply(m.group(1));
                if (replacement == null) {
                    throw error(s.mark(), path, "environment variable " + m.group(1) + " is not set");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private long integer(Node node, String path, long min, long max) {
        Node.Scalar s = scalar(node, path, Node.ScalarKind.INTEGER, "a whole number");
        BigInteger v = parseInteger(s.text());
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error(s.mark(), path, "number " + s.text() + " is out of range [" + min + ", " + max + "]");
        }
        return v.longValue();
    }

    private static BigInteger parseInteger(String text) {
        if (text.startsWith("0o")) {
            return new BigInteger(text.substring(2), 8);
        }
        if (text.startsWith("0x")) {
            return new BigInteger(text.substring(2), 16);
        }
        return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
    }

    private double number(Node node, String path) {
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.INTEGER) {
            return parseInteger(s.text()).doubleValue();
        }
        Node.Scalar s = scalar(node, path, Node.ScalarKind.FLOAT, "a number");
        String t = s.text().toLowerCase(Locale.ROOT);
        double v = t.endsWith(".inf") || t.endsWith(".nan") ? Double.NaN : Double.parseDouble(t);
        if (!Double.isFinite(v)) {
            throw error(s.mark(), path, "expected a finite number, got " + s.text());
        }
        return v;
    }

    private Node.Scalar scalar(Node node, String path, Node.ScalarKind kind, String expected) {
        if (node instanceof Node.Scalar s && s.kind() == kind) {
            return s;
        }
        String hint = node instanceof Node.Scalar s && kind == Node.ScalarKind.STRING
                && s.kind() != Node.ScalarKind.NULL ? " (quote it to make it a string)" : "";
        throw error(node.mark(), path, "expected " + expected + ", got " + Node.describe(node) + hint);
    }

    private ConfigException error(Node.Mark mark, String path, String problem) {
        return new ConfigException(file, mark.line(), mark.column(), path, problem);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** {@code maxTokens} → {@code max_tokens}. */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
