package org.mlgate.scan;

/** Callbacks for long scans (a progress bar); called from worker threads. */
public interface ScanProgress {
    ScanProgress NONE = new ScanProgress() { };

    default void started(int totalFiles) {
    }

    default void finished(FileResult result, int done, int total) {
    }
}
