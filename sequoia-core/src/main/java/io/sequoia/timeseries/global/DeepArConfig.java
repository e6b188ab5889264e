package io.sequoia.timeseries.global;

import io.sequoia.tensor.Errors;

import java.util.Arrays;
import java.util.Locale;

/**
 * Settings of a global DeepAR forecaster: the network ({@code cell}, {@code hiddenSize}, {@code numLayers},
 * {@code dropout}, the {@code likelihood} head), its inputs (the values {@code lags} steps back; 1 is the
 * previous value), the {@code context} (points read before the forecast origin; their mean absolute value
 * is the series' scale), and the training: {@code steps} Adam steps of {@code batchSize} windows of
 * context + horizon points ({@code stepsPerEpoch} per epoch of the fit loop), each from a series chosen
 * uniformly, its forecast origin uniform among the last {@code historyLimit}·H points. Forecasts draw
 * {@code samples} paths; the point forecast is their median, the interval their central quantiles.
 */
public record DeepArConfig(int horizon, int period, DeepAr.Cell cell, int hiddenSize, int numLayers, double dropout, Likelihood likelihood,
                           int context, int[] lags, int batchSize, int steps, int stepsPerEpoch, double lr, double historyLimit,
                           int samples, long seed, double maxMinutes) {
    public static final DeepAr.Cell DEFAULT_CELL = DeepAr.Cell.LSTM;
    public static final int DEFAULT_HIDDEN = 40, DEFAULT_LAYERS = 2;
    public static final double DEFAULT_DROPOUT = 0.1;
    public static final Likelihood DEFAULT_LIKELIHOOD = Likelihood.GAUSSIAN;
    /** The default context, in horizons. */
    public static final int DEFAULT_CONTEXT_HORIZONS = 2;
    public static final int DEFAULT_BATCH = 128, DEFAULT_STEPS = 2000, DEFAULT_STEPS_PER_EPOCH = 100, DEFAULT_SAMPLES = 200;
    public static final double DEFAULT_LR = 1e-3, DEFAULT_HISTORY_LIMIT = 10;
    public static final long DEFAULT_SEED = 42;

    public DeepArConfig {
        String w = "DeepArConfig";
        if (horizon < 1) throw Errors.arg(w, "horizon must be at least 1", ">= 1", horizon, null);
        if (period < 1) throw Errors.arg(w, "period must be at least 1", ">= 1", period, null);
        if (hiddenSize < 1) throw Errors.arg(w, "hiddenSize must be at least 1", ">= 1", hiddenSize, null);
        if (numLayers < 1) throw Errors.arg(w, "numLayers must be at least 1", ">= 1", numLayers, null);
        if (!(dropout >= 0 && dropout < 1)) throw Errors.arg(w, "dropout must be in [0, 1)", "0 <= dropout < 1", dropout, null);
        if (context < 1) throw Errors.arg(w, "context must be at least 1", ">= 1", context, null);
        if (lags == null || lags.length == 0) throw Errors.arg(w, "at least one lag is needed", ">= 1 lag", 0, null);
        for (int l : lags) if (l < 1) throw Errors.arg(w, "lags must be at least 1", ">= 1", l, "lags " + Arrays.toString(lags));
        lags = lags.clone();
        if (batchSize < 1) throw Errors.arg(w, "batchSize must be at least 1", ">= 1", batchSize, null);
        if (steps < 1) throw Errors.arg(w, "steps must be at least 1", ">= 1", steps, null);
        if (stepsPerEpoch < 1) throw Errors.arg(w, "stepsPerEpoch must be at least 1", ">= 1", stepsPerEpoch, null);
        if (!(lr > 0)) throw Errors.arg(w, "lr must be positive", "> 0", lr, null);
        if (!(historyLimit > 0)) throw Errors.arg(w, "historyLimit must be positive", "> 0", historyLimit, null);
        if (samples < 2) throw Errors.arg(w, "samples must be at least 2", ">= 2", samples, null);
        if (!(maxMinutes > 0)) throw Errors.arg(w, "maxMinutes must be positive", "> 0", maxMinutes, null);
    }

    @Override public int[] lags() { return lags.clone(); }

    /** The defaults for {@code horizon} steps of series with seasonal period {@code period}. */
    public static Builder builder(int horizon, int period) { return new Builder(horizon, period); }

    /** The default lags: the previous value and, for a seasonal period, the value one period back. */
    public static int[] defaultLags(int period) { return period > 1 ? new int[]{1, period} : new int[]{1}; }

    public Builder toBuilder() {
        Builder b = new Builder(horizon, period);
        b.cell = cell; b.hiddenSize = hiddenSize; b.numLayers = numLayers; b.dropout = dropout; b.likelihood = likelihood; b.context = context;
        b.lags = lags.clone(); b.batchSize = batchSize; b.steps = steps; b.stepsPerEpoch = stepsPerEpoch; b.lr = lr; b.historyLimit = historyLimit;
        b.samples = samples; b.seed = seed; b.maxMinutes = maxMinutes;
        return b;
    }

    /** A short description: cell, size, likelihood, context, lags, steps, samples. */
    public String describe() {
        return "deepar " + cell.name().toLowerCase(Locale.ROOT) + " " + numLayers + "×" + hiddenSize + ", " + likelihood.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + ", context " + context + ", lags " + Arrays.toString(lags).replace(" ", "") + ", " + steps + " steps, " + samples + " paths";
    }

    /** Settings with defaults (see the constants). */
    public static final class Builder {
        private final int horizon, period;
        private DeepAr.Cell cell = DEFAULT_CELL;
        private int hiddenSize = DEFAULT_HIDDEN, numLayers = DEFAULT_LAYERS, context, batchSize = DEFAULT_BATCH, steps = DEFAULT_STEPS,
                stepsPerEpoch = DEFAULT_STEPS_PER_EPOCH, samples = DEFAULT_SAMPLES;
        private double dropout = DEFAULT_DROPOUT, lr = DEFAULT_LR, historyLimit = DEFAULT_HISTORY_LIMIT, maxMinutes = Double.POSITIVE_INFINITY;
        private Likelihood likelihood = DEFAULT_LIKELIHOOD;
        private int[] lags;
        private long seed = DEFAULT_SEED;

        private Builder(int horizon, int period) {
            this.horizon = horizon;
            this.period = period;
            this.context = DEFAULT_CONTEXT_HORIZONS * Math.max(1, horizon);
            this.lags = defaultLags(period);
        }

        public Builder cell(DeepAr.Cell v) { cell = v; return this; }
        public Builder hiddenSize(int v) { hiddenSize = v; return this; }
        public Builder numLayers(int v) { numLayers = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder likelihood(Likelihood v) { likelihood = v; return this; }
        /** Points read before the forecast origin (default {@link #DEFAULT_CONTEXT_HORIZONS} horizons). */
        public Builder context(int v) { context = v; return this; }
        public Builder lags(int... v) { lags = v.clone(); return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder stepsPerEpoch(int v) { stepsPerEpoch = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder historyLimit(double v) { historyLimit = v; return this; }
        public Builder samples(int v) { samples = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder maxMinutes(double v) { maxMinutes = v; return this; }

        public DeepArConfig build() {
            return new DeepArConfig(horizon, period, cell, hiddenSize, numLayers, dropout, likelihood, context, lags, batchSize, steps, stepsPerEpoch, lr,
                    historyLimit, samples, seed, maxMinutes);
        }
    }
}
