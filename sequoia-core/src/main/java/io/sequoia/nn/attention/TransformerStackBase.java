package io.sequoia.nn.attention;

import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Module;
import io.sequoia.nn.Sequential;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * What {@link TransformerEncoder} and {@link TransformerDecoder} share: {@code numLayers} copies of
 * one layer under {@code layers.0}, {@code layers.1}, ... (each starting with the given layer's
 * weights, as PyTorch's deepcopy) and an optional final {@code norm}.
 */
public abstract class TransformerStackBase<L extends TransformerLayerBase> extends Module {
    private final int numLayers;
    public final Sequential layers;
    public final LayerNorm norm;

    TransformerStackBase(String where, L layer, int numLayers, LayerNorm norm) {
        if (layer == null) throw Errors.arg(where, "the layer must not be null", "a layer", null, null);
        if (numLayers <= 0) throw Errors.arg(where, "numLayers must be positive", "> 0", numLayers, null);
        this.numLayers = numLayers;
        layers = registerModule("layers", new Sequential());
        for (int i = 0; i < numLayers; i++) layers.add(layer.copy());
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    /** Layer {@code i}. */
    @SuppressWarnings("unchecked")
    public L layer(int i) { return (L) layers.get(i); }

    public int numLayers() { return numLayers; }

    /** Runs the composed attention twin instead of the fused kernel in every layer. */
    public TransformerStackBase<L> useComposed(boolean on) {
        for (int i = 0; i < numLayers; i++) layer(i).useComposed(on);
        return this;
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("num_layers", numLayers);
        c.put("norm", norm != null);
        c.put("layer", io.sequoia.nn.ModuleRegistry.describe(layer(0)));
        if (norm != null) c.put("norm_layer", io.sequoia.nn.ModuleRegistry.describe(norm));
        return c;
    }
}
