package io.sequoia.timeseries.neural;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.optim.Adam;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.classical.Forecaster;
import io.sequoia.timeseries.data.Windows;
import io.sequoia.timeseries.transforms.Scaler;
import io.sequoia.train.Batches;
import io.sequoia.train.EarlyStopping;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import io.sequoia.train.StepLoss;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Neural forecasting on the recurrent and attention layers: one-step autoregression with recursive
 * multi-step forecasts, direct multi-output forecasts, an encoder–decoder, and dynamic regression
 * with past covariates (seen in the lookback window only) and future covariates (known over the
 * horizon too, e.g. calendar or planned values). Target and covariates are standardised on the
 * training part only; windows may be normalised by their last target value. Training runs the one
 * fit loop ({@link Model#fit(Batches, io.sequoia.train.TrainingStep, FitOptions)}): Adam, gradient
 * clipping at {@link NeuralConfig#clipNorm()}, {@link EarlyStopping} on the latest windows of the
 * training part (best weights restored), shuffling and dropout from the seeded global
 * {@link Generator}. Intervals at the level asked for: Gaussian head (negative log-likelihood),
 * quantile head (pinball loss, trained for {@link NeuralConfig#level()}), or MC dropout; recursive
 * forecasts with a Gaussian head or MC dropout are sample paths whose central quantiles bound the interval.
 */
public final class NeuralForecaster implements Forecaster {
    /** Sample paths for recursive forecasts with a stochastic head or MC dropout. */
    public static final int RECURSIVE_PATHS = 200;

    private final NeuralConfig cfg;
    private ForecastNet net;
    private Scaler yScale;
    private Scaler[] pastScale, futScale;
    private double[] history;          // scaled target
    private double[][] pastHist, futHist; // scaled covariates, [time][k]
    private int epochsRun;
    private double bestVal = Double.NaN;
    private io.sequoia.train.Checkpointing checkpointing;
    private boolean interrupted;

    public NeuralForecaster(NeuralConfig cfg) { this.cfg = cfg; }

    public NeuralConfig config() { return cfg; }

    /**
     * Checkpoints the training of the next {@link #fit} (and resumes it) as {@code c} says; null = none.
     * Scalers and windows are recomputed from the data; the checkpoint holds the network's training.
     */
    public NeuralForecaster checkpointing(io.sequoia.train.Checkpointing c) { checkpointing = c; return this; }

    /** Whether the last fit was stopped before its end by a planned stop ({@link io.sequoia.train.Checkpointing#stopAfterSteps}). */
    public boolean interrupted() { return interrupted; }

    @Override public String name() {
        return switch (cfg.arch()) { case LSTM -> "lstm"; case GRU -> "gru"; case SEQ2SEQ -> "seq2seq"; case TRANSFORMER -> "transformer"; };
    }

    /** The trained network (null before {@link #fit}). */
    public ForecastNet network() { return net; }

    /** The target's scaler, fitted on the training series (null before {@link #fit}). */
    public Scaler targetScaler() { return yScale; }

    /** Whether the model was fitted with covariates (it then needs them to forecast, and cannot be restored). */
    public boolean usesCovariates() { return pastHist != null || futHist != null; }

    /**
     * A fitted forecaster from saved parts: a network trained without covariates and its target
     * scaler, forecasting after {@code history} (the series on the training series' scale, at least
     * {@code lookback} values) instead of the series it was trained on (for model folders and serving).
     */
    public static NeuralForecaster restore(NeuralConfig cfg, ForecastNet net, Scaler yScale, double[] history) {
        String where = "NeuralForecaster.restore";
        if (net == null || yScale == null) throw Errors.arg(where, "the network and the scaler are required", "non-null", net + ", " + yScale, null);
        if (history == null || history.length < cfg.lookback()) {
            throw Errors.arg(where, "the history must cover the lookback window", ">= " + cfg.lookback() + " values", history == null ? "none" : history.length + " values", null);
        }
        for (double v : history) if (!Double.isFinite(v)) throw Errors.arg(where, "the history must be finite numbers", "finite values", v, null);
        NeuralForecaster f = new NeuralForecaster(cfg);
        f.net = net;
        f.yScale = yScale;
        f.history = yScale.forward(history);
        net.train(false);
        return f;
    }

    /** Fits with future-known covariates only ({@code xreg}, may be null). */
    @Override public NeuralForecaster fit(double[] y, double[][] xreg) { return fit(y, null, xreg); }

    /** Fits on {@code y} with past-only covariates {@code pastCov} and future-known covariates {@code futureCov} ({@code [time][k]}, each may be null). */
    public NeuralForecaster fit(double[] y, double[][] pastCov, double[][] futureCov) {
        String where = "NeuralForecaster.fit";
        if (cfg.strategy() == NeuralConfig.Strategy.RECURSIVE && pastCov != null && cfg.horizon() > 1) {
            throw Errors.arg(where, "recursive forecasts cannot use covariates known only in the past", "future covariates or none", "past covariates",
                    "Hint: use the direct strategy or pass them as future covariates");
        }
        int need = cfg.lookback() + cfg.netHorizon() + 2;
        if (y.length < need) throw Errors.arg(where, "series too short for lookback + horizon", ">= " + need, y.length, "lookback " + cfg.lookback() + ", horizon " + cfg.netHorizon());
        Generator.manualSeed(cfg.seed());
        yScale = Scaler.standard(y);
        history = yScale.forward(y);
        pastScale = scalers(pastCov);
        futScale = scalers(futureCov);
        pastHist = scale(pastCov, pastScale);
        futHist = scale(futureCov, futScale);
        Windows w = Windows.of(history, join(pastHist, futHist), futHist, cfg.lookback(), cfg.netHorizon(), 1);
        int features = 1 + width(pastHist) + width(futHist), kf = width(futHist);
        net = new ForecastNet(cfg, features, kf);
        // validation: the latest windows; training windows must end before the first validation target
        int n = w.size(), nVal = cfg.validationFraction() > 0 ? Math.max(1, (int) Math.round(n * cfg.validationFraction())) : 0;
        int valStart = n - nVal;
        int trainCount = 0;
        for (int i = 0; i < valStart; i++) if (nVal == 0 || w.origins()[i] + cfg.netHorizon() <= w.origins()[valStart]) trainCount++;
        if (trainCount < 1) throw Errors.arg(where, "no training windows are left after the validation split", ">= 1", 0, n + " windows, " + nVal + " for validation");
        int[] valIdx = new int[nVal];
        for (int i = 0; i < nVal; i++) valIdx[i] = valStart + i;
        train(w, trainCount, valIdx);
        return this;
    }

    private void train(Windows w, int trainCount, int[] valIdx) {
        Model model = new Model(net).compile(ps -> new Adam(ps, cfg.lr()));
        Batches<Batch> batches = Batches.ofIndices(trainCount, cfg.batchSize(), true, idx -> batch(w, idx));
        FitOptions options = FitOptions.epochs(cfg.epochs()).clipNorm(cfg.clipNorm()).maxMinutes(cfg.maxMinutes()).verbose(0).checkpointing(checkpointing);
        EarlyStopping stopping = null;
        if (valIdx.length > 0) {
            Batch val = batch(w, valIdx);
            stopping = new EarlyStopping("val_loss", 0, cfg.patience(), "min", true);
            options.validation(() -> Map.of("loss", loss(net.forward(val.past, val.future), val.target).item())).callbacks(stopping);
        }
        History history = model.fit(batches, b -> new StepLoss(loss(net.forward(b.past, b.future), b.target), b.target.size(0)), options);
        epochsRun = history.epochs();
        interrupted = history.interrupted();
        bestVal = stopping == null ? Double.NaN : stopping.best();
        net.train(false);
    }

    private record Batch(Tensor past, Tensor future, Tensor target) {}

    private Batch batch(Windows w, int[] idx) {
        int n = idx.length, l = cfg.lookback(), h = cfg.netHorizon(), f = w.past()[0][0].length, kf = width(futHist);
        float[] p = new float[n * l * f], fu = new float[n * h * kf], t = new float[n * h];
        for (int i = 0; i < n; i++) {
            int s = idx[i];
            double base = inputBase(w.past()[s][l - 1][0]);
            for (int a = 0; a < l; a++) for (int c = 0; c < f; c++) p[(i * l + a) * f + c] = (float) (w.past()[s][a][c] - (c == 0 ? base : 0));
            for (int a = 0; a < h; a++) {
                t[i * h + a] = (float) (w.target()[s][a] - targetBase(w.past()[s][l - 1][0], a, k -> w.past()[s][l - k][0]));
                for (int c = 0; c < kf; c++) fu[(i * h + a) * kf + c] = (float) w.future()[s][a][c];
            }
        }
        return new Batch(Tensor.of(p, n, l, f), kf > 0 ? Tensor.of(fu, n, h, kf) : null, Tensor.of(t, n, h));
    }

    /** Loss of output (N, H, O) against target (N, H). */
    private Tensor loss(Tensor out, Tensor target) {
        int n = out.size(0), h = out.size(1);
        switch (cfg.head()) {
            case POINT -> { return out.reshape(n, h).sub(target).square().mean(); }
            case GAUSSIAN -> {
                Tensor mu = out.select(2, 0), sd = out.select(2, 1).softplus().add(1e-3); // (N, H)
                Tensor z = target.sub(mu).div(sd);
                return sd.log().add(z.square().mul(0.5)).mean();
            }
            default -> {
                double[] qs = quantiles();
                Tensor total = null;
                for (int k = 0; k < 3; k++) {
                    Tensor e = target.sub(out.select(2, k)); // (N, H)
                    Tensor pin = e.relu().mul(qs[k]).add(e.neg().relu().mul(1 - qs[k])).mean();
                    total = total == null ? pin : total.add(pin);
                }
                return total;
            }
        }
    }

    /** The quantile head's three quantiles: the central interval at the configured level and the median. */
    private double[] quantiles() { return new double[]{(1 - cfg.level()) / 2, 0.5, (1 + cfg.level()) / 2}; }

    @Override public Forecast forecast(int h, double[][] futureXreg, double lvl) {
        String where = "NeuralForecaster.forecast";
        if (net == null) throw Errors.state(where, "the model has not been fitted", "call fit first");
        if (h < 1) throw Errors.arg(where, "horizon must be at least 1", ">= 1", h, null);
        int kf = width(futHist);
        if (kf > 0 && (futureXreg == null || futureXreg.length < h)) {
            throw Errors.arg(where, "future covariates are needed for every forecast step", ">= " + h + " rows", futureXreg == null ? "none" : futureXreg.length + " rows", null);
        }
        if (cfg.strategy() == NeuralConfig.Strategy.DIRECT && h > cfg.horizon()) {
            throw Errors.arg(where, "a direct model forecasts at most the horizon it was trained for", "<= " + cfg.horizon(), h, "Hint: train with --horizon " + h);
        }
        double[][] fut = scale(futureXreg == null ? null : Arrays.copyOf(futureXreg, h), futScale);
        if (!(lvl > 0 && lvl < 1)) throw Errors.arg(where, "level must be in (0, 1)", "0 < level < 1", lvl, null);
        if (cfg.head() == NeuralConfig.Head.QUANTILE && cfg.strategy() == NeuralConfig.Strategy.DIRECT && Math.abs(lvl - cfg.level()) > 1e-9) {
            throw Errors.arg(where, "a quantile head gives intervals only at the level it was trained for", cfg.level(), lvl,
                    "Hint: build the configuration with level " + lvl);
        }
        Forecast scaled = cfg.strategy() == NeuralConfig.Strategy.RECURSIVE ? recursive(h, fut, lvl) : direct(h, fut, lvl);
        return scaled.map(yScale::inverse);
    }

    private int passes() { return cfg.mcSamples() > 0 ? cfg.mcSamples() : 1; }

    /** Direct forecast in scaled units: quantile-head bounds, or mean ± z·sd for a Gaussian head or MC dropout, or no interval. */
    private Forecast direct(int h, double[][] fut, double lvl) {
        int passes = passes(), l = cfg.lookback(), hn = cfg.netHorizon();
        int n0 = history.length;
        double base = inputBase(history[n0 - 1]);
        double[] tb = new double[h];
        for (int i = 0; i < h; i++) tb[i] = targetBase(history[n0 - 1], i, k -> history[n0 - k]);
        Tensor past = pastTensor(history, pastHist, futHist, history.length, 1, base);
        Tensor future = fut == null ? null : futureTensor(fut, hn, 1);
        double[][] mus = new double[passes][h], sds = new double[passes][h], qlo = new double[passes][h], qhi = new double[passes][h];
        net.train(cfg.mcSamples() > 0);
        if (cfg.mcSamples() > 0) Generator.manualSeed(cfg.seed() + 1); // the same dropout masks on every call: forecasts repeat
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int s = 0; s < passes; s++) {
                Tensor o = net.forward(past, future); // (1, H, O)
                for (int i = 0; i < h; i++) {
                    mus[s][i] = o.get(0, i, cfg.head() == NeuralConfig.Head.QUANTILE ? 1 : 0) + tb[i];
                    if (cfg.head() == NeuralConfig.Head.GAUSSIAN) sds[s][i] = Math.log1p(Math.exp(o.get(0, i, 1))) + 1e-3;
                    if (cfg.head() == NeuralConfig.Head.QUANTILE) { qlo[s][i] = o.get(0, i, 0) + tb[i]; qhi[s][i] = o.get(0, i, 2) + tb[i]; }
                }
            }
        }
        net.train(false);
        double[] mean = new double[h], sd = new double[h], lo = new double[h], hi = new double[h];
        for (int i = 0; i < h; i++) {
            double m = 0, v = 0, spread = 0;
            for (int s = 0; s < passes; s++) { m += mus[s][i] / passes; v += sds[s][i] * sds[s][i] / passes; lo[i] += qlo[s][i] / passes; hi[i] += qhi[s][i] / passes; }
            for (int s = 0; s < passes; s++) spread += (mus[s][i] - m) * (mus[s][i] - m) / passes;
            mean[i] = m;
            sd[i] = Math.sqrt(v + spread);
        }
        boolean intervals = cfg.head() != NeuralConfig.Head.POINT || passes > 1;
        if (cfg.head() == NeuralConfig.Head.QUANTILE) {
            for (int i = 0; i < h; i++) { // rearrangement: crossed quantiles are sorted (lower <= median <= upper)
                double[] q = {lo[i], mean[i], hi[i]};
                Arrays.sort(q);
                lo[i] = q[0]; mean[i] = q[1]; hi[i] = q[2];
            }
            return new Forecast(mean, lo, hi, lvl);
        }
        return intervals ? Forecast.gaussian(mean, sd, lvl) : new Forecast(mean, null, null, lvl);
    }

    /** Recursive forecast in scaled units by sample paths (one path when deterministic); intervals are the paths' central quantiles at {@code lvl}. */
    private Forecast recursive(int h, double[][] fut, double lvl) {
        boolean stochastic = cfg.head() == NeuralConfig.Head.GAUSSIAN || cfg.mcSamples() > 0;
        int paths = stochastic ? Math.max(RECURSIVE_PATHS, cfg.mcSamples()) : 1, n0 = history.length, kf = width(futHist);
        double[][] ys = new double[paths][n0 + h];
        for (double[] p : ys) System.arraycopy(history, 0, p, 0, n0);
        double[][] fcov = futHist == null ? null : new double[n0 + h][];
        if (fcov != null) { System.arraycopy(futHist, 0, fcov, 0, n0); System.arraycopy(fut, 0, fcov, n0, h); }
        Generator rnd = new Generator(cfg.seed() + 1);
        net.train(cfg.mcSamples() > 0);
        if (cfg.mcSamples() > 0) Generator.manualSeed(cfg.seed() + 1); // the same dropout masks on every call: forecasts repeat
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int i = 0; i < h; i++) {
                int end = n0 + i, l = cfg.lookback(), f = 1 + kf;
                float[] p = new float[paths * l * f];
                for (int s = 0; s < paths; s++) {
                    double base = inputBase(ys[s][end - 1]);
                    for (int a = 0; a < l; a++) {
                        int t = end - l + a;
                        p[(s * l + a) * f] = (float) (ys[s][t] - base);
                        for (int c = 0; c < kf; c++) p[(s * l + a) * f + 1 + c] = (float) fcov[t][c];
                    }
                }
                Tensor future = null;
                if (kf > 0) {
                    float[] fu = new float[paths * kf];
                    for (int s = 0; s < paths; s++) for (int c = 0; c < kf; c++) fu[s * kf + c] = (float) fcov[end][c];
                    future = Tensor.of(fu, paths, 1, kf);
                }
                Tensor o = net.forward(Tensor.of(p, paths, l, f), future); // (paths, 1, O)
                for (int s = 0; s < paths; s++) {
                    final double[] path = ys[s];
                    double mu = o.get(s, 0, cfg.head() == NeuralConfig.Head.QUANTILE ? 1 : 0) + targetBase(path[end - 1], 0, k -> path[end - k]);
                    if (cfg.head() == NeuralConfig.Head.GAUSSIAN) mu += (Math.log1p(Math.exp(o.get(s, 0, 1))) + 1e-3) * rnd.nextGaussian();
                    ys[s][end] = mu;
                }
            }
        }
        net.train(false);
        double[] mean = new double[h], lo = new double[h], hi = new double[h];
        for (int i = 0; i < h; i++) {
            double[] v = new double[paths];
            for (int s = 0; s < paths; s++) { v[s] = ys[s][n0 + i]; mean[i] += v[s] / paths; }
            double[] band = centralInterval(v, lvl);
            lo[i] = band[0];
            hi[i] = band[1];
        }
        return stochastic ? new Forecast(mean, lo, hi, lvl) : new Forecast(mean, null, null, lvl);
    }

    /**
     * The central {@code level} interval of a sample: its empirical (1 − level)/2 and (1 + level)/2
     * quantiles (order statistics rounded outwards, so at least {@code level} of the sample lies inside).
     */
    static double[] centralInterval(double[] sample, double level) {
        double[] v = sample.clone();
        Arrays.sort(v);
        int n = v.length;
        return new double[]{v[(int) Math.floor((1 - level) / 2 * (n - 1))], v[(int) Math.ceil((1 + level) / 2 * (n - 1))]};
    }

    private double inputBase(double last) { return cfg.normalize() == NeuralConfig.Normalize.NONE ? 0 : last; }

    /** What the network's output for step {@code a} (0-based) is added to; {@code back.apply(k)} is the value k steps before the origin. */
    private double targetBase(double last, int a, java.util.function.IntToDoubleFunction back) {
        return switch (cfg.normalize()) {
            case NONE -> 0;
            case LAST -> last;
            case SEASONAL -> back.applyAsDouble(cfg.period() - a % cfg.period());
        };
    }

    private Tensor pastTensor(double[] y, double[][] pc, double[][] fc, int end, int n, double base) {
        int l = cfg.lookback(), kp = width(pc), kf = width(fc), f = 1 + kp + kf;
        float[] p = new float[l * f];
        for (int a = 0; a < l; a++) {
            int t = end - l + a;
            p[a * f] = (float) (y[t] - base);
            for (int c = 0; c < kp; c++) p[a * f + 1 + c] = (float) pc[t][c];
            for (int c = 0; c < kf; c++) p[a * f + 1 + kp + c] = (float) fc[t][c];
        }
        return Tensor.of(p, n, l, f);
    }

    private static Tensor futureTensor(double[][] fut, int steps, int n) {
        int kf = fut[0].length;
        float[] fu = new float[steps * kf];
        for (int a = 0; a < Math.min(steps, fut.length); a++) for (int c = 0; c < kf; c++) fu[a * kf + c] = (float) fut[a][c];
        return Tensor.of(fu, n, steps, kf);
    }

    private static int width(double[][] m) { return m == null ? 0 : m[0].length; }

    private static Scaler[] scalers(double[][] m) {
        if (m == null) return null;
        Scaler[] s = new Scaler[m[0].length];
        for (int c = 0; c < s.length; c++) {
            double[] col = new double[m.length];
            for (int t = 0; t < m.length; t++) col[t] = m[t][c];
            s[c] = Scaler.standard(col);
        }
        return s;
    }

    private static double[][] scale(double[][] m, Scaler[] s) {
        if (m == null) return null;
        double[][] o = new double[m.length][s.length];
        for (int t = 0; t < m.length; t++) for (int c = 0; c < s.length; c++) o[t][c] = s[c].forward(m[t][c]);
        return o;
    }

    private static double[][] join(double[][] a, double[][] b) {
        if (a == null) return b;
        if (b == null) return a;
        double[][] o = new double[a.length][];
        for (int t = 0; t < a.length; t++) {
            o[t] = Arrays.copyOf(a[t], a[t].length + b[t].length);
            System.arraycopy(b[t], 0, o[t], a[t].length, b[t].length);
        }
        return o;
    }

    /** Training summary: epochs run, best validation loss, parameter count. */
    @Override public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (net == null) return m;
        m.put("epochs", (double) epochsRun);
        m.put("val_loss", bestVal);
        m.put("parameters", (double) net.parameterCount());
        return m;
    }
}
