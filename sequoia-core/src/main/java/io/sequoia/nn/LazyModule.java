package io.sequoia.nn;

/**
 * A module whose parameters are created from its first input (Keras's layers: the input size is
 * not given up front). Until then it has no weights, so it cannot be saved: a folder written
 * before the first forward pass would reload with fresh random weights. Saving refuses it.
 */
public interface LazyModule {
    /** Whether the parameters exist. */
    boolean built();
}
