package io.sequoia.timeseries.global;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.io.ModelFolder;
import io.sequoia.nn.Config;
import io.sequoia.optim.Adam;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.train.Batches;
import io.sequoia.train.Callback;
import io.sequoia.train.FitOptions;
import io.sequoia.train.Model;
import io.sequoia.train.StepLoss;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A global N-BEATS forecaster: networks trained on windows sampled across many series (each network
 * through the one fit loop, {@link Model#fit(Batches, io.sequoia.train.TrainingStep, FitOptions)}), which
 * then forecast any series from its history.
 * <p>Each window is scaled by its level, the mean absolute value of the observed part of its lookback,
 * and the network forecasts on that scale; a lookback reaching before the start of a series repeats
 * the first value. Each training window comes from a series chosen uniformly at random, its forecast
 * origin uniform among the last {@code historyLimit}·H points (the paper's sampling, section 3.4 and
 * appendix). With several lookbacks and seeds, the forecast is the median of the networks'.
 * <pre>
 * NBeatsForecaster f = NBeatsForecaster.train(trainingParts, NBeatsConfig.builder(18, 12).build(), System.err);
 * double[] next18 = f.forecast(history);
 * f.save(dir);  NBeatsForecaster.load(dir).forecast(history);
 * </pre>
 */
public final class NBeatsForecaster implements GlobalForecaster {
    public static final String TASK = "global_forecaster";

    private final NBeatsConfig cfg;
    private final NBeatsEnsemble net;
    private final String summary;

    private NBeatsForecaster(NBeatsConfig cfg, NBeatsEnsemble net, String summary) {
        this.cfg = cfg;
        this.net = net;
        this.summary = summary;
        net.train(false);
    }

    public NBeatsConfig config() { return cfg; }
    @Override public String name() { return "nbeats"; }
    @Override public int horizon() { return cfg.horizon(); }
    public NBeatsEnsemble network() { return net; }
    /** The settings and, after training, the final training losses. */
    @Override public String describe() { return cfg.describe() + (summary.isEmpty() ? "" : " (" + summary + ")"); }

    /**
     * Trains on {@code series} (each one series' training part; those not longer than the horizon give
     * no training window but the rest do). {@code log} receives one line per epoch and member, or is null.
     */
    public static NBeatsForecaster train(List<double[]> series, NBeatsConfig cfg, PrintStream log) { return train(series, cfg, log, null); }

    /**
     * As {@link #train(List, NBeatsConfig, PrintStream)}, each member's training checkpointed (and, resuming,
     * continued) through {@code checkpoints} in member order (null: none), as every other training command does.
     */
    public static NBeatsForecaster train(List<double[]> series, NBeatsConfig cfg, PrintStream log, io.sequoia.train.CheckpointSeries checkpoints) {
        int h = cfg.horizon();
        List<double[]> usable = usable(series, h, "NBeatsForecaster.train");
        int k = cfg.members();
        NBeatsEnsemble net = untrained(cfg).net;
        double[] maseScale = new double[usable.size()];
        for (int s = 0; s < usable.size(); s++) maseScale[s] = seasonalNaiveMae(usable.get(s), cfg.period());
        StringBuilder losses = new StringBuilder();
        List<NBeats> members = net.members();
        for (int i = 0; i < k; i++) {
            Generator.manualSeed(cfg.seed() + i);
            io.sequoia.train.Checkpointing c = checkpoints == null ? null : checkpoints.next("nbeats-member" + (i + 1) + "-seed" + (cfg.seed() + i));
            String name = "member " + (i + 1) + "/" + k + (cfg.losses().length > 1 ? " (" + cfg.memberLoss(i).name().toLowerCase(Locale.ROOT) + ")" : "");
            double last = fitMember(members.get(i), cfg.memberLoss(i), usable, maseScale, cfg, log, name, c);
            losses.append(losses.length() == 0 ? "final loss " : ", ").append(String.format(Locale.ROOT, "%.4f", last));
        }
        return new NBeatsForecaster(cfg, net, losses.toString());
    }

    /**
     * The forecaster {@link #train} starts from: the networks built with their initial weights (drawn
     * from the generator seeded with the config's seed), untrained; for trainers that update the
     * members' weights in place elsewhere (data-parallel training).
     */
    public static NBeatsForecaster untrained(NBeatsConfig cfg) {
        int h = cfg.horizon(), k = cfg.members();
        int[] lookbacks = new int[k];
        for (int i = 0; i < k; i++) lookbacks[i] = cfg.memberLookback(i) * h;
        Generator.manualSeed(cfg.seed());
        return new NBeatsForecaster(cfg, new NBeatsEnsemble(cfg.stacks(), h, lookbacks, cfg.blocks(), cfg.width(), cfg.layers(), cfg.degree(), cfg.harmonicsUsed()), "");
    }

    private static double fitMember(NBeats m, NBeatsConfig.Loss lossKind, List<double[]> series, double[] maseScale, NBeatsConfig cfg, PrintStream log, String name,
                                    io.sequoia.train.Checkpointing checkpointing) {
        m.train(true);
        Model model = new Model(m).compile(ps -> new Adam(ps, cfg.lr()));
        int epochs = (cfg.steps() + cfg.stepsPerEpoch() - 1) / cfg.stepsPerEpoch();
        Batches<Window> batches = rng -> {
            List<Window> out = new ArrayList<>(cfg.stepsPerEpoch());
            for (int b = 0; b < cfg.stepsPerEpoch(); b++) out.add(sample(series, maseScale, m.lookback(), cfg, rng));
            return out;
        };
        double[] lastLoss = {Double.NaN};
        long t0 = System.nanoTime();
        Callback logger = new Callback() {
            @Override public void onEpochEnd(Model mo, int epoch, Map<String, Double> logs) {
                lastLoss[0] = logs.getOrDefault("loss", Double.NaN);
                if (log != null) log.printf(Locale.ROOT, "nbeats %s epoch %d/%d loss %.4f (%.0f s)%n", name, epoch + 1, epochs, lastLoss[0], (System.nanoTime() - t0) / 1e9);
            }
        };
        FitOptions o = FitOptions.epochs(epochs).clipNorm(1.0).verbose(0).callbacks(logger).checkpointing(checkpointing);
        if (Double.isFinite(cfg.maxMinutes())) o.maxMinutes(cfg.maxMinutes() / cfg.members());
        io.sequoia.train.History h = model.fit(batches, b -> new StepLoss(loss(m.forward(b.x()), b.y(), b.weight(), lossKind), b.y().size(0)), o);
        m.train(false);
        return lastLoss(h, lastLoss[0]);
    }

    /** The last epoch's loss of {@code h} (restored from a checkpoint when a resumed training had no epoch left), else {@code fallback}. */
    static double lastLoss(io.sequoia.train.History h, double fallback) {
        List<Double> l = h == null || !h.asMap().containsKey("loss") ? List.of() : h.get("loss");
        return l.isEmpty() ? fallback : l.get(l.size() - 1);
    }

    /** The series longer than {@code h} (the others give no training window); fails on a non-finite value or when none is left. */
    static List<double[]> usable(List<double[]> series, int h, String where) {
        List<double[]> usable = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            double[] y = series.get(i);
            for (double v : y) if (!Double.isFinite(v)) throw Errors.arg(where, "series values must be finite", "finite values", v, "series " + i);
            if (y.length > h) usable.add(y);
        }
        if (usable.isEmpty()) throw Errors.arg(where, "at least one series must be longer than the horizon", "> " + h + " points", "none of " + series.size(), null);
        return usable;
    }

    /** One training batch: scaled lookback windows, scaled targets, and per-window MASE weights (level / in-sample scale). */
    record Window(Tensor x, Tensor y, Tensor weight) {}

    private static Window sample(List<double[]> series, double[] maseScale, int lookback, NBeatsConfig cfg, Generator rng) {
        return sample(series, maseScale, lookback, cfg, rng, cfg.batchSize());
    }

    /**
     * The training loss of member {@code m} on {@code n} windows sampled from {@code series} with
     * {@code rng}, as one step of {@link #train} draws and scores them with the member's loss {@code kind}
     * ({@link NBeatsConfig#memberLoss}; {@code maseScale} from {@link #maseScales}); for trainers that run the
     * steps elsewhere (data-parallel training).
     */
    public static StepLoss sampledLoss(NBeats m, NBeatsConfig.Loss kind, List<double[]> series, double[] maseScale, NBeatsConfig cfg, int n, Generator rng) {
        Window b = sample(series, maseScale, m.lookback(), cfg, rng, n);
        return new StepLoss(loss(m.forward(b.x()), b.y(), b.weight(), kind), n);
    }

    /** Each series' in-sample seasonal-naive MAE (the MASE weights' denominators) at {@code period}. */
    public static double[] maseScales(List<double[]> series, int period) {
        double[] s = new double[series.size()];
        for (int i = 0; i < s.length; i++) s[i] = seasonalNaiveMae(series.get(i), period);
        return s;
    }

    private static Window sample(List<double[]> series, double[] maseScale, int lookback, NBeatsConfig cfg, Generator rng, int n) {
        int h = cfg.horizon();
        float[] x = new float[n * lookback], y = new float[n * h], wt = new float[n];
        int limit = (int) Math.ceil(cfg.historyLimit() * h);
        for (int i = 0; i < n; i++) {
            int s = rng.nextInt(series.size());
            double[] v = series.get(s);
            int hi = v.length - h, lo = Math.max(1, hi - limit + 1);   // the first target point: lo..hi
            int origin = lo + rng.nextInt(hi - lo + 1);
            double level = level(v, origin, lookback);
            for (int a = 0; a < lookback; a++) x[i * lookback + a] = (float) (v[Math.max(0, origin - lookback + a)] / level);
            for (int a = 0; a < h; a++) y[i * h + a] = (float) (v[origin + a] / level);
            wt[i] = (float) (level / maseScale[s]);
        }
        return new Window(Tensor.of(x, n, lookback), Tensor.of(y, n, h), Tensor.of(wt, n, 1));
    }

    /** The level of the lookback ending before {@code origin}: the mean absolute observed value (1 when it is 0). */
    static double level(double[] v, int origin, int lookback) {
        double sum = 0;
        int from = Math.max(0, origin - lookback);
        for (int t = from; t < origin; t++) sum += Math.abs(v[t]);
        double l = sum / (origin - from);
        return l > 0 && Double.isFinite(l) ? l : 1;
    }

    /** The mean absolute error of the seasonal naive forecast inside the series (period 1 when too short); 1 when it is 0. */
    static double seasonalNaiveMae(double[] v, int period) {
        int m = v.length > period ? period : 1;
        double sum = 0;
        for (int t = m; t < v.length; t++) sum += Math.abs(v[t] - v[t - m]);
        double s = v.length > m ? sum / (v.length - m) : 0;
        return s > 0 ? s : 1;
    }

    /**
     * The training loss of forecasts {@code f} against targets {@code y}, both (N, H) on the windows'
     * scale: sMAPE (as a fraction, 2|y − f| / (|y| + |f|)), MASE (|y − f| times {@code weight}, (N, 1)),
     * MAPE (as a fraction, |y − f| / |y|) or MAE.
     */
    static Tensor loss(Tensor f, Tensor y, Tensor weight, NBeatsConfig.Loss kind) {
        Tensor err = y.sub(f).abs(); // (N, H)
        return switch (kind) {
            case SMAPE -> err.mul(2).div(y.abs().add(f.abs()).add(1e-8)).mean();
            case MASE -> err.mul(weight).mean();
            case MAPE -> err.div(y.abs().add(1e-8)).mean();
            case MAE -> err.mean();
        };
    }

    /**
     * The forecaster made of the members trained with {@code losses} only (their networks, shared, in
     * the order of {@code losses}), the median of those: e.g. the sMAPE networks of a mixed-loss folder.
     * Fails when a loss has no member here.
     */
    public NBeatsForecaster select(NBeatsConfig.Loss... losses) {
        NBeatsConfig sub = cfg.toBuilder().losses(losses).build();
        List<NBeatsConfig.Loss> have = List.of(cfg.losses());
        int per = cfg.lookbacks().length * cfg.ensemble();
        List<NBeats> all = net.members(), chosen = new ArrayList<>();
        for (NBeatsConfig.Loss l : sub.losses()) {
            int j = have.indexOf(l);
            if (j < 0) throw Errors.arg("NBeatsForecaster.select", "the model has no members trained with this loss", cfg.lossNames(), l.name().toLowerCase(Locale.ROOT), null);
            chosen.addAll(all.subList(j * per, (j + 1) * per));
        }
        return new NBeatsForecaster(sub, new NBeatsEnsemble(cfg.horizon(), chosen), "the " + sub.lossNames() + " members of " + cfg.members());
    }

    /** The forecast of the next {@code horizon()} points after {@code history} (at least one value, all finite). */
    public double[] forecast(double[] history) {
        return forecastAll(List.of(history)).get(0);
    }

    /** The first {@code h} points of {@link #forecast(double[])}, without an interval. */
    @Override public io.sequoia.timeseries.classical.Forecast forecast(double[] history, int h, double level) {
        if (h > horizon()) throw Errors.arg("NBeatsForecaster.forecast", "the network forecasts at most the horizon it was trained for", "<= " + horizon(), h, null);
        return new io.sequoia.timeseries.classical.Forecast(java.util.Arrays.copyOf(forecast(history), h), null, null, level);
    }

    /**
     * Forecasts after each history: every network reads its own lookback, scaled by that window's own
     * level (as in training), and the forecast is the median of the networks' on the series' scale.
     */
    public List<double[]> forecastAll(List<double[]> histories) {
        String w = "NBeatsForecaster.forecast";
        int n = histories.size(), h = cfg.horizon();
        for (int i = 0; i < n; i++) {
            double[] v = histories.get(i);
            if (v == null || v.length == 0) throw Errors.arg(w, "a history needs at least one value", ">= 1 value", 0, "series " + i);
            for (double d : v) if (!Double.isFinite(d)) throw Errors.arg(w, "history values must be finite", "finite values", d, "series " + i);
        }
        List<NBeats> members = net.members();
        double[][][] out = new double[members.size()][][];  // [member][series][step]
        for (int k = 0; k < members.size(); k++) {
            NBeats m = members.get(k);
            int lb = m.lookback();
            float[] x = new float[n * lb];
            double[] levels = new double[n];
            for (int i = 0; i < n; i++) {
                double[] v = histories.get(i);
                levels[i] = level(v, v.length, lb);
                for (int a = 0; a < lb; a++) x[i * lb + a] = (float) (v[Math.max(0, v.length - lb + a)] / levels[i]);
            }
            float[] f;
            synchronized (net) {
                try (var g = GradMode.noGrad()) { f = m.forward(Tensor.of(x, n, lb)).toFloatArray(); }
            }
            out[k] = new double[n][h];
            for (int i = 0; i < n; i++) for (int a = 0; a < h; a++) out[k][i][a] = f[i * h + a] * levels[i];
        }
        List<double[]> res = new ArrayList<>(n);
        double[] buf = new double[members.size()];
        for (int i = 0; i < n; i++) {
            double[] r = new double[h];
            for (int a = 0; a < h; a++) {
                for (int k = 0; k < buf.length; k++) buf[k] = out[k][i][a];
                r[a] = median(buf);
            }
            res.add(r);
        }
        return res;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        int k = c.length;
        return k % 2 == 1 ? c[k / 2] : (c[k / 2 - 1] + c[k / 2]) / 2;
    }

    /** Saves the networks and the settings as a model folder ({@code "task": "global_forecaster"}). */
    public void save(Path dir) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(ModelFolder.TASK_KEY, TASK);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", "nbeats");
        s.put("description", describe());
        s.put("period", cfg.period());
        s.put("loss", cfg.lossNames());              // "smape", or "smape,mase" for members of several losses
        s.put("steps", cfg.steps());
        s.put("batch_size", cfg.batchSize());
        s.put("lr", cfg.lr());
        s.put("history_limit", cfg.historyLimit());
        s.put("seed", cfg.seed());
        s.put("ensemble", cfg.ensemble());
        List<Integer> lb = new ArrayList<>();
        for (int m : cfg.lookbacks()) lb.add(m);
        s.put("lookback_multiples", lb);
        extra.put("global_forecaster", s);
        ModelFolder.saveModule(dir, net, extra);
    }

    /** The losses of a saved folder's comma-separated {@code "loss"} entry. */
    static NBeatsConfig.Loss[] lossesOf(String names) {
        String[] parts = names.split(",", -1);
        NBeatsConfig.Loss[] out = new NBeatsConfig.Loss[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            for (NBeatsConfig.Loss l : NBeatsConfig.Loss.values()) if (l.name().equalsIgnoreCase(p)) out[i] = l;
            if (out[i] == null) throw Errors.arg("NBeatsForecaster.load", "unknown loss", java.util.Arrays.toString(NBeatsConfig.Loss.values()), p, "loss \"" + names + "\"");
        }
        return out;
    }

    /** Loads a folder written by {@link #save}. */
    @SuppressWarnings("unchecked")
    public static NBeatsForecaster load(Path dir) throws IOException {
        ModelFolder.LoadedModule lm = ModelFolder.loadModule(dir);
        if (!(lm.module() instanceof NBeatsEnsemble net)) {
            throw Errors.arg("NBeatsForecaster.load", "the folder must hold an N-BEATS forecaster", "task " + TASK, lm.contents().task(), "folder " + dir);
        }
        Config c = Config.of("global_forecaster", (Map<String, Object>) lm.config().get("global_forecaster"));
        Config a = Config.of("NBeatsEnsemble", net.config());
        NBeatsConfig cfg = NBeatsConfig.builder(net.horizon(), c.integer("period"))
                .stacks(NBeats.Stacks.valueOf(a.string("stacks").toUpperCase(Locale.ROOT))).lookbacks(c.ints("lookback_multiples"))
                .blocks(a.integer("blocks")).width(a.integer("width")).layers(a.integer("layers")).degree(a.integer("degree")).harmonics(a.integer("harmonics"))
                .losses(lossesOf(c.string("loss"))).steps(c.integer("steps")).batchSize(c.integer("batch_size"))
                .lr(c.real("lr")).historyLimit(c.real("history_limit")).seed((long) c.real("seed")).ensemble(c.integer("ensemble")).build();
        return new NBeatsForecaster(cfg, net, "");
    }
}
