package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.lang.foreign.MemorySegment;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.tensors.SafetensorsHeader;
import org.mlgate.tensors.TensorInfo;

/**
 * Any bytes through the safetensors header validator: only {@link SafetensorsException} escapes, and a
 * header that validates really tiles the data section.
 */
class SafetensorsHeaderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void header(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        SafetensorsHeader h;
        try {
            h = SafetensorsHeader.parse(MemorySegment.ofArray(data));
        } catch (SafetensorsException e) {
            return;
        }
        long covered = 0;
        for (TensorInfo t : h.tensors()) {
            if (t.begin() < 0 || t.end() > h.dataLength() || t.end() < t.begin()) {
                throw new AssertionError("tensor " + t.name() + " outside the data section");
            }
            covered += t.byteLength();
        }
        if (covered != h.dataLength() || h.dataStart() + h.dataLength() != data.length) {
            throw new AssertionError("validated header does not tile the data section");
        }
    }
}
