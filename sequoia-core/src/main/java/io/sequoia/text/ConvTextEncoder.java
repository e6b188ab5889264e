package io.sequoia.text;

import io.sequoia.nn.Config;
import io.sequoia.data.text.Sequences;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.nn.conv.Conv1d;
import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The convolutional sentence encoder of Kim (2014): for each kernel size, {@code numFilters}
 * {@link Conv1d} filters over the embedded tokens, ReLU, and the maximum over time; the results
 * concatenated. Keys {@code convs.0.weight}, {@code convs.0.bias}, ... (one {@code Conv1d} per size).
 * <pre>
 * input (N, T, E) embedded tokens (channels last, as Embedding gives them)   output (N, numFilters · kernelSizes.length)
 * </pre>
 * Sequences shorter than the largest kernel are zero-padded on the right.
 */
public class ConvTextEncoder extends Module {
    private final int embedDim, numFilters;
    private final int[] kernelSizes;
    private final List<Conv1d> convs = new ArrayList<>();

    public ConvTextEncoder(int embedDim, int numFilters, int... kernelSizes) {
        if (embedDim <= 0 || numFilters <= 0 || kernelSizes.length == 0) {
            throw Errors.arg("ConvTextEncoder", "needs a positive embedDim, numFilters and at least one kernel size",
                    "positive values", "embedDim " + embedDim + ", numFilters " + numFilters + ", " + kernelSizes.length + " sizes", null);
        }
        this.embedDim = embedDim;
        this.numFilters = numFilters;
        this.kernelSizes = kernelSizes.clone();
        io.sequoia.nn.Sequential holder = registerModule("convs", new io.sequoia.nn.Sequential());
        for (int k : kernelSizes) {
            Conv1d c = new Conv1d(embedDim, numFilters, k);
            holder.add(c);
            convs.add(c);
        }
    }

    @Override public Tensor forward(Tensor input) {
        if (input.dim() != 3 || input.size(2) != embedDim) {
            throw Errors.shape("ConvTextEncoder.forward", "input must be (N, T, embedDim)", "(N, T, " + embedDim + ")", input.shapeString(), null);
        }
        Tensor x = input.transpose(1, 2);                                                  // (N, E, T)
        int maxK = 0;
        for (int k : kernelSizes) maxK = Math.max(maxK, k);
        if (x.size(2) < maxK) x = Tensor.concat(2, x, Tensor.zeros(x.dtype(), x.size(0), embedDim, maxK - x.size(2)));
        Tensor[] pooled = new Tensor[convs.size()];
        for (int i = 0; i < pooled.length; i++) pooled[i] = convs.get(i).forward(x).relu().max(2, false).values(); // (N, F)
        return Tensor.concat(1, pooled);                                                   // (N, F · sizes)
    }

    public int outputSize() { return numFilters * kernelSizes.length; }

    /** Rebuilds a ConvTextEncoder from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static ConvTextEncoder fromConfig(Map<String, Object> config) {
        Config c = Config.of("ConvTextEncoder", config);
        return new ConvTextEncoder(c.integer("embed_dim"), c.integer("num_filters"), c.ints("kernel_sizes"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("embed_dim", embedDim);
        c.put("num_filters", numFilters);
        c.put("kernel_sizes", kernelSizes);
        return c;
    }
}
