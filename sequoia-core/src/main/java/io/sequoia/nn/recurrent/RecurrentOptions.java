package io.sequoia.nn.recurrent;

import io.sequoia.tensor.Errors;

/**
 * Named options for {@link RNN}, {@link LSTM} and {@link GRU}, beside their PyTorch-order
 * constructors: {@code LSTM.options(10, 20).numLayers(2).bidirectional().batchFirst().build()} instead
 * of {@code new LSTM(10, 20, 2, true, true, 0, true, 0)}. Unset options keep PyTorch's defaults
 * ({@link RNNBase#DEFAULT_NUM_LAYERS} and friends).
 *
 * @param <M> the layer {@link #build()} makes
 */
public final class RecurrentOptions<M extends RNNBase> {
    /** Builds the layer from the options. */
    @FunctionalInterface
    interface Factory<M extends RNNBase> { M make(RecurrentOptions<M> o); }

    final int inputSize, hiddenSize;
    int numLayers = RNNBase.DEFAULT_NUM_LAYERS;
    boolean bias = RNNBase.DEFAULT_BIAS, batchFirst = RNNBase.DEFAULT_BATCH_FIRST, bidirectional = RNNBase.DEFAULT_BIDIRECTIONAL;
    double dropout = RNNBase.DEFAULT_DROPOUT;
    int projSize = RNNBase.DEFAULT_PROJ_SIZE;
    String nonlinearity = RNN.DEFAULT_NONLINEARITY;
    private final Factory<M> factory;
    private final String layer;

    RecurrentOptions(String layer, int inputSize, int hiddenSize, Factory<M> factory) {
        this.layer = layer;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.factory = factory;
    }

    public RecurrentOptions<M> numLayers(int n) { numLayers = n; return this; }
    public RecurrentOptions<M> bias(boolean b) { bias = b; return this; }
    /** Input and output (N, L, H) instead of (L, N, H). */
    public RecurrentOptions<M> batchFirst() { batchFirst = true; return this; }
    public RecurrentOptions<M> bidirectional() { bidirectional = true; return this; }
    /** Dropout on the outputs of every layer but the last. */
    public RecurrentOptions<M> dropout(double p) { dropout = p; return this; }

    /** LSTM only: project the hidden state to {@code p} features. */
    public RecurrentOptions<M> projSize(int p) {
        if (!layer.equals("LSTM")) throw Errors.arg(layer + ".options", "projSize is an LSTM option", "LSTM", layer, null);
        projSize = p;
        return this;
    }

    /** RNN only: "tanh" or "relu". */
    public RecurrentOptions<M> nonlinearity(String n) {
        if (!layer.equals("RNN")) throw Errors.arg(layer + ".options", "nonlinearity is an RNN option", "RNN", layer, null);
        nonlinearity = n;
        return this;
    }

    /** The layer (the constructor checks every value). */
    public M build() { return factory.make(this); }
}
