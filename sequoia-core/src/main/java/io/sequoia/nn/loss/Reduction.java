package io.sequoia.nn.loss;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

import java.util.Locale;

/** PyTorch's loss reductions. */
public enum Reduction {
    NONE, MEAN, SUM;

    public static Reduction of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Errors.arg("Reduction.of", "unknown reduction", "none, mean or sum", name, null);
        }
    }

    Tensor apply(Tensor perElement) {
        switch (this) {
            case NONE: return perElement;
            case SUM: return perElement.sum();
            default: return perElement.mean();
        }
    }
}
