package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerNorm;
import io.sequoia.tensor.Errors;

/**
 * PyTorch's {@code nn.TransformerDecoder}: {@code numLayers} copies of a decoder layer, then an
 * optional final norm. Keys {@code layers.0.self_attn.in_proj_weight}, ..., {@code norm.weight}.
 * {@link #forwardStep} decodes incrementally with a {@link DecoderCache}.
 * <pre>
 * tgt (T, N, E), or (N, T, E) with batchFirst, or (T, E) unbatched     memory (S, N, E), (N, S, E) or (S, E)
 * output the shape of tgt
 * </pre>
 */
public class TransformerDecoder extends TransformerStackBase<TransformerDecoderLayer> {
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers) { this(decoderLayer, numLayers, null); }

    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, LayerNorm norm) {
        super("TransformerDecoder", decoderLayer, numLayers, norm);
    }

    /**
     * No masks.
     * <pre>
     * tgt (T, N, E), or (N, T, E) with batchFirst, or (T, E)     memory (S, N, E), (N, S, E) or (S, E)
     * output the shape of tgt
     * </pre>
     */
    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null, false, false); }

    /**
     * Each layer in turn with the same masks, then the norm.
     * <pre>
     * tgt (T, N, E), or (N, T, E) with batchFirst, or (T, E)     memory (S, N, E), (N, S, E) or (S, E)
     * tgtMask (T, T) or (N·nhead, T, T); memoryMask (T, S) or (N·nhead, T, S); tgtKeyPaddingMask (N, T);
     * memoryKeyPaddingMask (N, S): 1 = not allowed / padding, or additive; or null
     * output the shape of tgt
     * </pre>
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        Tensor x = tgt;
        for (int i = 0; i < numLayers(); i++) {
            x = layer(i).forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
        }
        return norm == null ? x : norm.forward(x);
    }

    /** The decoder's output and each layer's cross-attention weights (N, nhead, T, S), first layer first. */
    public record CrossAttention(Tensor output, java.util.List<Tensor> weights) {}

    /**
     * {@link #forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, boolean, boolean)} (same output) that also
     * returns every layer's cross-attention weights per head
     * ({@link TransformerDecoderLayer#forwardWithCrossAttention}).
     */
    public CrossAttention forwardWithCrossAttention(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                                                    Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        Tensor x = tgt;
        java.util.List<Tensor> weights = new java.util.ArrayList<>();
        for (int i = 0; i < numLayers(); i++) {
            MhaOutput o = layer(i).forwardWithCrossAttention(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
            x = o.output();
            weights.add(o.weights());
        }
        return new CrossAttention(norm == null ? x : norm.forward(x), weights);
    }

    /** An empty cache for {@link #forwardStep}. */
    public DecoderCache newCache() { return new DecoderCache(numLayers()); }

    /**
     * Decodes the next step(s) given everything earlier in {@code cache}: equals the last rows of
     * {@code forward(allTgt, memory)} with a causal tgt mask.
     * <pre>
     * tgt (t, N, E), or (N, t, E) with batchFirst, or (t, E) unbatched: the new steps only
     * memory as in forward (read on the first step; later steps reuse its cached projections)
     * memoryKeyPaddingMask (N, S) or (S): 1 = padding; or null
     * output the shape of tgt
     * </pre>
     */
    public Tensor forwardStep(Tensor tgt, Tensor memory, DecoderCache cache, Tensor memoryKeyPaddingMask) {
        if (cache == null || cache.self.length != numLayers()) {
            throw Errors.arg("TransformerDecoder.forwardStep", "cache must come from this decoder's newCache()",
                    "a cache of " + numLayers() + " layers", cache == null ? null : cache.self.length + " layers", null);
        }
        Tensor x = tgt;
        for (int i = 0; i < numLayers(); i++) x = layer(i).forwardStep(x, memory, cache.self[i], cache.cross[i], memoryKeyPaddingMask);
        return norm == null ? x : norm.forward(x);
    }

    /** Rebuilds a TransformerDecoder from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static TransformerDecoder fromConfig(Map<String, Object> config) {
        Config c = Config.of("TransformerDecoder", config);
        return new TransformerDecoder((TransformerDecoderLayer) c.module("layer"), c.integer("num_layers"),
                c.has("norm_layer") ? (LayerNorm) c.module("norm_layer") : null);
    }
}
