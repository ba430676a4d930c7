package org.mlgate.config;

import org.mlgate.core.FailureKind;
import org.mlgate.core.MlgateException;

/**
 * A configuration file that cannot be used as written. The message has the form
 * {@code FILE:LINE:COLUMN: KEY.PATH: what is wrong} (line and column 1-based; the key path is omitted when the
 * problem is not at a key, e.g. a YAML syntax error), so an editor can jump to it. Always a usage failure.
 */
public final class ConfigException extends MlgateException {
    private final String file;
    private final int line;
    private final int column;
    private final String keyPath;
    private final String problem;

    ConfigException(String file, int line, int column, String keyPath, String problem) {
        super(format(file, line, column, keyPath, problem), null);
        this.file = file;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath;
        this.problem = problem;
    }

    private static String format(String file, int line, int column, String keyPath, String problem) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (!keyPath.isEmpty()) {
            b.append(keyPath).append(": ");
        }
        return b.append(problem).toString();
    }

    @Override
    public FailureKind kind() {
        return FailureKind.USAGE;
    }

    /** The file name as given to the loader. */
    public String file() {
        return file;
    }

    /** 1-based line, 0 when the problem is about the file as a whole (size, encoding, unreadable). */
    public int line() {
        return line;
    }

    /** 1-based column, 0 with {@link #line()} 0. */
    public int column() {
        return column;
    }

    /** Dotted key path with list indexes ({@code rails.input.flows[2].threshold}); empty when not at a key. */
    public String keyPath() {
        return keyPath;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }
}
