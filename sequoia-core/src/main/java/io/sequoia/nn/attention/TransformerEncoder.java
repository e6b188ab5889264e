package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerNorm;
import io.sequoia.tensor.Errors;

/**
 * PyTorch's {@code nn.TransformerEncoder}: {@code numLayers} copies of an encoder layer (each
 * starting with the given layer's weights, as PyTorch's deepcopy), then an optional final norm.
 * Keys {@code layers.0.self_attn.in_proj_weight}, ..., {@code norm.weight}, {@code norm.bias}.
 * <pre>
 * src (S, N, E), or (N, S, E) with batchFirst, or (S, E) unbatched     output the shape of src
 * mask (S, S) or (N·nhead, S, S): 1 = not allowed, or additive    srcKeyPaddingMask (N, S): 1 = padding
 * </pre>
 */
public class TransformerEncoder extends TransformerStackBase<TransformerEncoderLayer> {
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) { this(encoderLayer, numLayers, null); }

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm norm) {
        super("TransformerEncoder", encoderLayer, numLayers, norm);
    }

    /**
     * No masks.
     * <pre>
     * src (S, N, E), or (N, S, E) with batchFirst, or (S, E) unbatched     output the shape of src
     * </pre>
     */
    @Override public Tensor forward(Tensor src) { return forward(src, null, null, false); }

    /**
     * Each layer in turn with the same masks, then the norm.
     * <pre>
     * src (S, N, E), or (N, S, E) with batchFirst, or (S, E) unbatched     output the shape of src
     * mask (S, S) or (N·nhead, S, S)   srcKeyPaddingMask (N, S): 1 = not allowed / padding, or additive; or null
     * </pre>
     */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask, boolean isCausal) {
        Tensor x = src;
        for (int i = 0; i < numLayers(); i++) x = layer(i).forward(x, mask, srcKeyPaddingMask, isCausal);
        return norm == null ? x : norm.forward(x);
    }

    /** Rebuilds a TransformerEncoder from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static TransformerEncoder fromConfig(Map<String, Object> config) {
        Config c = Config.of("TransformerEncoder", config);
        return new TransformerEncoder((TransformerEncoderLayer) c.module("layer"), c.integer("num_layers"),
                c.has("norm_layer") ? (LayerNorm) c.module("norm_layer") : null);
    }
}
