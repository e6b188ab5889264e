package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small helpers for the layer tests: seeded batches, masks from lengths, tolerant comparisons. */
final class Seqs {
    private Seqs() {}

    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape); }

    /** (N, T) mask with {@code lengths[i]} real steps at the start (post-padding) or at the end (pre-padding). */
    static Tensor mask(int t, boolean pre, int... lengths) {
        float[] m = new float[lengths.length * t];
        for (int i = 0; i < lengths.length; i++) {
            for (int s = 0; s < lengths[i]; s++) m[i * t + (pre ? t - 1 - s : s)] = 1;
        }
        return Tensor.of(m, lengths.length, t);
    }

    /** The steps {@code from}..{@code from+len} of row {@code i} as a batch of one (1, len, ...). */
    static Tensor row(Tensor x, int i, int from, int len) { return x.narrow(0, i, 1).narrow(1, from, len); }

    static Tensor reverse(Tensor t) { return Masks.reverseTime(t); }

    static void close(Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        NDArray e = expected.data(), a = actual.data();
        for (int i = 0; i < e.numel(); i++) {
            assertEquals(e.getDouble(i), a.getDouble(i), tol, "element " + i + " of " + expected.shapeString());
        }
    }

    static void zeros(Tensor t) { close(Tensor.zeros(t.shape()), t, 0); }
}
