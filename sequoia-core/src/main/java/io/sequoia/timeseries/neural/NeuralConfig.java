package io.sequoia.timeseries.neural;

import io.sequoia.tensor.Errors;

/**
 * Settings of a {@link NeuralForecaster}. Use {@link #defaults()} and the {@code with...} methods.
 *
 * @param arch             network: LSTM, GRU, SEQ2SEQ (LSTM encoder–decoder) or TRANSFORMER (encoder)
 * @param strategy         RECURSIVE (one-step model fed its own forecasts) or DIRECT (all horizon steps at once)
 * @param head             POINT (MSE), GAUSSIAN (mean and standard deviation, negative log-likelihood) or QUANTILE (pinball loss)
 * @param lookback         past steps the network sees
 * @param horizon          steps a DIRECT/SEQ2SEQ/TRANSFORMER model forecasts (RECURSIVE trains on 1 and iterates)
 * @param hiddenSize       recurrent hidden size, or dModel for the transformer
 * @param numLayers        stacked layers
 * @param dropout          dropout before the output layer (and between recurrent layers)
 * @param mcSamples        with dropout &gt; 0: forward passes with dropout on at prediction (MC dropout); 0 = off
 * @param epochs           maximum epochs
 * @param batchSize        mini-batch size
 * @param lr               Adam learning rate
 * @param patience         early-stopping patience in epochs on the validation windows (best weights restored)
 * @param validationFraction share of the training windows, the latest in time, used for validation
 * @param normalize        NONE; LAST: subtract each window's last target value from its inputs and targets;
 *                         SEASONAL: inputs minus the last value, targets minus the seasonal naive forecast
 *                         (the value one period earlier), so the network learns a correction to it
 * @param period           seasonal period for SEASONAL normalisation
 * @param seed             seed of initialisation, dropout and shuffling
 */
