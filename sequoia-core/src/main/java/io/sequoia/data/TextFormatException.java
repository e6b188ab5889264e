package io.sequoia.data;

import io.sequoia.io.FileFormatException;

import java.nio.file.Path;

/**
 * A text data file (review lines, CSV/TSV rows) that does not hold what its format promises. The
 * message starts with {@code file:line:} and carries the 1-based line of the malformed row.
 */
public class TextFormatException extends FileFormatException {
    private final long line;

    public TextFormatException(Path path, long line, String message) {
        super(path, -1, path + ":" + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line of the problem. */
    public long line() { return line; }
}
