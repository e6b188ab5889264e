package io.sequoia.autograd;

import io.sequoia.tensor.NDArray;

/**
 * The backward of one primitive: given the gradients of its outputs (an entry is {@code null} when
 * that output received none), returns the gradients of its inputs ({@code null} where
 * {@code needs[i]} is false or the input gets no gradient).
 */
@FunctionalInterface
public interface Backward {
    NDArray[] apply(NDArray[] gradOutputs, boolean[] needs);
}
