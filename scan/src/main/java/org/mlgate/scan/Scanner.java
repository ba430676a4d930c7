package org.mlgate.scan;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.mlgate.core.Digest;
import org.mlgate.core.FailPolicy;
import org.mlgate.core.Finding;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.Location;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.core.ToolInfo;
import org.mlgate.core.Verdict;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.policy.Policy;
import org.mlgate.scan.policy.Profile;
import org.mlgate.scan.cache.PolicyFingerprint;
import org.mlgate.scan.cache.ScanCache;
import org.mlgate.scan.suppress.Suppression;
import org.mlgate.scan.suppress.SuppressionNotice;
import org.mlgate.scan.suppress.Suppressor;

/**
 * The scanner's library entry point: the CLI, the server and tests all call this and get the same
 * results. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * ScanReport r = Scanner.builder().failOn(Severity.HIGH).build().scan(List.of(Path.of("model.pt")));
 * }</pre>
 */
public final class Scanner {
    private final ScanOptions options;
    private final Policy policy;
    private final ScanCache cache;
    private final String fingerprint;

    private Scanner(ScanOptions options) {
        this.options = options;
        this.policy = Policy.defaults().withProfiles(options.extraProfiles());
        this.cache = options.cacheDir() == null ? null : ScanCache.open(options.cacheDir());
        this.fingerprint = PolicyFingerprint.of(policy, options.budgets());
    }

    public static Builder builder() {
        return new Builder();
    }

    public ScanOptions options() {
        return options;
    }

    public Policy policy() {
        return policy;
    }

    /** Scans files and directories (recursively). A path that does not exist is a usage error. */
    public ScanReport scan(List<Path> paths) {
        return scan(paths, ScanProgress.NONE);
    }

    public ScanReport scan(List<Path> paths, ScanProgress progress) {
        List<FolderWalk.Target> targets = FolderWalk.expand(paths, options.followExternalLinks());
        Suppressor suppressor = new Suppressor(options.suppressions(), options.clock());
        progress.started(targets.size());
        List<FileResult> results = new ArrayList<>(targets.size());
        int threads = Math.max(1, Math.min(options.threads(), targets.size()));
        AtomicInteger done = new AtomicInteger();
        if (threads == 1) {
            for (FolderWalk.Target t : targets) {
                FileResult r = scanTarget(t, suppressor);
                results.add(r);
                progress.finished(r, done.incrementAndGet(), targets.size());
            }
        } else {
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<FileResult>> futures = new ArrayList<>();
                for (FolderWalk.Target t : targets) {
                    futures.add(pool.submit(() -> {
                        FileResult r = scanTarget(t, suppressor);
                        progress.finished(r, done.incrementAndGet(), targets.size());
                        return r;
                    }));
                }
                for (Future<FileResult> f : futures) {
                    results.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IncompleteException("scan interrupted", e);
            } catch (ExecutionException e) {
                throw new IncompleteException("scan failed: " + e.getCause(), e.getCause());
            }
        }
        requireSomethingJudged(paths, results);
        return report(results, suppressor.notices());
    }

    /** Nothing judged is not SAFE: a scan that found no model file at all cannot pass a gate by accident. */
    private void requireSomethingJudged(List<Path> paths, List<FileResult> results) {
        if (options.allowEmpty() || results.stream().anyMatch(FileResult::judged)) {
            return;
        }
        String where = paths.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "));
        throw new IncompleteException(results.isEmpty()
                ? "nothing to scan: " + where + " holds no files (pass --allow-empty to accept that)"
                : "nothing judged: none of the " + results.size() + (results.size() == 1 ? " file" : " files")
                        + " in " + where + " is a model or a file a loader acts on (pass --allow-empty to accept "
                        + "that)");
    }

    private FileResult scanTarget(FolderWalk.Target t, Suppressor suppressor) {
        return switch (t) {
            case FolderWalk.Readable r -> {
                FileResult f = scanFile(r.file(), r.display(), suppressor);
                yield r.linkTarget() == null ? f : f.viaLink(r.linkTarget());
            }
            case FolderWalk.Refused r -> new FileResult(r.display(), null, -1, "unknown", Verdict.ERROR, List.of(),
                    List.of(FolderWalk.problem(r)), List.of(), r.linkTarget());
            case FolderWalk.Revisit r -> new FileResult(r.display(), null, -1, "link", Verdict.SAFE,
                    List.of(Finding.of(ScanRules.LINK_REVISIT, Severity.INFO, Location.of(r.display()),
                            "link to folder " + r.linkTarget() + ", which this scan reaches another way: walked once")),
                    List.of(), List.of(), r.linkTarget());
        };
    }

