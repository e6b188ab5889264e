package io.sequoia.export;

/** A model the exporter cannot express, with what it is and why. */
public final class ExportException extends RuntimeException {
    public ExportException(String message) { super(message); }
}
