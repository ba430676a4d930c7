package org.mlgate.scan.proto;

import java.util.List;
import org.mlgate.core.Finding;
import org.mlgate.core.Rule;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.Handlers;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.policy.Policy;

/** Scans bytes through the production router, for the protobuf format tests. */
public final class ProtoScan {
    private ProtoScan() {
    }

    public static FileScan.Outcome scan(byte[] bytes) {
        return FileScan.run("t.bin", Blob.of("t.bin", bytes), Budgets.DEFAULT, Policy.defaults(), Handlers.router());
    }

    public static List<Finding> findings(FileScan.Outcome o, Rule rule) {
        return o.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
    }
}
