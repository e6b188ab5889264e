package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * The common body of the single-step cells, as PyTorch's {@code RNNCellBase}: {@code weight_ih}
 * (G·H, H_in), {@code weight_hh} (G·H, H), {@code bias_ih}, {@code bias_hh} (G·H), U(−1/√H, 1/√H).
 * <pre>
 * input (N, H_in) or (H_in)   states (N, H) or (H)
 * </pre>
 */
public abstract class CellBase extends Module {
    final int inputSize, hiddenSize;
    final boolean bias;
    public final Parameter weightIh, weightHh, biasIh, biasHh;

    CellBase(String where, int gates, int inputSize, int hiddenSize, boolean bias) {
        if (inputSize <= 0) throw Errors.arg(where, "inputSize must be positive", "> 0", inputSize, null);
        if (hiddenSize <= 0) throw Errors.arg(where, "hiddenSize must be positive", "> 0", hiddenSize, null);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        double bound = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", new Parameter(Init.uniform(bound, gates * hiddenSize, inputSize)));
        weightHh = registerParameter("weight_hh", new Parameter(Init.uniform(bound, gates * hiddenSize, hiddenSize)));
        biasIh = registerParameter("bias_ih", bias ? new Parameter(Init.uniform(bound, gates * hiddenSize)) : null);
        biasHh = registerParameter("bias_hh", bias ? new Parameter(Init.uniform(bound, gates * hiddenSize)) : null);
    }

    public int inputSize() { return inputSize; }
    public int hiddenSize() { return hiddenSize; }

    /** Checks the input and returns it batched (N, H_in). */
    Tensor batched(String where, Tensor input) {
        if ((input.dim() != 1 && input.dim() != 2) || input.size(-1) != inputSize) {
            throw Errors.shape(where, "input must be (N, inputSize) or (inputSize)", "[N, " + inputSize + "]", input.shapeString(), null);
        }
        return input.dim() == 1 ? input.unsqueeze(0) : input;
    }

    /** The state batched (N, H): zeros when null. */
    Tensor state(String where, String name, Tensor s, Tensor x, boolean unbatched) {
        int n = x.size(0);
        if (s == null) return new Tensor(NDArray.zeros(x.dtype(), n, hiddenSize));
        int[] expected = unbatched ? new int[]{hiddenSize} : new int[]{n, hiddenSize};
        if (!Arrays.equals(expected, s.shape())) {
            throw Errors.shape(where, name + " must be (N, hiddenSize)", Arrays.toString(expected), s.shapeString(), null);
        }
        return unbatched ? s.unsqueeze(0) : s;
    }

    static Tensor unbatch(Tensor t, boolean unbatched) { return unbatched ? t.squeeze(0) : t; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("input_size", inputSize);
        c.put("hidden_size", hiddenSize);
        c.put("bias", bias);
        return c;
    }
}
