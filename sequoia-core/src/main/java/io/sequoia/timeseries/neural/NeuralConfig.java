package io.sequoia.timeseries.neural;

import io.sequoia.tensor.Errors;

/**
 * Settings of a {@link NeuralForecaster}: {@code NeuralConfig.builder().arch(Arch.GRU).lookback(36).build()},
 * or {@link #defaults()} and a {@code with...} method for one change, or {@link #toBuilder()} for several.
 * Every default is a named constant below (the command line and the benchmarks use these).
 *
 * @param arch             network: LSTM, GRU, SEQ2SEQ (LSTM encoder–decoder) or TRANSFORMER (encoder)
 * @param strategy         RECURSIVE (one-step model fed its own forecasts) or DIRECT (all horizon steps at once)
 * @param head             POINT (MSE), GAUSSIAN (mean and standard deviation, negative log-likelihood) or QUANTILE (pinball loss)
 * @param lookback         past steps the network sees
 * @param horizon          steps a DIRECT/SEQ2SEQ/TRANSFORMER model forecasts (RECURSIVE trains on 1 and iterates)
 * @param hiddenSize       the network's width: recurrent hidden size, or the transformer's dModel ({@link #TRANSFORMER_HEADS} heads)
 * @param numLayers        stacked layers
 * @param dropout          dropout before the output layer (and between recurrent layers)
 * @param mcSamples        with dropout &gt; 0: forward passes with dropout on at prediction (MC dropout); 0 = off
 * @param epochs           maximum epochs
 * @param batchSize        mini-batch size
 * @param lr               Adam learning rate
 * @param patience         early-stopping patience in epochs on the validation windows (best weights restored)
 * @param validationFraction share of the training windows, the latest in time, used for validation (0 = none, no early stopping)
 * @param normalize        NONE; LAST: subtract each window's last target value from its inputs and targets;
 *                         SEASONAL: inputs minus the last value, targets minus the seasonal naive forecast
 *                         (the value one period earlier), so the network learns a correction to it
 * @param period           seasonal period for SEASONAL normalisation
 * @param level            central interval level: the quantile head is trained for it (its outer quantiles are (1 ∓ level) / 2)
 * @param maxMinutes       training time budget in minutes (0 = none); training stops after the epoch in which it ran out
 * @param clipNorm         gradients' global L2 norm is clipped to this before each step (0 = off)
 * @param seed             seed of initialisation, dropout, shuffling and sample paths
 */
