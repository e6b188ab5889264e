package io.sequoia.timeseries.data;

import io.sequoia.io.FileFormatException;

import java.nio.file.Path;

/** A CSV file that cannot be read as a time series; carries the file and the 1-based line (header = line 1). */
public class SeriesFormatException extends FileFormatException {
    private final int line;

    public SeriesFormatException(Path path, int line, String message) {
        super(path, -1, message);
        this.line = line;
    }

    /** The 1-based line of the problem, or {@code -1} when no single line applies. */
    public int line() { return line; }
}
