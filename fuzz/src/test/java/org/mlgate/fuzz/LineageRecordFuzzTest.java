package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.LineageEntry;
import org.mlgate.lineage.LineageException;
import org.mlgate.lineage.RecordReader;

/**
 * Any bytes as a lineage record: only {@link LineageException} escapes, and an accepted record's edges only join
 * artifacts the record names. Bundles are offered to a verifier that accepts everything, to reach the payload code.
 */
class LineageRecordFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void record(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            LineageEntry e = RecordReader.read(data, "fuzz.json", bundle -> "fuzz signer", ArtifactKind.MODEL);
            var named = e.mentions().stream().map(m -> m.artifact().digest()).toList();
            for (var edge : e.edges()) {
                if (!named.contains(edge.from()) || !named.contains(edge.to())) {
                    throw new AssertionError("edge " + edge + " joins an artifact the record does not name");
                }
            }
        } catch (LineageException expected) {
            // most inputs are not records
        }
    }
}
