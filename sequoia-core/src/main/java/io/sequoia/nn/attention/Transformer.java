package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * PyTorch's {@code nn.Transformer}: an encoder (numEncoderLayers layers and a final LayerNorm) and
 * a decoder (numDecoderLayers layers and a final LayerNorm). Every parameter with more than one
 * dim is re-initialised Xavier-uniform, as PyTorch's {@code _reset_parameters}. Keys
 * {@code encoder.layers.0.self_attn.in_proj_weight}, ..., {@code encoder.norm.weight},
 * {@code decoder.layers.0.multihead_attn.in_proj_weight}, ..., {@code decoder.norm.bias}.
 * <pre>
 * src (S, N, E), or (N, S, E) with batchFirst, or (S, E) unbatched     E = dModel
 * tgt (T, N, E), or (N, T, E), or (T, E)
 * output the shape of tgt
 * </pre>
 */
public class Transformer extends Module {
    public static final int DEFAULT_D_MODEL = 512, DEFAULT_NHEAD = 8, DEFAULT_NUM_ENCODER_LAYERS = 6, DEFAULT_NUM_DECODER_LAYERS = 6;

    private final int dModel, nhead;
    private final boolean batchFirst;
    public final TransformerEncoder encoder;
    public final TransformerDecoder decoder;

    /** PyTorch's defaults: dModel 512, nhead 8, 6 + 6 layers, dimFeedforward 2048, dropout 0.1, relu, post-norm. */
    public Transformer() {
        this(DEFAULT_D_MODEL, DEFAULT_NHEAD, DEFAULT_NUM_ENCODER_LAYERS, DEFAULT_NUM_DECODER_LAYERS,
                TransformerEncoderLayer.DEFAULT_DIM_FEEDFORWARD, TransformerEncoderLayer.DEFAULT_DROPOUT,
                TransformerEncoderLayer.DEFAULT_ACTIVATION, TransformerEncoderLayer.DEFAULT_LAYER_NORM_EPS,
                TransformerEncoderLayer.DEFAULT_BATCH_FIRST, TransformerEncoderLayer.DEFAULT_NORM_FIRST);
    }

    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward, double dropout,
                       String activation, double layerNormEps, boolean batchFirst, boolean normFirst) {
        this.dModel = dModel;
        this.nhead = nhead;
        this.batchFirst = batchFirst;
        encoder = registerModule("encoder", new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, dimFeedforward,
                dropout, activation, layerNormEps, batchFirst, normFirst), numEncoderLayers,
                new LayerNorm(new int[]{dModel}, layerNormEps, true)));
        decoder = registerModule("decoder", new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, dimFeedforward,
                dropout, activation, layerNormEps, batchFirst, normFirst), numDecoderLayers,
                new LayerNorm(new int[]{dModel}, layerNormEps, true)));
        for (Parameter p : parameters()) {
            if (p.dim() > 1) p.data().copyFrom(Init.xavierUniform(p.size(0), p.size(1)));
        }
    }

    /**
     * The additive causal mask for {@code n} steps: −∞ above the diagonal (key j &gt; query i), 0
     * elsewhere, float32 (n, n), as PyTorch's {@code generate_square_subsequent_mask}.
     */
    public static Tensor generateSquareSubsequentMask(int n) { return generateSquareSubsequentMask(n, DType.FLOAT32); }

    public static Tensor generateSquareSubsequentMask(int n, DType dtype) {
        if (n <= 0) throw Errors.arg("Transformer.generateSquareSubsequentMask", "n must be positive", "> 0", n, null);
        NDArray m = NDArray.zeros(dtype, n, n);
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m.setDouble(i * n + j, Double.NEGATIVE_INFINITY);
        return new Tensor(m);
    }

    /** Runs the composed attention twin instead of the fused kernel everywhere. */
    public Transformer useComposed(boolean on) {
        encoder.useComposed(on);
        decoder.useComposed(on);
        return this;
    }

    /**
     * {@code forward(src, tgt)} without masks.
     * <pre>
     * src (S, N, E), or (N, S, E) with batchFirst, or (S, E)     tgt (T, N, E), (N, T, E) or (T, E)
     * output the shape of tgt
     * </pre>
     */
    public Tensor forward(Tensor src, Tensor tgt) { return forward(src, tgt, null, null, null, null, null, null); }

    /**
     * Encodes src, decodes tgt against the memory. Masks: 1 = not allowed / padding, or additive
     * (e.g. {@link #generateSquareSubsequentMask} for tgtMask).
     * <pre>
     * src (S, N, E), or (N, S, E) with batchFirst, or (S, E)     tgt (T, N, E), (N, T, E) or (T, E)
     * srcMask (S, S)   tgtMask (T, T)   memoryMask (T, S)   (or (N·nhead, ·, ·))
     * srcKeyPaddingMask (N, S)   tgtKeyPaddingMask (N, T)   memoryKeyPaddingMask (N, S)
     * output the shape of tgt
     * </pre>
     */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask, Tensor srcKeyPaddingMask,
                          Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        String where = "Transformer.forward";
        if (src.dim() != tgt.dim()) {
            throw Errors.shape(where, "src and tgt must have the same number of dims", src.dim(), tgt.dim(),
                    "src " + src.shapeString() + ", tgt " + tgt.shapeString());
        }
        int b = batchFirst ? 0 : 1;
        if (src.dim() == 3 && src.size(b) != tgt.size(b)) {
            throw Errors.shape(where, "the batch number of src and tgt must be equal", src.size(b), tgt.size(b),
                    "src " + src.shapeString() + ", tgt " + tgt.shapeString());
        }
        if (src.size(-1) != dModel || tgt.size(-1) != dModel) {
            throw Errors.shape(where, "the feature number of src and tgt must be equal to dModel", dModel,
                    src.size(-1) != dModel ? src.size(-1) : tgt.size(-1), "src " + src.shapeString() + ", tgt " + tgt.shapeString());
        }
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask, false);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, false, false);
    }

    public int dModel() { return dModel; }
    public int nhead() { return nhead; }

    /** Rebuilds a Transformer from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Transformer fromConfig(Map<String, Object> config) {
        Config c = Config.of("Transformer", config);
        return new Transformer(c.integer("d_model"), c.integer("nhead"), c.integer("num_encoder_layers"), c.integer("num_decoder_layers"),
                c.integer("dim_feedforward"), c.real("dropout"), c.string("activation"), c.real("layer_norm_eps"), c.bool("batch_first"),
                c.bool("norm_first"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("d_model", dModel);
        c.put("nhead", nhead);
        c.put("num_encoder_layers", encoder.numLayers());
        c.put("num_decoder_layers", decoder.numLayers());
        c.put("batch_first", batchFirst);
        TransformerEncoderLayer l = encoder.layer(0);
        Map<String, Object> lc = l.config();
        for (String k : new String[]{"dim_feedforward", "dropout", "activation", "layer_norm_eps", "norm_first"}) c.put(k, lc.get(k));
        return c;
    }
}
