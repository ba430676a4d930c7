package org.mlgate.scan;

import java.util.List;
import org.mlgate.core.Digest;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.engine.FileScan;
import org.mlgate.scan.suppress.SuppressedFinding;

/**
 * The result for one scanned file.
 *
 * @param path     the path as given (or relative to the scanned directory's parent)
 * @param sha256   digest of the file's bytes (null only when the file could not be read)
 * @param size     file size in bytes (-1 when unreadable)
 * @param format   detected outer format id ("pickle", "zip", "npy", ..., "unknown")
 * @param verdict  SAFE, UNSAFE or ERROR under the fail policy
 * @param findings what was found, in discovery order
 * @param problems why analysis could not finish, if it could not
 * @param suppressed findings that an active suppression took out of the verdict (still reported)
 * @param linkTarget where {@code path} leads when it is a symbolic link (the real path judged), else null
 */
public record FileResult(String path, Digest sha256, long size, String format, Verdict verdict,
                         List<Finding> findings, List<Problem> problems, List<SuppressedFinding> suppressed,
                         String linkTarget) {
    public FileResult {
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
        suppressed = List.copyOf(suppressed);
    }

    public FileResult(String path, Digest sha256, long size, String format, Verdict verdict, List<Finding> findings,
                      List<Problem> problems, List<SuppressedFinding> suppressed) {
        this(path, sha256, size, format, verdict, findings, problems, suppressed, null);
    }

    /** The same result reached through a symbolic link. */
    public FileResult viaLink(String target) {
        return new FileResult(path, sha256, size, format, verdict, findings, problems, suppressed, target);
    }

    public FileResult(String path, Digest sha256, long size, String format, Verdict verdict, List<Finding> findings,
                      List<Problem> problems) {
        this(path, sha256, size, format, verdict, findings, problems, List.of());
    }

    /**
     * Whether this result judged something a loader acts on: false for a SAFE file that is not a model
     * ({@code not-a-model}) and for a link to a folder walked another way ({@code link}).
     */
    public boolean judged() {
        return verdict != Verdict.SAFE || !(format.equals(FileScan.NOT_A_MODEL) || format.equals("link"));
    }

    /** Highest finding severity, or null without findings. */
    public Severity maxSeverity() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(null);
    }
}