public record NeuralConfig(Arch arch, Strategy strategy, Head head, int lookback, int horizon, int hiddenSize, int numLayers,
                           double dropout, int mcSamples, int epochs, int batchSize, double lr, int patience,
                           double validationFraction, Normalize normalize, int period, long seed) {
    /** Network family. */
    public enum Arch { LSTM, GRU, SEQ2SEQ, TRANSFORMER }
    /** Multi-step strategy. */
    public enum Strategy { RECURSIVE, DIRECT }
    /** Output head and loss. */
    public enum Head { POINT, GAUSSIAN, QUANTILE }
    /** Window normalisation. */
    public enum Normalize { NONE, LAST, SEASONAL }

    public NeuralConfig {
        String w = "NeuralConfig";
        if (lookback < 1) throw Errors.arg(w, "lookback must be at least 1", ">= 1", lookback, null);
        if (horizon < 1) throw Errors.arg(w, "horizon must be at least 1", ">= 1", horizon, null);
        if (hiddenSize < 1) throw Errors.arg(w, "hiddenSize must be at least 1", ">= 1", hiddenSize, null);
        if (arch == Arch.TRANSFORMER && hiddenSize % 4 != 0) throw Errors.arg(w, "the transformer's hiddenSize (dModel) must be divisible by 4 heads", "a multiple of 4", hiddenSize, null);
        if (numLayers < 1) throw Errors.arg(w, "numLayers must be at least 1", ">= 1", numLayers, null);
        if (!(dropout >= 0 && dropout < 1)) throw Errors.arg(w, "dropout must be in [0, 1)", "0 <= p < 1", dropout, null);
        if (mcSamples < 0) throw Errors.arg(w, "mcSamples must be non-negative", ">= 0", mcSamples, null);
        if (mcSamples > 0 && dropout == 0) throw Errors.arg(w, "MC dropout needs dropout > 0", "> 0", dropout, "mcSamples " + mcSamples);
        if (epochs < 1) throw Errors.arg(w, "epochs must be at least 1", ">= 1", epochs, null);
        if (batchSize < 1) throw Errors.arg(w, "batchSize must be at least 1", ">= 1", batchSize, null);
        if (!(lr > 0)) throw Errors.arg(w, "lr must be positive", "> 0", lr, null);
        if (!(validationFraction >= 0 && validationFraction < 1)) throw Errors.arg(w, "validationFraction must be in [0, 1)", "0 <= f < 1", validationFraction, null);
        if (normalize == Normalize.SEASONAL && (period < 2 || lookback < period)) {
            throw Errors.arg(w, "seasonal normalisation needs period >= 2 and lookback >= period", "lookback >= period >= 2", "period " + period, "lookback " + lookback);
        }
        if (arch == Arch.SEQ2SEQ && strategy == Strategy.RECURSIVE) throw Errors.arg(w, "an encoder–decoder forecasts all steps at once", "DIRECT", strategy, "arch SEQ2SEQ");
    }

    /** LSTM, direct, point head, lookback 24, horizon 1, hidden 32, 1 layer, no dropout, 200 epochs, batch 32, lr 3e-3, patience 20, 15 % validation, LAST normalisation, seed 42. */
    public static NeuralConfig defaults() {
        return new NeuralConfig(Arch.LSTM, Strategy.DIRECT, Head.POINT, 24, 1, 32, 1, 0, 0, 200, 32, 3e-3, 20, 0.15, Normalize.LAST, 1, 42);
    }

    public NeuralConfig withArch(Arch a) { return new NeuralConfig(a, strategy, head, lookback, horizon, hiddenSize, numLayers, dropout, mcSamples, epochs, batchSize, lr, patience, validationFraction, normalize, period, seed); }
    public NeuralConfig withStrategy(Strategy s) { return new NeuralConfig(arch, s, head, lookback, horizon, hiddenSize, numLayers, dropout, mcSamples, epochs, batchSize, lr, patience, validationFraction, normalize, period, seed); }
    public NeuralConfig withHead(Head h) { return new NeuralConfig(arch, strategy, h, lookback, horizon, hiddenSize, numLayers, dropout, mcSamples, epochs, batchSize, lr, patience, validationFraction, normalize, period, seed); }
    public NeuralConfig withWindow(int lb, int h) { return new NeuralConfig(arch, strategy, head, lb, h, hiddenSize, numLayers, dropout, mcSamples, epochs, batchSize, lr, patience, validationFraction, normalize, period, seed); }
    public NeuralConfig withSize(int hidden, int layers) { return new NeuralConfig(arch, strategy, head, lookback, horizon, hidden, layers, dropout, mcSamples, epochs, batchSize, lr, patience, validationFraction, normalize, period, seed); }
    public NeuralConfig withDropout(double p, int mc) { return new NeuralConfig(arch, strategy, head, lookback, horizon, hiddenSize, numLayers, p, mc, epochs, batchSize, lr, patience, validationFraction, normalize, period, seed); }
    public NeuralConfig withTraining(int ep, int batch, double learningRate, int pat) { return new NeuralConfig(arch, strategy, head, lookback, horizon, hiddenSize, numLayers, dropout, mcSamples, ep, batch, learningRate, pat, validationFraction, normalize, period, seed); }
    public NeuralConfig withValidation(double f) { return new NeuralConfig(arch, strategy, head, lookback, horizon, hiddenSize, numLayers, dropout, mcSamples, epochs, batchSize, lr, patience, f, normalize, period, seed); }
    public NeuralConfig withNormalize(Normalize nm, int per) { return new NeuralConfig(arch, strategy, head, lookback, horizon, hiddenSize, numLayers, dropout, mcSamples, epochs, batchSize, lr, patience, validationFraction, nm, per, seed); }
    public NeuralConfig withSeed(long s) { return new NeuralConfig(arch, strategy, head, lookback, horizon, hiddenSize, numLayers, dropout, mcSamples, epochs, batchSize, lr, patience, validationFraction, normalize, period, s); }

    /** Steps the network emits per sample. */
    public int netHorizon() { return strategy == Strategy.RECURSIVE ? 1 : horizon; }

    /** Outputs per step: 1 (point), 2 (Gaussian mean and raw scale), 3 (quantiles lower, median, upper). */
    public int outputsPerStep() { return switch (head) { case POINT -> 1; case GAUSSIAN -> 2; case QUANTILE -> 3; }; }
}
