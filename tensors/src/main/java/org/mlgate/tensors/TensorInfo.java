package org.mlgate.tensors;

import java.util.List;
import java.util.Objects;

/**
 * One tensor entry of a safetensors header: name, element type, shape, and its byte range relative to
 * the start of the data section ({@code begin} inclusive, {@code end} exclusive).
 */
public record TensorInfo(String name, Dtype dtype, List<Long> shape, long begin, long end) {
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
    }

    public long byteLength() {
        return end - begin;
    }
}
