package org.mlgate.scan;

import java.util.List;
import org.mlgate.core.Digest;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
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
 */
public record FileResult(String path, Digest sha256, long size, String format, Verdict verdict,
                         List<Finding> findings, List<Problem> problems, List<SuppressedFinding> suppressed) {
    public FileResult {
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
        suppressed = List.copyOf(suppressed);
    }

    public FileResult(String path, Digest sha256, long size, String format, Verdict verdict, List<Finding> findings,
                      List<Problem> problems) {
        this(path, sha256, size, format, verdict, findings, problems, List.of());
    }

    /** Highest finding severity, or null without findings. */
    public Severity maxSeverity() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(null);
    }
}
