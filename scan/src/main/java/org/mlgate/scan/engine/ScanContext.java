package org.mlgate.scan.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlgate.core.Finding;
import org.mlgate.core.Location;
import org.mlgate.core.Problem;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.policy.Policy;

/**
 * What a handler sees while analysing one blob: where it is (file and member chain), the budgets, the
 * policy, and where to record findings and problems. Children share the per-file state (findings, time
 * and decompression budgets) but have their own member chain, nesting depth and traits.
 */
public final class ScanContext {
    private final FileState file;
    private final List<String> members;
    private final Set<String> traits;

    ScanContext(FileState file, List<String> members, Set<String> traits) {
        this.file = file;
        this.members = List.copyOf(members);
        this.traits = Set.copyOf(traits);
    }

    public Budgets budgets() {
        return file.budgets();
    }

    public Policy policy() {
        return file.policy();
    }

    /** Nesting depth: 0 for the file itself, +1 for each member or embedded stream. */
    public int depth() {
        return members.size();
    }

    public List<String> members() {
        return members;
    }

    public boolean hasTrait(String trait) {
        return traits.contains(trait);
    }

    public Location location(long offset, String at) {
        return new Location(file.displayPath(), members, offset, at);
    }

    public void report(Rule rule, long offset, String at, String message) {
        report(rule, rule.defaultSeverity(), offset, at, message);
    }

    public void report(Rule rule, Severity severity, long offset, String at, String message) {
        file.add(Finding.of(rule, severity, location(offset, at), message));
    }

    public void problem(Problem.Kind kind, long offset, String message) {
        file.add(new Problem(kind, location(offset, null), message));
    }

    public void problem(ScanAbort abort) {
        problem(abort.kind(), abort.offset(), abort.getMessage());
    }

    /** Records the detected format of the top-level file (first one wins) and of members (for notes). */
    public void detected(String formatId) {
        if (depth() == 0) {
            file.detected(formatId);
        }
    }

    /** Replaces the detected format of the top-level file with a more precise one (e.g. "pytorch-legacy"). */
    public void refineFormat(String formatId) {
        if (depth() == 0) {
            file.refine(formatId);
        }
    }

    /**
     * The blob is no model format, container or pickle. The file itself is listed as not-a-model (SAFE, no
     * finding; ERROR when its name claims a model format, see {@link FileScan}); a member gets an INFO note.
     */
    public void notAModel(String why) {
        if (depth() == 0) {
            file.notAModel(why);
        } else {
            report(org.mlgate.scan.ScanRules.NOT_A_MODEL, -1, null, why);
        }
    }

    /** A context for a member or embedded stream named {@code member}. */
    public ScanContext child(String member) throws ScanAbort {
        if (members.size() + 1 > file.budgets().maxNesting()) {
            throw ScanAbort.budget(-1, "nesting deeper than " + file.budgets().maxNesting() + " levels at " + member);
        }
        List<String> chain = new ArrayList<>(members);
        chain.add(member);
        return new ScanContext(file, chain, traits);
    }

    /** The same place with an extra trait (e.g. "torchscript") inherited by children. */
    public ScanContext withTrait(String trait) {
        Set<String> t = new HashSet<>(traits);
        t.add(trait);
        return new ScanContext(file, members, t);
    }

    /** Routes a blob to the handler that recognises it; problems are recorded, never thrown. */
    public void dispatch(Blob blob) {
        file.router().dispatch(blob, this);
    }

    /**
     * The id of the handler that would take {@code blob}, if any, without scanning it. Containers use it
     * to decide what a member is (e.g. whether an entry flagged as encrypted is readable after all).
     */
    public Optional<String> sniff(Blob blob) {
        return file.router().sniff(blob);
    }

    /** Scans {@code blob} as member {@code name} of the current blob. */
    public void scanMember(String name, Blob blob) {
        try {
            child(name).dispatch(blob);
        } catch (ScanAbort a) {
            problem(a);
        }
    }

    /**
     * Scans {@code blob} as member {@code name} with the handler {@code handlerId}, without sniffing (for
     * members whose format the container defines, e.g. the pickle inside an object .npy).
     */
    public void scanMemberAs(String name, Blob blob, String handlerId) {
        try {
            child(name).withTrait("expected:" + handlerId).dispatchTo(blob, handlerId);
        } catch (ScanAbort a) {
            problem(a);
        }
    }

    void dispatchTo(Blob blob, String handlerId) {
        file.router().dispatchTo(blob, handlerId, this);
    }

    public void checkTime() throws ScanAbort {
        file.checkTime();
    }

    /** Counts decompressed bytes against the per-file budget. */
    public void chargeDecompressed(long bytes) throws ScanAbort {
        file.chargeDecompressed(bytes);
    }

    /** Where large decompressed members spill to. */
    public Spill spill() {
        return file.spill();
    }
}
