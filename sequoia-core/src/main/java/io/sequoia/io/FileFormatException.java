package io.sequoia.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that exists but does not hold what its format promises. Carries the file and, where
 * known, the byte offset of the problem ({@code -1} when no single offset applies).
 */
public class FileFormatException extends IOException {
    private final transient Path path;
    private final long offset;

    public FileFormatException(Path path, long offset, String message) {
        this(path, offset, message, null);
    }

    public FileFormatException(Path path, long offset, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
        this.offset = offset;
    }

    /** The file that is malformed. */
    public Path path() { return path; }

    /** The byte offset in the file where the problem lies, or {@code -1} if no single offset applies. */
    public long offset() { return offset; }
}
