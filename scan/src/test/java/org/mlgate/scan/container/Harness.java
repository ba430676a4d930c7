package org.mlgate.scan.container;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Rule;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.Router;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;
import org.mlgate.scan.npy.NpyHandler;
import org.mlgate.scan.policy.Policy;

/**
 * Runs the real container handlers with a recording stand-in for the pickle handler, so tests assert on
 * routing (which bytes reached the pickle path, under which member chain and traits) and never on the
 * pickle VM's verdicts.
 */
public final class Harness {
    /** What the stand-in pickle handler was given. */
    public record Seen(List<String> members, long size, byte[] head, boolean torchscript) {
        public String member() {
            return members.isEmpty() ? "" : members.getLast();
        }
    }

    /**
     * Records instead of analysing. Its sniff models what a real pickle sniff does: PROTO 2-5 or a
     * protocol 0/1 opening opcode; the placeholder in the tree accepts everything and cannot be used here.
     */
    public static final class RecordingPickle implements FormatHandler {
        final List<Seen> seen = new ArrayList<>();
        private final Predicate<Blob> sniff;

        RecordingPickle(Predicate<Blob> sniff) {
            this.sniff = sniff;
        }

        @Override
        public String id() {
            return "pickle";
        }

        @Override
        public boolean sniff(Blob blob) {
            return sniff.test(blob);
        }

        @Override
        public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
            seen.add(new Seen(ctx.members(), blob.size(), blob.head(16), ctx.hasTrait("torchscript")));
        }
    }

    public static boolean looksLikePickle(Blob b) {
        if (b.size() < 2) {
            return false;
        }
        int first = b.u8(0);
        if (first == 0x80) {
            return b.u8(1) <= 5;
        }
        return first == '(' || first == ']' || first == '}' || first == 'c';
    }

    /** The container handlers in production order, then the recorder. */
    public static List<FormatHandler> containers() {
        return List.of(new ZipHandler(), new NpyHandler(), new GzipHandler(), new Bzip2Handler(), new XzHandler(),
                new ZstdHandler(), new SevenZipHandler(), new TarHandler(), new ZlibHandler(), new LzmaHandler());
    }

    /** One dispatch to a handler: which handler, for which member chain. */
    public record Routed(String handler, List<String> members) {
        public String member() {
            return members.isEmpty() ? "" : members.getLast();
        }
    }

    /** Delegates to a real handler and logs every blob routed to it. */
    private record Logging(FormatHandler inner, List<Routed> log) implements FormatHandler {
        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public boolean sniff(Blob blob) {
            return inner.sniff(blob);
        }

        @Override
        public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
            log.add(new Routed(inner.id(), ctx.members()));
            inner.scan(blob, ctx);
        }
    }

    /** Outcome of one scan plus what reached the pickle path and every handler. */
    public record Result(FileScan.Outcome outcome, List<Seen> pickles, List<Routed> routed) {
        /** Members (innermost names) that the handler {@code id} was given. */
        public List<String> routedTo(String id) {
            return routed.stream().filter(r -> r.handler().equals(id)).map(Routed::member).toList();
        }

        public List<Finding> findings(Rule rule) {
            return outcome.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
        }

        public List<Problem> problems() {
            return outcome.problems();
        }

        public List<String> pickleMembers() {
            return pickles.stream().map(Seen::member).toList();
        }

        public Set<String> ruleIds() {
            return Set.copyOf(outcome.findings().stream().map(Finding::ruleId).toList());
        }

        public String format() {
            return outcome.format();
        }
    }

    private Harness() {
    }

    public static Result scan(byte[] bytes) {
        return scan("test.bin", MemorySegment.ofArray(bytes), Budgets.DEFAULT);
    }

    public static Result scan(byte[] bytes, Budgets budgets) {
        return scan("test.bin", MemorySegment.ofArray(bytes), budgets);
    }

    public static Result scan(String name, MemorySegment data, Budgets budgets) {
        return scan(name, data, budgets, Harness::looksLikePickle);
    }

    /** With a pickle sniff of the test's choosing (e.g. one that accepts everything, like a lax sniff would). */
    public static Result scan(String name, MemorySegment data, Budgets budgets, Predicate<Blob> pickleSniff) {
        RecordingPickle pickle = new RecordingPickle(pickleSniff);
        List<Routed> log = new ArrayList<>();
        List<FormatHandler> handlers = new ArrayList<>();
        containers().forEach(h -> handlers.add(new Logging(h, log)));
        handlers.add(new Logging(pickle, log));
        FileScan.Outcome o = FileScan.run(name, new Blob(name, data), budgets, Policy.defaults(), new Router(handlers));
        return new Result(o, List.copyOf(pickle.seen), List.copyOf(log));
    }
}