public record NeuralConfig(Arch arch, Strategy strategy, Head head, int lookback, int horizon, int hiddenSize, int numLayers,
                           double dropout, int mcSamples, int epochs, int batchSize, double lr, int patience,
                           double validationFraction, Normalize normalize, int period, double level, double maxMinutes, double clipNorm, long seed)
        implements java.io.Serializable {
    /** Network family. */
    public enum Arch { LSTM, GRU, SEQ2SEQ, TRANSFORMER }
    /** Multi-step strategy. */
    public enum Strategy { RECURSIVE, DIRECT }
    /** Output head and loss. */
    public enum Head { POINT, GAUSSIAN, QUANTILE }
    /** Window normalisation. */
    public enum Normalize { NONE, LAST, SEASONAL }

    public static final int DEFAULT_EPOCHS = 200;
    public static final int DEFAULT_HIDDEN = 32;
    public static final int DEFAULT_LAYERS = 1;
    public static final int DEFAULT_BATCH_SIZE = 16;
    public static final double DEFAULT_LR = 3e-3;
    public static final int DEFAULT_PATIENCE = 30;
    public static final double DEFAULT_DROPOUT = 0;
    public static final double DEFAULT_VALID_FRACTION = 0.15;
    public static final double DEFAULT_LEVEL = 0.95;
    public static final long DEFAULT_SEED = 42;
    /** Attention heads of the transformer encoder (its dModel, the hidden size, must be a multiple). */
    public static final int TRANSFORMER_HEADS = 4;
    /** Gradient clipping (global L2 norm) during training. */
    public static final double DEFAULT_CLIP_NORM = 1.0;

    /** The default lookback for a seasonal period: two periods, at least 12 steps. */
    public static int defaultLookback(int period) { return Math.max(12, 2 * period); }

    /** The default normalisation: SEASONAL when there is a season the lookback covers, else LAST. */
    public static Normalize defaultNormalize(int period, int lookback) { return period >= 2 && lookback >= period ? Normalize.SEASONAL : Normalize.LAST; }

    /** The defaults for a series with seasonal period {@code period}: {@link #defaultLookback}, {@link #defaultNormalize}. */
    public static NeuralConfig forPeriod(int period) {
        int lb = defaultLookback(period);
        return builder().lookback(lb).normalize(defaultNormalize(period, lb)).period(Math.max(1, period)).build();
    }

    public NeuralConfig {
        String w = "NeuralConfig";
        if (arch == null || strategy == null || head == null || normalize == null) {
            throw Errors.arg(w, "arch, strategy, head and normalize are required", "non-null", arch + ", " + strategy + ", " + head + ", " + normalize, null);
        }
        if (lookback < 1) throw Errors.arg(w, "lookback must be at least 1", ">= 1", lookback, null);
        if (horizon < 1) throw Errors.arg(w, "horizon must be at least 1", ">= 1", horizon, null);
        if (hiddenSize < 1) throw Errors.arg(w, "hiddenSize must be at least 1", ">= 1", hiddenSize, null);
        if (arch == Arch.TRANSFORMER && hiddenSize % TRANSFORMER_HEADS != 0) {
            throw Errors.arg(w, "the transformer's hiddenSize (dModel) must be divisible by " + TRANSFORMER_HEADS + " heads", "a multiple of " + TRANSFORMER_HEADS, hiddenSize, null);
        }
        if (numLayers < 1) throw Errors.arg(w, "numLayers must be at least 1", ">= 1", numLayers, null);
        if (!(dropout >= 0 && dropout < 1)) throw Errors.arg(w, "dropout must be in [0, 1)", "0 <= p < 1", dropout, null);
        if (mcSamples < 0) throw Errors.arg(w, "mcSamples must be non-negative", ">= 0", mcSamples, null);
        if (mcSamples > 0 && dropout == 0) throw Errors.arg(w, "MC dropout needs dropout > 0", "> 0", dropout, "mcSamples " + mcSamples);
        if (epochs < 1) throw Errors.arg(w, "epochs must be at least 1", ">= 1", epochs, null);
        if (batchSize < 1) throw Errors.arg(w, "batchSize must be at least 1", ">= 1", batchSize, null);
        if (!(lr > 0)) throw Errors.arg(w, "lr must be positive", "> 0", lr, null);
        if (patience < 1) throw Errors.arg(w, "patience must be at least 1", ">= 1", patience, null);
        if (!(validationFraction >= 0 && validationFraction < 1)) throw Errors.arg(w, "validationFraction must be in [0, 1)", "0 <= f < 1", validationFraction, null);
        if (normalize == Normalize.SEASONAL && (period < 2 || lookback < period)) {
            throw Errors.arg(w, "seasonal normalisation needs period >= 2 and lookback >= period", "lookback >= period >= 2", "period " + period, "lookback " + lookback);
        }
        if (!(level > 0 && level < 1)) throw Errors.arg(w, "level must be in (0, 1)", "0 < level < 1", level, null);
        if (!(maxMinutes >= 0) || Double.isInfinite(maxMinutes)) throw Errors.arg(w, "maxMinutes must be a non-negative number", ">= 0", maxMinutes, null);
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) throw Errors.arg(w, "clipNorm must be a non-negative number", ">= 0", clipNorm, null);
        if (arch == Arch.SEQ2SEQ && strategy == Strategy.RECURSIVE) throw Errors.arg(w, "an encoder–decoder forecasts all steps at once", "DIRECT", strategy, "arch SEQ2SEQ");
    }

    /** LSTM, direct, point head, lookback 24, horizon 1, LAST normalisation, and the DEFAULT_ constants. */
    public static NeuralConfig defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.arch = arch; b.strategy = strategy; b.head = head; b.lookback = lookback; b.horizon = horizon;
        b.hiddenSize = hiddenSize; b.numLayers = numLayers; b.dropout = dropout; b.mcSamples = mcSamples;
        b.epochs = epochs; b.batchSize = batchSize; b.lr = lr; b.patience = patience; b.validationFraction = validationFraction;
        b.normalize = normalize; b.period = period; b.level = level; b.maxMinutes = maxMinutes; b.clipNorm = clipNorm; b.seed = seed;
        return b;
    }

    public NeuralConfig withArch(Arch a) { return toBuilder().arch(a).build(); }
    public NeuralConfig withStrategy(Strategy s) { return toBuilder().strategy(s).build(); }
    public NeuralConfig withHead(Head h) { return toBuilder().head(h).build(); }
    public NeuralConfig withWindow(int lb, int h) { return toBuilder().lookback(lb).horizon(h).build(); }
    public NeuralConfig withSize(int hidden, int layers) { return toBuilder().hiddenSize(hidden).numLayers(layers).build(); }
    public NeuralConfig withDropout(double p, int mc) { return toBuilder().dropout(p).mcSamples(mc).build(); }
    public NeuralConfig withTraining(int ep, int batch, double learningRate, int pat) { return toBuilder().epochs(ep).batchSize(batch).lr(learningRate).patience(pat).build(); }
    public NeuralConfig withValidation(double f) { return toBuilder().validationFraction(f).build(); }
    public NeuralConfig withNormalize(Normalize nm, int per) { return toBuilder().normalize(nm).period(per).build(); }
    public NeuralConfig withLevel(double l) { return toBuilder().level(l).build(); }
    public NeuralConfig withSeed(long s) { return toBuilder().seed(s).build(); }

    /** Steps the network emits per sample. */
    public int netHorizon() { return strategy == Strategy.RECURSIVE ? 1 : horizon; }

    /** Outputs per step: 1 (point), 2 (Gaussian mean and raw scale), 3 (quantiles lower, median, upper). */
    public int outputsPerStep() { return switch (head) { case POINT -> 1; case GAUSSIAN -> 2; case QUANTILE -> 3; }; }

    /** Mutable settings; {@link #build()} validates them. */
    public static final class Builder {
        private Arch arch = Arch.LSTM;
        private Strategy strategy = Strategy.DIRECT;
        private Head head = Head.POINT;
        private int lookback = defaultLookback(12), horizon = 1, hiddenSize = DEFAULT_HIDDEN, numLayers = DEFAULT_LAYERS, mcSamples;
        private double dropout = DEFAULT_DROPOUT;
        private int epochs = DEFAULT_EPOCHS, batchSize = DEFAULT_BATCH_SIZE, patience = DEFAULT_PATIENCE;
        private double lr = DEFAULT_LR, validationFraction = DEFAULT_VALID_FRACTION, level = DEFAULT_LEVEL, maxMinutes, clipNorm = DEFAULT_CLIP_NORM;
        private Normalize normalize = Normalize.LAST;
        private int period = 1;
        private long seed = DEFAULT_SEED;

        private Builder() {}

        public Builder arch(Arch v) { arch = v; return this; }
        public Builder strategy(Strategy v) { strategy = v; return this; }
        public Builder head(Head v) { head = v; return this; }
        public Builder lookback(int v) { lookback = v; return this; }
        public Builder horizon(int v) { horizon = v; return this; }
        public Builder hiddenSize(int v) { hiddenSize = v; return this; }
        public Builder numLayers(int v) { numLayers = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder mcSamples(int v) { mcSamples = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder normalize(Normalize v) { normalize = v; return this; }
        public Builder period(int v) { period = v; return this; }
        public Builder level(double v) { level = v; return this; }
        public Builder maxMinutes(double v) { maxMinutes = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        public NeuralConfig build() {
            return new NeuralConfig(arch, strategy, head, lookback, horizon, hiddenSize, numLayers, dropout, mcSamples, epochs, batchSize,
                    lr, patience, validationFraction, normalize, period, level, maxMinutes, clipNorm, seed);
        }
    }
}
