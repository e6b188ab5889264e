package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Arrays;

/**
 * How padding masks travel, Keras-style: through a module tree ({@link #forward}), to the loss and
 * the metrics ({@link #realSteps}), and the shape checks the masked layers share.
 * <pre>
 * x     (N, T, ...)   a batch of sequences, batch first
 * mask  (N, T)        non-zero = a real step, 0 = padding
 * </pre>
 */
public final class Masks {
    private Masks() {}

    /** Runs {@code module} on {@code x} with no input mask. */
    public static MaskedOutput forward(Module module, Tensor x) { return forward(module, x, null); }

    /**
     * Runs {@code module} on {@code x}: a plain {@link io.sequoia.nn.Sequential} child by child with the
     * mask flowing between them; a {@link MaskedLayer} with the mask; any other module without it,
     * keeping the mask only when the output is still an (N, T, ...) sequence of the mask's shape.
     */
    public static MaskedOutput forward(Module module, Tensor x, Tensor mask) {
        if (module == null) throw Errors.arg("Masks.forward", "module must not be null", "a Module", null, null);
        if (module.getClass() == io.sequoia.nn.Sequential.class) {
            Tensor y = x, m = mask;
            for (Module child : module.namedChildren().values()) {
                MaskedOutput o = forward(child, y, m);
                y = o.output();
                m = o.mask();
            }
            return new MaskedOutput(y, m);
        }
        if (module instanceof MaskedLayer ml) {
            Tensor y = ml.forward(x, mask);
            return new MaskedOutput(y, ml.computeMask(x, mask));
        }
        Tensor y = module.forward(x);
        return new MaskedOutput(y, mask != null && isPerStep(y, mask) ? mask : null);
    }

    /** Whether {@code t} is (N, T, ...) with (N, T) the mask's shape. */
    static boolean isPerStep(Tensor t, Tensor mask) {
        return mask.dim() == 2 && t.dim() >= 2 && t.size(0) == mask.size(0) && t.size(1) == mask.size(1);
    }

    /**
     * The predictions and targets to score: with a mask and per-step predictions (N, T, ...) and
     * targets (N, T, ...), only the real steps, as rows (K, ...) with K the number of real steps;
     * otherwise both unchanged. K may be 0 (a batch of padding only).
     * @return {predictions, targets}
     */
    public static Tensor[] realSteps(Tensor predictions, Tensor targets, Tensor mask) {
        if (mask == null || !isPerStep(predictions, mask) || !isPerStep(targets, mask)) return new Tensor[]{predictions, targets};
        NDArray m = mask.data();
        int n = m.numel(), k = 0;
        float[] rows = new float[n];
        for (int i = 0; i < n; i++) if (m.getDouble(i) != 0) rows[k++] = i;
        Tensor idx = new Tensor(NDArray.wrap(Arrays.copyOf(rows, k), k));
        return new Tensor[]{predictions.flatten(0, 1).indexSelect(0, idx), targets.flatten(0, 1).indexSelect(0, idx)};
    }

    /** The mask as 0/1 values of {@code dtype} (no gradient), shaped (N, T, 1) to broadcast over features. */
    static Tensor weights(Tensor mask, DType dtype) {
        NDArray m = mask.data();
        NDArray w = NDArray.zeros(dtype, m.size(0), m.size(1), 1);
        for (int i = 0; i < m.numel(); i++) w.setDouble(i, m.getDouble(i) != 0 ? 1 : 0);
        return new Tensor(w);
    }

    /** {@code t} with its time axis (dim 1) reversed: step s becomes step T − 1 − s (Keras's {@code go_backwards}). */
    static Tensor reverseTime(Tensor t) {
        int steps = t.size(1);
        float[] idx = new float[steps];
        for (int s = 0; s < steps; s++) idx[s] = steps - 1 - s;
        return t.indexSelect(1, new Tensor(NDArray.wrap(idx, steps)));
    }

    /** Checks that {@code x} is a batch of sequences (N, T, F) and {@code mask} (if any) is (N, T). */
    static void checkSequence(String where, Tensor x, Tensor mask) {
        if (x == null) throw Errors.arg(where, "input must not be null", "a tensor (N, T, F)", null, null);
        if (x.dim() != 3) {
            throw Errors.shape(where, "input must be 3-D (N, T, F), batch first", "3 dims", x.dim(), "input shape " + x.shapeString());
        }
        checkMask(where, x, mask);
    }

    /** Checks that {@code mask} (if any) is (N, T) for an input (N, T, ...). */
    static void checkMask(String where, Tensor x, Tensor mask) {
        if (mask == null) return;
        int[] expected = {x.size(0), x.dim() > 1 ? x.size(1) : 1};
        if (!Arrays.equals(expected, mask.shape())) {
            throw Errors.shape(where, "mask must be (N, T) for an input (N, T, ...)", Arrays.toString(expected), mask.shapeString(),
                    "input shape " + x.shapeString());
        }
    }
}
