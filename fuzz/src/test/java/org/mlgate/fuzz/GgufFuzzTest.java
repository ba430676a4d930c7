package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.engine.Router;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.gguf.GgufHandler;
import org.mlgate.scan.gguf.TemplateCheck;
import org.mlgate.scan.policy.Policy;

/**
 * Any bytes through the GGUF handler alone (header, metadata, tensor infos, layout, chat templates) and,
 * as text, through the Jinja template check: no exception escapes, no internal error, the time budget
 * holds, hits point inside the template, and the result is deterministic.
 */
class GgufFuzzTest {
    private static final Policy POLICY = Policy.defaults();
    private static final Router GGUF_ONLY = new Router(List.of(new GgufHandler()));

    @FuzzTest(maxDuration = "5m")
    void gguf(byte @NotNull @WithLength(max = 1 << 16) [] data) throws ScanAbort {
        long t0 = System.nanoTime();
        FileScan.Outcome first = FileScan.run("fuzz.gguf", Blob.of("fuzz.gguf", data), FuzzBudgets.SMALL, POLICY,
                GGUF_ONLY);
        FuzzBudgets.assertNoInternalError(first.problems());
        FileScan.Outcome again = FileScan.run("fuzz.gguf", Blob.of("fuzz.gguf", data), FuzzBudgets.SMALL, POLICY,
                GGUF_ONLY);
        if (!first.findings().equals(again.findings()) || !first.problems().equals(again.problems())) {
            throw new AssertionError("scanning the same bytes twice gave different results");
        }
        String text = new String(data, StandardCharsets.UTF_8);
        for (TemplateCheck.Hit h : TemplateCheck.check(text, TimeCheck.NONE)) {
            if (h.position() < 0 || h.position() > text.length()) {
                throw new AssertionError("hit outside the template: " + h);
            }
        }
        if ((System.nanoTime() - t0) / 1_000_000_000L > FuzzBudgets.SMALL.maxTime().toSeconds() + 5) {
            throw new AssertionError("scan ran past its time budget");
        }
    }
}
