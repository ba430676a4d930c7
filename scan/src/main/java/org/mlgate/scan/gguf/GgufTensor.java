package org.mlgate.scan.gguf;

import java.util.List;

/**
 * One tensor info: name, dimensions (ne[0] first, as ggml stores them), ggml type id and the data offset
 * relative to the start of the data section.
 *
 * @param infoOffset where the tensor info starts in the file
 */
public record GgufTensor(String name, long nameBytes, List<Long> dims, long type, long offset, long infoOffset) {
    public GgufTensor {
        dims = List.copyOf(dims);
    }
}
