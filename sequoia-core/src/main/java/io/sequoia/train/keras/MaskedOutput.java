package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;

/**
 * A module's output and the mask that came out with it ({@code null} when no mask reached the end).
 * @param output the output tensor
 * @param mask   (N, T) for a per-step output (N, T, ...): non-zero = a real step; or null
 */
public record MaskedOutput(Tensor output, Tensor mask) {}
