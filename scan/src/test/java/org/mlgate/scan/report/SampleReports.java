package org.mlgate.scan.report;

import java.util.List;
import org.mlgate.core.Digest;
import org.mlgate.core.Finding;
import org.mlgate.core.Location;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.core.ToolInfo;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanReport;
import org.mlgate.scan.ScanRules;

/** Hand-built scan reports covering every shape a renderer must handle. */
public final class SampleReports {
    public static final ToolInfo TOOL = new ToolInfo("mlgate", "1.2.3");
    public static final Digest EVIL_SHA = Digest.sha256(new byte[] {1});
    public static final Digest OK_SHA = Digest.sha256(new byte[] {2});
    public static final Digest BROKEN_SHA = Digest.sha256(new byte[] {3});
    public static final Digest ZIP_SHA = Digest.sha256(new byte[] {4});

    private SampleReports() {
    }

    /** A pickle with a finding at a top-level offset and one inside a member. */
    public static FileResult unsafePickle() {
        Finding global = Finding.of(ScanRules.DANGEROUS_GLOBAL, Severity.CRITICAL,
                new Location("models/evil.pkl", List.of(), 12, "GLOBAL"), "imports os.system (runs a shell command)");
        Finding call = Finding.of(ScanRules.COMPUTED_CALL, Severity.HIGH,
                new Location("models/evil.pkl", List.of("archive/data.pkl"), 40, "REDUCE"),
                "calls the result of another call");
        return new FileResult("models/evil.pkl", EVIL_SHA, 1234, "pickle", Verdict.UNSAFE, List.of(global, call),
                List.of());
    }

    /** A checkpoint that is SAFE but has a finding below the threshold. */
    public static FileResult safeCheckpoint() {
        Finding pid = Finding.of(ScanRules.PERSISTENT_ID, Severity.INFO,
                new Location("models/ok.pt", List.of("archive/data.pkl"), -1, null), "uses persistent ids");
        return new FileResult("models/ok.pt", OK_SHA, 4096, "zip", Verdict.SAFE, List.of(pid), List.of());
    }

    /** A plain SAFE file without findings. */
    public static FileResult cleanFile() {
        return new FileResult("models/clean.safetensors", OK_SHA, 10, "safetensors", Verdict.SAFE, List.of(),
                List.of());
    }

    /** A file whose analysis could not finish. */
    public static FileResult brokenPickle() {
        Problem p = new Problem(Problem.Kind.MALFORMED, new Location("models/broken.pkl", List.of(), 3, null),
                "truncated pickle: FRAME length beyond end of data");
        return new FileResult("models/broken.pkl", BROKEN_SHA, 4, "pickle", Verdict.ERROR, List.of(), List.of(p));
    }

    /** A file that could not be read; its path needs URI escaping. */
    public static FileResult unreadable() {
        String path = "dir with space/ünï:code.npy";
        Problem p = new Problem(Problem.Kind.IO, Location.of(path), "cannot read file: Permission denied");
        return new FileResult(path, null, -1, "unknown", Verdict.ERROR, List.of(), List.of(p));
    }

    /** A finding two members deep, plus a problem in another member. */
    public static FileResult nestedArchive() {
        Finding nested = Finding.of(ScanRules.NESTED_PICKLE, Severity.HIGH,
                new Location("bundle.zip", List.of("inner.tar", "x/data.pkl"), 100, "BINUNICODE"),
                "a string holds another pickle");
        Finding sibling = Finding.of(ScanRules.ZIP_SLIP, Severity.HIGH,
                new Location("bundle.zip", List.of("inner.tar"), -1, null), "member ../../etc/passwd escapes");
        Problem budget = new Problem(Problem.Kind.BUDGET,
                new Location("bundle.zip", List.of("inner.tar", "big.bin"), -1, null), "decompressed size over budget");
        return new FileResult("bundle.zip", ZIP_SHA, 99_999, "zip", Verdict.UNSAFE, List.of(nested, sibling),
                List.of(budget));
    }

    public static ScanReport report(List<FileResult> files) {
        return new ScanReport(TOOL, "2026.11.1", List.of("python-core@1", "pytorch@2"), Severity.HIGH,
                ScanRules.all(), files, ScanReport.Summary.of(files));
    }

    /** One of everything. */
    public static ScanReport mixed() {
        return report(List.of(unsafePickle(), safeCheckpoint(), cleanFile(), brokenPickle(), unreadable(),
                nestedArchive()));
    }

    public static ScanReport allSafe() {
        return report(List.of(safeCheckpoint(), cleanFile()));
    }
}
