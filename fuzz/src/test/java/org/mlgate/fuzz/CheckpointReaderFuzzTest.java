package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.mlgate.convert.CheckpointReader;
import org.mlgate.convert.ConversionRefused;

/**
 * Any bytes through the checkpoint reader (ZIP layout and the reconstructing pickle interpreter): only
 * {@link ConversionRefused} escapes, and every tensor it returns lies inside the data it was given.
 */
class CheckpointReaderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void checkpoint(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        try (Arena arena = Arena.ofConfined()) {
            CheckpointReader.Checkpoint cp = CheckpointReader.read(MemorySegment.ofArray(data), arena);
            for (CheckpointReader.TensorData t : cp.tensors()) {
                long elements = 1;
                for (long d : t.shape()) {
                    elements = Math.multiplyExact(elements, d);
                }
                if (Math.multiplyExact(elements, (long) t.dtype().bits()) / 8 != t.data().byteSize()) {
                    throw new AssertionError("tensor " + t.name() + " has " + t.data().byteSize()
                            + " bytes for " + elements + " elements of " + t.dtype());
                }
            }
        } catch (ConversionRefused expected) {
            // refusing is the normal outcome for almost every input
        }
    }
}
