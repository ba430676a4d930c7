package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.convert.ConversionRefused;
import org.mlgate.convert.ShardIndex;

/** Any bytes as a sharded-checkpoint index: only {@link ConversionRefused} escapes; accepted shards are plain names. */
class ShardIndexFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void index(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            ShardIndex idx = ShardIndex.parse(data, "fuzz.index.json");
            for (String shard : idx.weightMap().values()) {
                if (shard.contains("/") || shard.contains("\\") || shard.equals("..") || shard.isEmpty()) {
                    throw new AssertionError("accepted shard name " + shard);
                }
            }
        } catch (ConversionRefused expected) {
            // most inputs are not an index
        }
    }
}
