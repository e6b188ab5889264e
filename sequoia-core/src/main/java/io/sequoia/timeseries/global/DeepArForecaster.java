package io.sequoia.timeseries.global;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.io.ModelFolder;
import io.sequoia.nn.Config;
import io.sequoia.optim.Adam;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.train.Batches;
import io.sequoia.train.Callback;
import io.sequoia.train.FitOptions;
import io.sequoia.train.Model;
import io.sequoia.train.StepLoss;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A global DeepAR forecaster (Salinas et al. 2020): one {@link DeepAr} network trained through the one fit
 * loop on windows sampled across many series, by the negative log-likelihood of every observed step
 * (teacher forcing), which then forecasts any series from its history by ancestral sampling.
 * <p>A window holds {@code context} points before its forecast origin and H after it; its values are
 * divided by the series' scale, the mean absolute value of the observed part of the context
 * ({@link NBeatsForecaster#level}). Lags reaching before the start of a series repeat its first value;
 * steps without an observed previous value are left out of the loss. To forecast, the network reads the
 * last {@code context} points, then draws {@code samples} paths step by step, each draw fed back as the
 * next input: the point forecast is the paths' median, the interval their central quantiles at the level
 * asked for. The paths come from a generator seeded with the configuration's seed + 1 for every series,
 * so a forecast repeats, whatever order series are forecast in.
 * <pre>
 * DeepArForecaster f = DeepArForecaster.train(trainingParts, DeepArConfig.builder(18, 12).build(), System.err);
 * Forecast next18 = f.forecast(history, 18, 0.95);
 * f.save(dir);  DeepArForecaster.load(dir).forecast(history, 18, 0.95);
 * </pre>
 */
public final class DeepArForecaster implements GlobalForecaster {
    private final DeepArConfig cfg;
    private final DeepAr net;
    private final String summary;

    private DeepArForecaster(DeepArConfig cfg, DeepAr net, String summary) {
        this.cfg = cfg;
        this.net = net;
        this.summary = summary;
        net.train(false);
    }

    public DeepArConfig config() { return cfg; }

    /** The same network forecasting with {@code samples} paths from {@code seed} (null keeps this model's). */
    public DeepArForecaster withSampling(Integer samples, Long seed) {
        DeepArConfig.Builder b = cfg.toBuilder();
        if (samples != null) b.samples(samples);
        if (seed != null) b.seed(seed);
        return new DeepArForecaster(b.build(), net, summary);
    }
    public DeepAr network() { return net; }
    @Override public String name() { return "deepar"; }
    @Override public int horizon() { return cfg.horizon(); }
    @Override public String describe() { return cfg.describe() + (summary.isEmpty() ? "" : " (" + summary + ")"); }

    /**
     * Trains on {@code series} (each one series' training part; those not longer than the horizon give no
     * training window). {@code log} receives one line per epoch, or is null.
     */
    public static DeepArForecaster train(List<double[]> series, DeepArConfig cfg, PrintStream log) { return train(series, cfg, log, null); }

    /**
     * As {@link #train(List, DeepArConfig, PrintStream)}, checkpointed (and, resuming, continued) as the next
     * training of {@code checkpoints} (null: none), as every other training command does.
     */
    public static DeepArForecaster train(List<double[]> series, DeepArConfig cfg, PrintStream log, io.sequoia.train.CheckpointSeries checkpoints) {
        List<double[]> usable = NBeatsForecaster.usable(series, cfg.horizon(), "DeepArForecaster.train");
        Generator.manualSeed(cfg.seed());
        DeepAr net = new DeepAr(cfg.cell(), cfg.lags().length, cfg.hiddenSize(), cfg.numLayers(), cfg.dropout(), cfg.likelihood());
        net.train(true);
        Model model = new Model(net).compile(ps -> new Adam(ps, cfg.lr()));
        int epochs = (cfg.steps() + cfg.stepsPerEpoch() - 1) / cfg.stepsPerEpoch();
        Batches<Window> batches = rng -> {
            List<Window> out = new ArrayList<>(cfg.stepsPerEpoch());
            for (int b = 0; b < cfg.stepsPerEpoch(); b++) out.add(sample(usable, cfg, rng));
            return out;
        };
        double[] last = {Double.NaN};
        long t0 = System.nanoTime();
        Callback logger = new Callback() {
            @Override public void onEpochEnd(Model mo, int epoch, Map<String, Double> logs) {
                last[0] = logs.getOrDefault("loss", Double.NaN);
                if (log != null) log.printf(Locale.ROOT, "deepar epoch %d/%d nll %.4f (%.0f s)%n", epoch + 1, epochs, last[0], (System.nanoTime() - t0) / 1e9);
            }
        };
        FitOptions o = FitOptions.epochs(epochs).clipNorm(1.0).verbose(0).callbacks(logger)
                .checkpointing(checkpoints == null ? null : checkpoints.next("deepar-seed" + cfg.seed()));
        if (Double.isFinite(cfg.maxMinutes())) o.maxMinutes(cfg.maxMinutes());
        io.sequoia.train.History h = model.fit(batches, b -> new StepLoss(loss(net, b), b.observed()), o);
        return new DeepArForecaster(cfg, net, String.format(Locale.ROOT, "final nll %.4f", NBeatsForecaster.lastLoss(h, last[0])));
    }

    /**
     * One training batch: lagged inputs, the previous scaled values, targets and the mask of observed steps.
     * <pre>
     * x (N, T, F)   prev, y, mask (N, T)   T = context + H
     * </pre>
     */
    record Window(Tensor x, Tensor prev, Tensor y, Tensor mask, double observed) {}

    /** The mean negative log-likelihood of a window batch's observed steps. */
    static Tensor loss(DeepAr net, Window b) {
        Tensor nll = net.likelihood().nll(net.forward(b.x()), b.prev(), b.y()); // (N, T)
        return nll.mul(b.mask()).sum().div(b.observed());
    }

    static Window sample(List<double[]> series, DeepArConfig cfg, Generator rng) {
        int n = cfg.batchSize(), h = cfg.horizon(), c = cfg.context(), t = c + h;
        int[] lags = cfg.lags();
        int f = lags.length;
        float[] x = new float[n * t * f], prev = new float[n * t], y = new float[n * t], mask = new float[n * t];
        int limit = (int) Math.ceil(cfg.historyLimit() * h);
        double observed = 0;
        for (int i = 0; i < n; i++) {
            double[] v = series.get(rng.nextInt(series.size()));
            int hi = v.length - h, lo = Math.max(1, hi - limit + 1);
            int origin = lo + rng.nextInt(hi - lo + 1);
            double scale = NBeatsForecaster.level(v, origin, c);
            for (int j = 0; j < t; j++) {
                int pos = origin - c + j, r = i * t + j;
                for (int k = 0; k < f; k++) x[r * f + k] = (float) (at(v, pos - lags[k]) / scale - 1);
                prev[r] = (float) (at(v, pos - 1) / scale);
                y[r] = (float) (at(v, pos) / scale);
                if (pos >= 1) { mask[r] = 1; observed++; }
            }
        }
        return new Window(Tensor.of(x, n, t, f), Tensor.of(prev, n, t), Tensor.of(y, n, t), Tensor.of(mask, n, t), Math.max(1, observed));
    }

    /** v[pos], the first value before the start. */
    private static double at(double[] v, int pos) { return v[Math.max(0, pos)]; }

    /**
     * Samples {@code samples} paths of {@code h} steps after {@code history}: the median and the central
     * interval at {@code level} of the paths, on the history's scale.
     */
    @Override public Forecast forecast(double[] history, int h, double level) {
        double[][] paths = samplePaths(history, h);
        int s = paths.length;
        double[] mid = new double[h], lo = new double[h], hi = new double[h], col = new double[s];
        for (int k = 0; k < h; k++) {
            for (int i = 0; i < s; i++) col[i] = paths[i][k];
            Arrays.sort(col);
            mid[k] = quantile(col, 0.5);
            lo[k] = quantile(col, (1 - level) / 2);
            hi[k] = quantile(col, (1 + level) / 2);
        }
        return new Forecast(mid, lo, hi, level);
    }

    /** The sample paths, {@code [samples][h]}, on the history's scale. */
    public double[][] samplePaths(double[] history, int h) {
        String w = "DeepArForecaster.forecast";
        if (history == null || history.length == 0) throw Errors.arg(w, "a history needs at least one value", ">= 1 value", 0, null);
        for (double d : history) if (!Double.isFinite(d)) throw Errors.arg(w, "history values must be finite", "finite values", d, null);
        if (h < 1 || h > horizon()) throw Errors.arg(w, "the network forecasts 1 to the horizon it was trained for", "1.." + horizon(), h, null);
        int n = history.length, c = cfg.context(), s = cfg.samples(), p = net.likelihood().params();
        int[] lags = cfg.lags();
        int f = lags.length;
        double scale = NBeatsForecaster.level(history, n, c);
        float[] cx = new float[c * f];
        for (int j = 0; j < c; j++) for (int k = 0; k < f; k++) cx[j * f + k] = (float) (at(history, n - c + j - lags[k]) / scale - 1);
        double[][] z = new double[s][h];  // scaled draws
        Generator g = new Generator(cfg.seed() + 1);
        synchronized (net) {
            try (var ng = GradMode.noGrad()) {
                DeepAr.State st = net.step(Tensor.of(cx, 1, c, f), null).state();
                st = new DeepAr.State(repeat(st.h(), s), st.c() == null ? null : repeat(st.c(), s));
                float[] x = new float[s * f];
                double[] prev = new double[s];
                for (int k = 0; k < h; k++) {
                    for (int i = 0; i < s; i++) {
                        for (int a = 0; a < f; a++) x[i * f + a] = (float) (scaled(history, z[i], n, n + k - lags[a], scale) - 1);
                        prev[i] = scaled(history, z[i], n, n + k - 1, scale);
                    }
                    DeepAr.Output o = net.step(Tensor.of(x, s, 1, f), st);
                    st = o.state();
                    float[] raw = o.raw().toFloatArray(); // (S, 1, P)
                    for (int i = 0; i < s; i++) z[i][k] = net.likelihood().sample(net.likelihood().parameters(raw, i * p, prev[i]), g);
                }
            }
        }
        double[][] out = new double[s][h];
        for (int i = 0; i < s; i++) for (int k = 0; k < h; k++) out[i][k] = z[i][k] * scale;
        return out;
    }

    /** The scaled value at {@code pos}: observed before {@code n}, else the path's draw. */
    private static double scaled(double[] history, double[] path, int n, int pos, double scale) {
        return pos < n ? at(history, pos) / scale : path[pos - n];
    }

    /** A state (layers, 1, H) repeated to (layers, S, H). */
    private static Tensor repeat(Tensor t, int s) {
        int layers = t.size(0), hid = t.size(2);
        float[] a = t.toFloatArray(), out = new float[layers * s * hid];
        for (int l = 0; l < layers; l++) for (int i = 0; i < s; i++) System.arraycopy(a, l * hid, out, (l * s + i) * hid, hid);
        return Tensor.of(out, layers, s, hid); // (layers, S, H)
    }

    /** The type-7 quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) return sorted[sorted.length - 1];
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }

    /** Saves the network and the settings as a model folder ({@code "task": "global_forecaster"}). */
    public void save(Path dir) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(ModelFolder.TASK_KEY, NBeatsForecaster.TASK);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", "deepar");
        s.put("description", describe());
        s.put("horizon", cfg.horizon());
        s.put("period", cfg.period());
        s.put("context", cfg.context());
        List<Integer> lags = new ArrayList<>();
        for (int l : cfg.lags()) lags.add(l);
        s.put("lags", lags);
        s.put("steps", cfg.steps());
        s.put("batch_size", cfg.batchSize());
        s.put("lr", cfg.lr());
        s.put("history_limit", cfg.historyLimit());
        s.put("samples", cfg.samples());
        s.put("seed", cfg.seed());
        extra.put("global_forecaster", s);
        ModelFolder.saveModule(dir, net, extra);
    }

    /** Loads a folder written by {@link #save}. */
    @SuppressWarnings("unchecked")
    public static DeepArForecaster load(Path dir) throws IOException {
        ModelFolder.LoadedModule lm = ModelFolder.loadModule(dir);
        if (!(lm.module() instanceof DeepAr net)) {
            throw Errors.arg("DeepArForecaster.load", "the folder must hold a DeepAR forecaster", "task " + NBeatsForecaster.TASK + " with a DeepAr network",
                    lm.contents().task() + " with " + lm.module().getClass().getSimpleName(), "folder " + dir);
        }
        Config c = Config.of("global_forecaster", (Map<String, Object>) lm.config().get("global_forecaster"));
        Config a = Config.of("DeepAr", net.config());
        DeepArConfig cfg = DeepArConfig.builder(c.integer("horizon"), c.integer("period"))
                .cell(DeepAr.Cell.valueOf(a.string("cell").toUpperCase(Locale.ROOT))).hiddenSize(a.integer("hidden_size")).numLayers(a.integer("num_layers"))
                .dropout(a.real("dropout")).likelihood(net.likelihood()).context(c.integer("context")).lags(c.ints("lags"))
                .steps(c.integer("steps")).batchSize(c.integer("batch_size")).lr(c.real("lr")).historyLimit(c.real("history_limit"))
                .samples(c.integer("samples")).seed((long) c.real("seed")).build();
        return new DeepArForecaster(cfg, net, "");
    }
}
