package io.sequoia.tensor;

/** A tensor argument whose shape does not fit the operation. */
public class ShapeMismatchException extends IllegalArgumentException {
    public ShapeMismatchException(String message) { super(message); }
}
