package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * Keras's {@code io.sequoia.nn.Embedding(input_dim, output_dim, mask_zero)}: PyTorch's {@link io.sequoia.nn.Embedding} (key
 * {@code weight} (inputDim, outputDim), N(0, 1) initialisation) that, with {@code maskZero}, also
 * produces a padding mask: token id 0 is padding. As in Keras, row 0 stays a trainable row (it is not
 * PyTorch's {@code padding_idx}); the layers after it ignore the padded steps. Named
 * {@code Embedding} because PyTorch's {@code io.sequoia.nn.Embedding} has the name.
 * <pre>
 * input (N, T) token ids   output (N, T, outputDim)   output mask (N, T): id != 0 (with maskZero)
 * </pre>
 */
public class Embedding extends io.sequoia.nn.Embedding implements MaskedLayer {
    private final boolean maskZero;

    public Embedding(int inputDim, int outputDim) { this(inputDim, outputDim, false); }

    public Embedding(int inputDim, int outputDim, boolean maskZero) {
        super(inputDim, outputDim);
        this.maskZero = maskZero;
    }

    public boolean maskZero() { return maskZero; }

    @Override public Tensor forward(Tensor x, Tensor mask) { return forward(x); }

    /** With maskZero: 1 where the id is not 0, else 0, shaped as the input; without: null. The incoming mask is ignored. */
    @Override public Tensor computeMask(Tensor x, Tensor mask) {
        if (!maskZero) return null;
        NDArray ids = x.data(), m = NDArray.zeros(ids.dtype(), ids.shape());
        for (int i = 0; i < ids.numel(); i++) m.setDouble(i, ids.getDouble(i) != 0 ? 1 : 0);
        return new Tensor(m);
    }

    /** Rebuilds a Embedding from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Embedding fromConfig(Map<String, Object> config) {
        Config c = Config.of("Embedding", config);
        return new Embedding(c.integer("num_embeddings"), c.integer("embedding_dim"), c.bool("mask_zero"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.remove("padding_idx");
        c.put("mask_zero", maskZero);
        return c;
    }
}