    /** Scans bytes held in memory (e.g. an upload) under a display name. */
    public FileResult scanBytes(String name, byte[] bytes) {
        return result(name, Blob.of(name, bytes), bytes.length, new Suppressor(options.suppressions(), options.clock()));
    }

    public ScanReport report(List<FileResult> results) {
        return report(results, List.of());
    }

    public ScanReport report(List<FileResult> results, List<SuppressionNotice> notices) {
        return new ScanReport(ToolInfo.current(), org.mlgate.scan.policy.BuiltinProfiles.RULE_PACK_VERSION,
                policy.profiles().stream().map(Profile::id).toList(), options.failOn(), ScanRules.all(), results,
                ScanReport.Summary.of(results), notices);
    }

    /** Scans one regular file by mapping it; never reads tensor data it does not need. */
    public FileResult scanFile(Path file, String display) {
        return scanFile(file, display, new Suppressor(options.suppressions(), options.clock()));
    }

    private FileResult scanFile(Path file, String display, Suppressor suppressor) {
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            // Small files are read onto the heap (the VM runs about twice as fast over heap segments);
            // large ones are mapped so tensor data is never read.
            MemorySegment seg = size <= HEAP_READ_LIMIT ? MemorySegment.ofArray(readFully(ch, (int) size))
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return result(display, new Blob(file.getFileName() == null ? display : file.getFileName().toString(), seg),
                    size, suppressor);
        } catch (IOException | RuntimeException e) {
            Problem p = new Problem(Problem.Kind.IO, Location.of(display), "cannot read file: "
                    + (e instanceof IOException io ? org.mlgate.core.IoErrors.reason(io) : e.getMessage()));
            return new FileResult(display, null, -1, "unknown", Verdict.ERROR, List.of(), List.of(p));
        }
    }

    private FileResult result(String display, Blob blob, long size, Suppressor suppressor) {
        Digest digest = options.digest() ? Digest.sha256(blob.data()) : null;
        FileScan.Outcome o = cache == null ? null : cache.get(digest, fingerprint, display).orElse(null);
        if (o == null) {
            o = FileScan.run(display, blob, options.budgets(), policy, Handlers.router());
            if (cache != null) {
                try {
                    cache.put(digest, fingerprint, o);
                } catch (IOException e) {
                    throw new IncompleteException("cannot write to the scan cache " + options.cacheDir() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        Suppressor.Split split = suppressor.apply(digest, o.findings());
        Verdict v = new FailPolicy(options.failOn()).verdict(split.kept(), o.problems());
        return new FileResult(display, digest, size, o.format(), v, split.kept(), o.problems(), split.suppressed());
    }

    private static final long HEAP_READ_LIMIT = 256L << 20;

    private static byte[] readFully(FileChannel ch, int size) throws IOException {
        byte[] b = new byte[size];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            if (ch.read(bb, bb.position()) < 0) {
                throw new IOException("file shrank while reading (" + bb.position() + " of " + size + " bytes)");
            }
        }
        return b;
    }

    /** Builds a scanner; every option is validated here, once. */
    public static final class Builder {
        private Severity failOn = Severity.HIGH;
        private final List<Profile> profiles = new ArrayList<>();
        private Budgets budgets = Budgets.DEFAULT;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean digest = true;
        private final List<Suppression> suppressions = new ArrayList<>();
        private Path cacheDir;
        private Clock clock = Clock.systemUTC();
        private boolean followExternalLinks;
        private boolean allowEmpty;

        /** Follow symbolic links that lead outside the scanned folder (refused by default). */
        public Builder followExternalLinks(boolean on) {
            this.followExternalLinks = on;
            return this;
        }

        /** Accept a scan that judged no model file (by default that is INCOMPLETE, exit 3). */
        public Builder allowEmpty(boolean on) {
            this.allowEmpty = on;
            return this;
        }

        public Builder failOn(Severity s) {
            this.failOn = s;
            return this;
        }

        public Builder profile(Profile p) {
            profiles.add(p);
            return this;
        }

        public Builder budgets(Budgets b) {
            this.budgets = b;
            return this;
        }

        /** Whether to compute each file's SHA-256 (default true; it reads every byte, tensors included). */
        public Builder digest(boolean on) {
            this.digest = on;
            return this;
        }

        /** Accepted risks; findings they match are reported as suppressed and leave the verdict. */
        public Builder suppressions(List<Suppression> entries) {
            suppressions.addAll(entries);
            return this;
        }

        /** A directory for cached outcomes keyed by file digest and policy fingerprint. */
        public Builder cache(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /** The clock that decides which suppressions have expired (tests inject a fixed one). */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Scanner build() {
            return new Scanner(new ScanOptions(failOn, profiles, budgets, threads, digest, suppressions, cacheDir, clock,
                    followExternalLinks, allowEmpty));
        }
    }
}
