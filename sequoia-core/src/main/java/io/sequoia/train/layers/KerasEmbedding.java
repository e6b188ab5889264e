package io.sequoia.train.layers;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Embedding;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * Keras's {@code Embedding(input_dim, output_dim, mask_zero)}: PyTorch's {@link Embedding} (key
 * {@code weight} (inputDim, outputDim), N(0, 1) initialisation) that, with {@code maskZero}, also
 * produces a padding mask: token id 0 is padding. As in Keras, row 0 stays a trainable row (it is not
 * PyTorch's {@code padding_idx}); the layers after it ignore the padded steps. Named
 * {@code KerasEmbedding} because PyTorch's {@code Embedding} has the name.
 * <pre>
 * input (N, T) token ids   output (N, T, outputDim)   output mask (N, T): id != 0 (with maskZero)
 * </pre>
 */
public class KerasEmbedding extends Embedding implements MaskedLayer {
    private final boolean maskZero;

    public KerasEmbedding(int inputDim, int outputDim) { this(inputDim, outputDim, false); }

    public KerasEmbedding(int inputDim, int outputDim, boolean maskZero) {
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

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.remove("padding_idx");
        c.put("mask_zero", maskZero);
        return c;
    }
}
