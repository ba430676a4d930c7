package org.mlgate.scan.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.policy.Policy;

/** Per top-level file state shared by all contexts of that file. Used by one thread at a time. */
final class FileState implements AutoCloseable {
    private final String displayPath;
    private final Budgets budgets;
    private final Policy policy;
    private final Router router;
    private final long deadlineNanos;
    private final AtomicLong decompressed = new AtomicLong();
    private final List<Finding> findings = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Spill spill;
    private String format;
    private String notAModel;

    FileState(String displayPath, Budgets budgets, Policy policy, Router router) {
        this.displayPath = displayPath;
        this.budgets = budgets;
        this.policy = policy;
        this.router = router;
        this.deadlineNanos = System.nanoTime() + budgets.maxTime().toNanos();
        this.spill = new Spill();
    }

    String displayPath() {
        return displayPath;
    }

    Budgets budgets() {
        return budgets;
    }

    Policy policy() {
        return policy;
    }

    Router router() {
        return router;
    }

    Spill spill() {
        return spill;
    }

    void add(Finding f) {
        findings.add(f);
    }

    void add(Problem p) {
        problems.add(p);
    }

    List<Finding> findings() {
        return findings;
    }

    List<Problem> problems() {
        return problems;
    }

    void detected(String id) {
        if (format == null) {
            format = id;
        }
    }

    void refine(String id) {
        format = id;
    }

    void notAModel(String why) {
        format = FileScan.NOT_A_MODEL;
        notAModel = why;
    }

    /** Why the file is not a model, or null. */
    String notAModelReason() {
        return notAModel;
    }

    String format() {
        return format;
    }

    void checkTime() throws ScanAbort {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw ScanAbort.budget(-1, "time budget of " + budgets.maxTime() + " exhausted");
        }
    }

    void chargeDecompressed(long n) throws ScanAbort {
        long total = decompressed.addAndGet(n);
        if (total > budgets.maxDecompressed()) {
            throw ScanAbort.budget(-1, "decompressed more than " + budgets.maxDecompressed() + " bytes in total");
        }
    }

    @Override
    public void close() {
        spill.close();
    }
}
