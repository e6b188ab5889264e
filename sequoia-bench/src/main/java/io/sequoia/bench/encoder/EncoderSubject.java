package io.sequoia.bench.encoder;

import io.sequoia.bench.StepSubject;

/**
 * One library's side of the encoder-layer comparison. Every implementation runs the same workload:
 * <ul>
 *   <li>train step: one post-norm Transformer encoder layer ({@code torch.nn.TransformerEncoderLayer}
 *       with batch_first, ReLU, dropout 0.1 on the attention weights and after each block, eps 1e-5)
 *       over a fixed random {@code (B, L, D)} batch, MSE against a fixed random {@code (B, L, D)}
 *       target, backward, plain SGD update of every weight;</li>
 *   <li>infer step: the same forward in evaluation mode (no dropout) without gradients.</li>
 * </ul>
 */
public interface EncoderSubject extends StepSubject {

    /** Dropout of the layer in training mode, PyTorch's default. */
    float DROPOUT = 0.1f;

    /** Builds the layer, the input and the target for {@code shape}; called once, before any step. */
    void setup(EncoderShape shape, int threads) throws Exception;

    @Override default void setup(String shape, int threads) throws Exception {
        setup(EncoderShape.parse(shape), threads);
    }
}
