package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.util.List;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.Router;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.onnx.OnnxHandler;
import org.mlgate.scan.policy.Policy;
import org.mlgate.scan.tf.TfHandler;

/**
 * The ONNX and TensorFlow walkers (and the protobuf reader under them) on arbitrary bytes. Both handlers'
 * scans run on every input whatever their sniffs say, so a mutation that breaks the sniff still reaches
 * the walkers' own structure checks; no exception may escape and no scan may fail with an internal error.
 */
class ProtobufWalkerFuzzTest {
    private static final Policy POLICY = Policy.defaults();

    /** Claims every blob and hands it to both protobuf handlers in turn. */
    private static final class BothWalkers implements FormatHandler {
        private final List<FormatHandler> walkers = List.of(new OnnxHandler(), new TfHandler());

        @Override
        public String id() {
            return "protobuf";
        }

        @Override
        public boolean sniff(Blob blob) {
            return true;
        }

        @Override
        public void scan(Blob blob, ScanContext ctx) {
            for (FormatHandler h : walkers) {
                try {
                    h.scan(blob, ctx);
                } catch (ScanAbort expected) {
                    ctx.problem(expected);
                }
            }
        }
    }

    private static final Router ROUTER = new Router(List.of(new BothWalkers()));

    @FuzzTest(maxDuration = "5m")
    void anyProtobuf(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        FileScan.Outcome o = FileScan.run("fuzz.pb", Blob.of("fuzz.pb", data), FuzzBudgets.SMALL, POLICY, ROUTER);
        FuzzBudgets.assertNoInternalError(o.problems());
    }
}
