package io.sequoia.data.tree;

import io.sequoia.data.TextFormatException;

import java.nio.file.Path;

/**
 * A bracketed tree file line that is not a well-formed tree. The message starts with
 * {@code file:line:} and names the 1-based column where the brackets stop matching.
 */
public class TreeFormatException extends TextFormatException {
    private final int column;

    public TreeFormatException(Path path, long line, int column, String message) {
        super(path, line, "column " + column + ": " + message);
        this.column = column;
    }

    /** The 1-based column of the problem. */
    public int column() { return column; }
}
