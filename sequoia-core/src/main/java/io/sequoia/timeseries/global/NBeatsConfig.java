package io.sequoia.timeseries.global;

import io.sequoia.tensor.Errors;

import java.util.List;

/**
 * Settings of a global N-BEATS forecaster: the network ({@code stacks}, {@code blocks}, {@code width},
 * {@code layers}, trend {@code degree}, seasonality {@code harmonics}, 0 for H/2), the lookback as a
 * multiple of the horizon, and the training: {@code steps} Adam steps of {@code batchSize} windows
 * ({@code stepsPerEpoch} per epoch of the fit loop), each window drawn from a series chosen uniformly,
 * its forecast origin uniformly among the last {@code historyLimit}·H points of the series; the loss
 * (sMAPE, MASE, MAPE or MAE on the window scaled by its level). For each loss in {@code losses} and each
 * lookback multiple in {@code lookbacks}, {@code ensemble} networks with consecutive seeds; the forecast is
 * the median of all of them, as the paper does (its ensemble mixes sMAPE, MASE and MAPE networks).
 * Member {@code i} (see {@link #memberLoss}, {@link #memberLookback}) has seed {@code seed + i}, so with
 * one loss the members are those of the same config without the other losses.
 */
public record NBeatsConfig(NBeats.Stacks stacks, int horizon, int[] lookbacks, int blocks, int width, int layers, int degree, int harmonics,
                           Loss[] losses, int period, int batchSize, int steps, int stepsPerEpoch, double lr, double historyLimit, long seed,
                           int ensemble, double maxMinutes) {
    /** The training loss, on windows scaled by their level. */
    public enum Loss { SMAPE, MASE, MAPE, MAE }

    public static final NBeats.Stacks DEFAULT_STACKS = NBeats.Stacks.GENERIC;
    public static final int[] DEFAULT_LOOKBACKS = {2, 3, 4};
    public static final int DEFAULT_BLOCKS = 3, DEFAULT_WIDTH = 128, DEFAULT_LAYERS = 3, DEFAULT_DEGREE = 2;
    /**
     * The default losses: sMAPE and MASE networks (6 with the default lookbacks), chosen on the M3 monthly validation
     * split and confirmed on its test (docs/labs.md, "Issue 15: a mixed-loss N-BEATS ensemble").
     */
    public static final List<Loss> DEFAULT_LOSSES = List.of(Loss.SMAPE, Loss.MASE);
    public static final int DEFAULT_BATCH = 256, DEFAULT_STEPS = 1500, DEFAULT_STEPS_PER_EPOCH = 100, DEFAULT_ENSEMBLE = 1;
    public static final double DEFAULT_LR = 1e-3, DEFAULT_HISTORY_LIMIT = 10;
    public static final long DEFAULT_SEED = 42;

    public NBeatsConfig {
        String w = "NBeatsConfig";
        if (horizon < 1) throw Errors.arg(w, "horizon must be at least 1", ">= 1", horizon, null);
        if (lookbacks == null || lookbacks.length == 0) throw Errors.arg(w, "at least one lookback multiple is needed", ">= 1 value", 0, null);
        for (int m : lookbacks) if (m < 1) throw Errors.arg(w, "lookback multiples must be at least 1", ">= 1", m, "lookbacks " + java.util.Arrays.toString(lookbacks));
        lookbacks = lookbacks.clone();
        if (losses == null || losses.length == 0) throw Errors.arg(w, "at least one loss is needed", ">= 1 loss", 0, null);
        for (int i = 0; i < losses.length; i++) {
            if (losses[i] == null) throw Errors.arg(w, "losses must not be null", "a loss", null, "losses " + java.util.Arrays.toString(losses));
            for (int j = 0; j < i; j++) if (losses[j] == losses[i]) throw Errors.arg(w, "each loss may be given once", "distinct losses", losses[i], "losses " + java.util.Arrays.toString(losses));
        }
        losses = losses.clone();
        if (blocks < 1) throw Errors.arg(w, "blocks must be at least 1", ">= 1", blocks, null);
        if (width < 1) throw Errors.arg(w, "width must be at least 1", ">= 1", width, null);
        if (layers < 1) throw Errors.arg(w, "layers must be at least 1", ">= 1", layers, null);
        if (degree < 0) throw Errors.arg(w, "degree must be at least 0", ">= 0", degree, null);
        if (harmonics < 0) throw Errors.arg(w, "harmonics must be at least 0 (0: H/2)", ">= 0", harmonics, null);
        if (period < 1) throw Errors.arg(w, "period must be at least 1", ">= 1", period, null);
        if (batchSize < 1) throw Errors.arg(w, "batchSize must be at least 1", ">= 1", batchSize, null);
        if (steps < 1) throw Errors.arg(w, "steps must be at least 1", ">= 1", steps, null);
        if (stepsPerEpoch < 1) throw Errors.arg(w, "stepsPerEpoch must be at least 1", ">= 1", stepsPerEpoch, null);
        if (!(lr > 0)) throw Errors.arg(w, "lr must be positive", "> 0", lr, null);
        if (!(historyLimit > 0)) throw Errors.arg(w, "historyLimit must be positive", "> 0", historyLimit, null);
        if (ensemble < 1) throw Errors.arg(w, "ensemble must be at least 1", ">= 1", ensemble, null);
        if (!(maxMinutes > 0)) throw Errors.arg(w, "maxMinutes must be positive", "> 0", maxMinutes, null);
    }

    /** The defaults for {@code horizon} steps of series with seasonal period {@code period}. */
    public static Builder builder(int horizon, int period) { return new Builder(horizon, period); }

    public Builder toBuilder() {
        Builder b = new Builder(horizon, period);
        b.stacks = stacks; b.lookbacks = lookbacks; b.blocks = blocks; b.width = width; b.layers = layers; b.degree = degree; b.harmonics = harmonics;
        b.losses = losses; b.batchSize = batchSize; b.steps = steps; b.stepsPerEpoch = stepsPerEpoch; b.lr = lr; b.historyLimit = historyLimit;
        b.seed = seed; b.ensemble = ensemble; b.maxMinutes = maxMinutes;
        return b;
    }

    /** The seasonality harmonics actually used: {@code harmonics}, or H/2 (at least 1) when it is 0. */
    public int harmonicsUsed() { return harmonics > 0 ? harmonics : Math.max(1, horizon / 2); }

    /** A short description: stacks, lookbacks, size, loss, steps, ensemble. */
    public String describe() {
        StringBuilder lb = new StringBuilder();
        for (int m : lookbacks) lb.append(lb.length() == 0 ? "" : ",").append(m).append('H');
        return "nbeats " + stacks.name().toLowerCase(java.util.Locale.ROOT) + ", lookback " + lb + ", " + blocks + " blocks × " + layers + "×" + width
                + ", " + lossNames() + " loss, " + steps + " steps" + (members() > 1 ? ", median of " + members() : "");
    }

    /** Networks in the ensemble: losses × lookbacks × seeds. */
    public int members() { return losses.length * lookbacks.length * ensemble; }

    /** The losses, in member order. */
    @Override public Loss[] losses() { return losses.clone(); }

    /** The lookback multiples. */
    @Override public int[] lookbacks() { return lookbacks.clone(); }

    /** The loss member {@code i} is trained with: members are ordered by loss, then lookback, then seed. */
    public Loss memberLoss(int i) { return losses[memberIndex(i) / (lookbacks.length * ensemble)]; }

    /** The lookback multiple of member {@code i} (times the horizon: its lookback in points). */
    public int memberLookback(int i) { return lookbacks[memberIndex(i) / ensemble % lookbacks.length]; }

    private int memberIndex(int i) {
        if (i < 0 || i >= members()) throw Errors.arg("NBeatsConfig", "no such member", "0.." + (members() - 1), i, null);
        return i;
    }

    /** The losses' names, comma-separated, lower case ("smape,mase"). */
    public String lossNames() {
        StringBuilder b = new StringBuilder();
        for (Loss l : losses) b.append(b.length() == 0 ? "" : ",").append(l.name().toLowerCase(java.util.Locale.ROOT));
        return b.toString();
    }

    /** Settings with defaults (see the constants). */
    public static final class Builder {
        private final int horizon, period;
        private NBeats.Stacks stacks = DEFAULT_STACKS;
        private int[] lookbacks = DEFAULT_LOOKBACKS;
        private int blocks = DEFAULT_BLOCKS, width = DEFAULT_WIDTH, layers = DEFAULT_LAYERS, degree = DEFAULT_DEGREE, harmonics = 0;
        private Loss[] losses = DEFAULT_LOSSES.toArray(new Loss[0]);
        private int batchSize = DEFAULT_BATCH, steps = DEFAULT_STEPS, stepsPerEpoch = DEFAULT_STEPS_PER_EPOCH, ensemble = DEFAULT_ENSEMBLE;
        private double lr = DEFAULT_LR, historyLimit = DEFAULT_HISTORY_LIMIT, maxMinutes = Double.POSITIVE_INFINITY;
        private long seed = DEFAULT_SEED;

        private Builder(int horizon, int period) { this.horizon = horizon; this.period = period; }

        public Builder stacks(NBeats.Stacks v) { stacks = v; return this; }
        public Builder lookbacks(int... multiples) { lookbacks = multiples.clone(); return this; }
        public Builder blocks(int v) { blocks = v; return this; }
        public Builder width(int v) { width = v; return this; }
        public Builder layers(int v) { layers = v; return this; }
        public Builder degree(int v) { degree = v; return this; }
        public Builder harmonics(int v) { harmonics = v; return this; }
        public Builder loss(Loss v) { losses = new Loss[]{v}; return this; }
        /** Several losses: the networks of every lookback and seed, once per loss. */
        public Builder losses(Loss... v) { losses = v == null ? null : v.clone(); return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder stepsPerEpoch(int v) { stepsPerEpoch = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder historyLimit(double v) { historyLimit = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder ensemble(int v) { ensemble = v; return this; }
        public Builder maxMinutes(double v) { maxMinutes = v; return this; }

        public NBeatsConfig build() {
            return new NBeatsConfig(stacks, horizon, lookbacks, blocks, width, layers, degree, harmonics, losses, period, batchSize, steps,
                    stepsPerEpoch, lr, historyLimit, seed, ensemble, maxMinutes);
        }
    }
}
