package io.sequoia.optim;

import io.sequoia.tensor.Errors;

/** Argument checks shared by optimizers, schedulers and clipping; each names the argument and its value. */
final class Check {
    private Check() {}

    /** {@code value >= 0} (NaN fails, as in PyTorch's {@code not 0.0 <= value}). */
    static double nonNegative(String where, String name, double value) {
        if (!(value >= 0)) throw Errors.arg(where, name + " must be >= 0", ">= 0", value, null);
        return value;
    }

    static int nonNegative(String where, String name, int value) {
        if (value < 0) throw Errors.arg(where, name + " must be >= 0", ">= 0", value, null);
        return value;
    }

    static int positive(String where, String name, int value) {
        if (value <= 0) throw Errors.arg(where, name + " must be > 0", "> 0", value, null);
        return value;
    }

    /** {@code 0 <= value < 1}, PyTorch's rule for betas, ReduceLROnPlateau's factor. */
    static double unitInterval(String where, String name, double value) {
        if (!(value >= 0 && value < 1)) throw Errors.arg(where, name + " must be in [0, 1)", "a value in [0, 1)", value, null);
        return value;
    }

    /** One of {@code allowed}, compared case-sensitively as PyTorch does. */
    static String oneOf(String where, String name, String value, String... allowed) {
        for (String a : allowed) if (a.equals(value)) return value;
        throw Errors.arg(where, name + " must be one of " + String.join(", ", allowed),
                "one of " + Errors.str(allowed), value == null ? null : '"' + value + '"', null);
    }
}
