package org.mlgate.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlgate.tensors.Dtype;

/**
 * A value rebuilt from a checkpoint pickle: plain data, tensor references and the few allowlisted callables
 * on their way to being applied. Containers are mutable while the pickle is read (the pickle fills them after
 * creating them) and compared by identity, as in Python.
 */
public sealed interface Value {

    /** What built a dict: a literal dict, {@code collections.OrderedDict()} or {@code argparse.Namespace()}. */
    enum DictKind { DICT, ORDERED_DICT, NAMESPACE }

    /** A dict, in insertion order; keys are strings, integers, booleans or None. */
    final class Dict implements Value {
        private final DictKind kind;
        private final Map<Value, Value> entries = new LinkedHashMap<>();

        Dict(DictKind kind) {
            this.kind = kind;
        }

        public DictKind kind() {
            return kind;
        }

        public Map<Value, Value> entries() {
            return entries;
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + entries.size() + " entries)";
        }
    }

    /** A list (mutable while reading). */
    final class PyList implements Value {
        private final List<Value> items = new ArrayList<>();

        public List<Value> items() {
            return items;
        }

        @Override
        public String toString() {
            return "list(" + items.size() + " items)";
        }
    }

    record Tuple(List<Value> items) implements Value {
        public Tuple {
            items = List.copyOf(items);
        }
    }

    record Str(String value) implements Value { }

    record Int(long value) implements Value { }

    record Float(double value) implements Value { }

    record Bool(boolean value) implements Value { }

    /** Python's None. */
    enum None implements Value { NONE }

    /** An allowlisted global ({@code module.name}), only ever applied by the interpreter. */
    record Global(String module, String name) implements Value {
        public String qualified() {
            return module + "." + name;
        }
    }

    /**
     * A storage from a persistent id {@code ('storage', torch.XStorage, key, location, numel)}; its bytes are
     * the stored member {@code <prefix>/data/<key>}.
     */
    record Storage(String key, Dtype dtype, String location, long numel) implements Value { }

    /** A tensor: a strided view of a storage, in elements. */
    record TensorRef(Storage storage, long storageOffset, List<Long> shape, List<Long> stride) implements Value {
        public TensorRef {
            shape = List.copyOf(shape);
            stride = List.copyOf(stride);
        }

        public Dtype dtype() {
            return storage.dtype();
        }
    }
}
