package io.sequoia.timeseries.neural;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.classical.Forecaster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The average of {@code k} {@link NeuralForecaster}s that differ only in their seed (seed, seed + 1, ...):
 * means, lower and upper bounds are averaged step by step. Reduces the seed-to-seed spread of small
 * networks trained on short series.
 */
public final class SeedEnsemble implements Forecaster {
    private final NeuralConfig cfg;
    private final int k;
    private final List<NeuralForecaster> members = new ArrayList<>();
    private io.sequoia.train.CheckpointSeries checkpoints;

    public SeedEnsemble(NeuralConfig cfg, int k) {
        if (k < 1) throw Errors.arg("SeedEnsemble", "k must be at least 1", ">= 1", k, null);
        this.cfg = cfg;
        this.k = k;
    }

    @Override public String name() { return new NeuralForecaster(cfg).name(); }

    /** Checkpoints every member's training in {@code series} (null = none). */
    public SeedEnsemble checkpoints(io.sequoia.train.CheckpointSeries series) { checkpoints = series; return this; }

    @Override public SeedEnsemble fit(double[] y, double[][] xreg) { return fit(y, null, xreg); }

    /** Fits every member on the same data. */
    public SeedEnsemble fit(double[] y, double[][] pastCov, double[][] futureCov) {
        members.clear();
        for (int i = 0; i < k; i++) {
            NeuralForecaster f = new NeuralForecaster(cfg.withSeed(cfg.seed() + i));
            if (checkpoints != null) f.checkpointing(checkpoints.next(f.name() + "-seed" + f.config().seed()));
            members.add(f.fit(y, pastCov, futureCov));
        }
        return this;
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level) {
        if (members.isEmpty()) throw Errors.state("SeedEnsemble.forecast", "the model has not been fitted", "call fit first");
        double[] mean = new double[h], lo = null, hi = null;
        for (NeuralForecaster m : members) {
            Forecast f = m.forecast(h, futureXreg, level);
            if (f.lower() != null && lo == null) { lo = new double[h]; hi = new double[h]; }
            for (int i = 0; i < h; i++) {
                mean[i] += f.mean()[i] / k;
                if (f.lower() != null) { lo[i] += f.lower()[i] / k; hi[i] += f.upper()[i] / k; }
            }
        }
        return new Forecast(mean, lo, hi, level);
    }

    @Override public Map<String, Double> parameters() {
        Map<String, Double> p = new LinkedHashMap<>();
        if (members.isEmpty()) return p;
        p.put("members", (double) k);
        double ep = 0, val = 0;
        for (NeuralForecaster m : members) { ep += m.parameters().get("epochs") / k; val += m.parameters().get("val_loss") / k; }
        p.put("epochs", ep);
        p.put("val_loss", val);
        p.put("parameters", members.get(0).parameters().get("parameters"));
        return p;
    }
}
