package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Module;
import io.sequoia.nn.Sequential;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * PyTorch's {@code nn.TransformerEncoder}: {@code numLayers} copies of an encoder layer (each
 * starting with the given layer's weights, as PyTorch's deepcopy), then an optional final norm.
 * Keys {@code layers.0.self_attn.in_proj_weight}, ..., {@code norm.weight}, {@code norm.bias}.
 * <pre>
 * src (S, N, E), or (N, S, E) with batchFirst, or (S, E) unbatched     output the shape of src
 * mask (S, S) or (N·nhead, S, S): 1 = not allowed, or additive    srcKeyPaddingMask (N, S): 1 = padding
 * </pre>
 */
public class TransformerEncoder extends Module {
    private final int numLayers;
    public final Sequential layers;
    public final LayerNorm norm;

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) { this(encoderLayer, numLayers, null); }

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm norm) {
        if (encoderLayer == null) throw Errors.arg("TransformerEncoder", "encoderLayer must not be null", "a TransformerEncoderLayer", null, null);
        if (numLayers <= 0) throw Errors.arg("TransformerEncoder", "numLayers must be positive", "> 0", numLayers, null);
        this.numLayers = numLayers;
        layers = registerModule("layers", new Sequential());
        for (int i = 0; i < numLayers; i++) layers.add(encoderLayer.copy());
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    public TransformerEncoderLayer layer(int i) { return (TransformerEncoderLayer) layers.get(i); }
    public int numLayers() { return numLayers; }

    /** Runs the composed attention twin instead of the fused kernel in every layer. */
    public TransformerEncoder useComposed(boolean on) {
        for (int i = 0; i < numLayers; i++) layer(i).useComposed(on);
        return this;
    }

    @Override public Tensor forward(Tensor src) { return forward(src, null, null, false); }

    /** Each layer in turn with the same masks, then the norm (see the class comment for shapes). */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask, boolean isCausal) {
        Tensor x = src;
        for (int i = 0; i < numLayers; i++) x = layer(i).forward(x, mask, srcKeyPaddingMask, isCausal);
        return norm == null ? x : norm.forward(x);
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("num_layers", numLayers);
        c.put("norm", norm != null);
        return c;
    }
}
