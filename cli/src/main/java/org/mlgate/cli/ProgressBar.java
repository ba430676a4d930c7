package org.mlgate.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanProgress;

/**
 * A one-line progress display on standard error, redrawn at most every {@value #INTERVAL_MILLIS} ms
 * (and on the last file), erased by {@link #close()}. Called from scanner worker threads.
 */
final class ProgressBar implements ScanProgress, AutoCloseable {
    static final long INTERVAL_MILLIS = 100;
    private static final int BAR = 24;
    private static final int MAX_WIDTH = 79;

    private final PrintStream err;
    private final long intervalNanos;
    private long lastDraw;
    private boolean drawnOnce;
    private int lastWidth;
    private int unsafe;
    private int error;

    ProgressBar(PrintStream err) {
        this(err, TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
    }

    ProgressBar(PrintStream err, long intervalNanos) {
        this.err = err;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public synchronized void started(int totalFiles) {
        draw(0, totalFiles);
    }

    @Override
    public synchronized void finished(FileResult result, int done, int total) {
        if (result.verdict() == Verdict.UNSAFE) {
            unsafe++;
        } else if (result.verdict() == Verdict.ERROR) {
            error++;
        }
        if (done == total || System.nanoTime() - lastDraw >= intervalNanos) {
            draw(done, total);
        }
    }

    static String line(int done, int total, int unsafe, int error) {
        int filled = total <= 0 ? BAR : (int) ((long) BAR * done / total);
        String s = "scanning [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total
                + " files, " + unsafe + " unsafe, " + error + " error";
        return s.length() > MAX_WIDTH ? s.substring(0, MAX_WIDTH) : s;
    }

    private void draw(int done, int total) {
        String s = line(done, total, unsafe, error);
        StringBuilder sb = new StringBuilder("\r").append(s);
        if (s.length() < lastWidth) {
            sb.append(" ".repeat(lastWidth - s.length()));
        }
        err.print(sb);
        err.flush();
        lastWidth = Math.max(lastWidth, s.length());
        lastDraw = System.nanoTime();
        drawnOnce = true;
    }

    /** Erases the line so that what follows on standard error starts clean. */
    @Override
    public synchronized void close() {
        if (drawnOnce) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            drawnOnce = false;
        }
    }
}
