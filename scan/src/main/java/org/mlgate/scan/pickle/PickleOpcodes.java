package org.mlgate.scan.pickle;

import java.lang.foreign.MemorySegment;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.Router;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.policy.Policy;

/** Runs the VM alone over one stream and counts opcodes: the benchmark's measure of raw VM speed. */
public final class PickleOpcodes {
    private PickleOpcodes() {
    }

    /** Opcodes executed for the first stream of {@code pickle}; -1 if it does not parse. */
    public static long count(byte[] pickle) {
        long[] result = {-1};
        FormatHandler counter = new FormatHandler() {
            @Override
            public String id() {
                return "count";
            }

            @Override
            public boolean sniff(Blob blob) {
                return true;
            }

            @Override
            public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
                PickleVm vm = new PickleVm(blob.data(), ctx, new HitLog(), new StringHeuristics());
                result[0] = vm.run(0).opcodes();
            }
        };
        FileScan.run("bench", new Blob("bench", MemorySegment.ofArray(pickle)), Budgets.DEFAULT, Policy.defaults(),
                new Router(java.util.List.of(counter)));
        return result[0];
    }
}
