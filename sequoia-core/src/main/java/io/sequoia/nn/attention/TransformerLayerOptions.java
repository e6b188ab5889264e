package io.sequoia.nn.attention;

/**
 * Named options for {@link TransformerEncoderLayer} and {@link TransformerDecoderLayer}, beside their
 * PyTorch-order constructors: {@code TransformerEncoderLayer.options(256, 4).dimFeedforward(1024)
 * .dropout(0.1).activation("gelu").batchFirst().normFirst().build()} instead of eight positional
 * arguments with two booleans. Unset options keep PyTorch's defaults.
 *
 * @param <L> the layer {@link #build()} makes
 */
public final class TransformerLayerOptions<L extends TransformerLayerBase> {
    /** Builds the layer from the options. */
    @FunctionalInterface
    interface Factory<L extends TransformerLayerBase> { L make(TransformerLayerOptions<L> o); }

    final int dModel, nhead;
    int dimFeedforward = TransformerLayerBase.DEFAULT_DIM_FEEDFORWARD;
    double dropout = TransformerLayerBase.DEFAULT_DROPOUT, layerNormEps = TransformerLayerBase.DEFAULT_LAYER_NORM_EPS;
    String activation = TransformerLayerBase.DEFAULT_ACTIVATION;
    boolean batchFirst = TransformerLayerBase.DEFAULT_BATCH_FIRST, normFirst = TransformerLayerBase.DEFAULT_NORM_FIRST;
    private final Factory<L> factory;

    TransformerLayerOptions(int dModel, int nhead, Factory<L> factory) {
        this.dModel = dModel;
        this.nhead = nhead;
        this.factory = factory;
    }

    public TransformerLayerOptions<L> dimFeedforward(int d) { dimFeedforward = d; return this; }
    public TransformerLayerOptions<L> dropout(double p) { dropout = p; return this; }
    /** "relu" or "gelu". */
    public TransformerLayerOptions<L> activation(String a) { activation = a; return this; }
    public TransformerLayerOptions<L> layerNormEps(double eps) { layerNormEps = eps; return this; }
    /** Inputs (N, L, E) instead of (L, N, E). */
    public TransformerLayerOptions<L> batchFirst() { batchFirst = true; return this; }
    /** Pre-norm: layer norm before attention and feed-forward, as in most recent Transformers. */
    public TransformerLayerOptions<L> normFirst() { normFirst = true; return this; }

    /** The layer (its constructor checks every value). */
    public L build() { return factory.make(this); }
}
