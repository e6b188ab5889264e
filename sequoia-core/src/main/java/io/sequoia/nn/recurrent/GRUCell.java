package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;

/** PyTorch's {@code nn.GRUCell}: one GRU step, gates r|z|n, reset applied to {@code W_hn h + b_hn}. */
public class GRUCell extends CellBase {
    public GRUCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true); }

    public GRUCell(int inputSize, int hiddenSize, boolean bias) { super("GRUCell", 3, inputSize, hiddenSize, bias); }

    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    public Tensor forward(Tensor input, Tensor hx) {
        boolean unbatched = input.dim() == 1;
        Tensor x = batched("GRUCell.forward", input);
        Tensor h = state("GRUCell.forward", "hx", hx, x, unbatched);
        return unbatch(CellMath.gru(x, h, weightIh, weightHh, biasIh, biasHh), unbatched);
    }

    /** Rebuilds a GRUCell from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static GRUCell fromConfig(java.util.Map<String, Object> config) {
        io.sequoia.nn.Config c = io.sequoia.nn.Config.of("GRUCell", config);
        return new GRUCell(c.integer("input_size"), c.integer("hidden_size"), c.bool("bias"));
    }
}
