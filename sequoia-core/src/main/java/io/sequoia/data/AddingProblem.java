package io.sequoia.data;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;

/**
 * The adding problem of Hochreiter &amp; Schmidhuber (1997): each sequence has T steps of two
 * channels, a value uniform in [0, 1] and a marker that is 1 at exactly two steps (one in each half
 * of the sequence); the target is the sum of the two marked values. Predicting the mean (1.0) gives
 * a mean squared error of 1/6 ≈ 0.167; solving it means carrying the first marked value across
 * about T/2 steps.
 */
public final class AddingProblem {
    private AddingProblem() {}

    /** The error of always predicting the mean sum, 1.0: Var(u1 + u2) = 2/12. */
    public static final double BASELINE_MSE = 1.0 / 6;

    /** {x (N, T, 2), y (N, 1)}, batch-first. */
    public static Tensor[] generate(int n, int t, Generator g) {
        if (n < 1) throw Errors.arg("AddingProblem.generate", "n must be positive", ">= 1", n, null);
        if (t < 2) throw Errors.arg("AddingProblem.generate", "sequence length must be at least 2", ">= 2", t, null);
        float[] x = new float[n * t * 2], y = new float[n];
        int half = t / 2;
        for (int s = 0; s < n; s++) {
            int a = g.nextInt(half), b = half + g.nextInt(t - half);
            for (int k = 0; k < t; k++) {
                float v = (float) g.nextDouble();
                x[(s * t + k) * 2] = v;
                if (k == a || k == b) {
                    x[(s * t + k) * 2 + 1] = 1;
                    y[s] += v;
                }
            }
        }
        return new Tensor[]{Tensor.of(x, n, t, 2), Tensor.of(y, n, 1)};
    }
}
