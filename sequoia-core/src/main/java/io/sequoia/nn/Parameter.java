package io.sequoia.nn;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.NDArray;

/** A leaf tensor that a {@link Module} owns and an optimizer updates; requires grad by default. */
public final class Parameter extends Tensor {
    public Parameter(NDArray data) { this(data, true); }

    public Parameter(NDArray data, boolean requiresGrad) {
        super(data);
        requiresGrad(requiresGrad);
    }

    /** Converts the values in place to {@code t} (drops any gradient). */
    void convert(DType t) { if (dtype() != t) replaceData(data().to(t)); }
}
