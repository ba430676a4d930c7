package org.mlgate.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The cause of an I/O error as a user reads it ("permission denied", "is a directory", "no space left on device"),
 * without the path: the message that reports it names the path once. Java's own messages for file-system errors
 * are often just the path ("cannot read schema X: X").
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** Why the operation failed, never empty and never only a path. */
    public static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file or directory" + other(x);
            case AccessDeniedException x -> "permission denied" + other(x);
            case NotDirectoryException x -> "not a directory" + other(x);
            case DirectoryNotEmptyException x -> "directory not empty" + other(x);
            case FileAlreadyExistsException x -> "already exists" + other(x);
            case FileSystemException x when x.getReason() != null -> lower(x.getReason()) + other(x);
            case FileSystemException x -> x.getClass().getSimpleName() + other(x);
            default -> e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : lower(e.getMessage()); // e.g. "Is a directory" from reading a folder as a file
        };
    }

    private static String other(FileSystemException e) {
        return e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")";
    }

    /** "Is a directory" → "is a directory"; OS texts start with a capital. */
    private static String lower(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
