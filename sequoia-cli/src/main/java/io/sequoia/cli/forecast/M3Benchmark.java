package io.sequoia.cli.forecast;

import io.sequoia.cli.Usage;
import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.Backtest;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.neural.NeuralConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code sequoia bench m3}: the M3 benchmark (a lab run, not a test). Reads a sheet of the M3 data
 * saved as CSV ({@code Series,N,NF,Category,Starting Year,Starting Month|Quarter|…,values…}); the
 * last NF values of each series are the test, the rest trains; the period comes from the header
 * (Month 12, Quarter 4, otherwise 1). Every series is one {@link Backtest#holdOut} of the library's
 * {@link ForecasterCatalog}, as {@code sequoia forecast --holdout NF} runs it; classical models run
 * on all cores (series in parallel), neural ones on one series at a time. Prints mean sMAPE, MASE and
 * 95 % coverage per model, or one JSON line per model with {@code --json}. Unlike {@code forecast}, its intervals are
 * conformal by default ({@link #DEFAULT_INTERVALS}).
 */
@Command(name = "m3", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"M3 benchmark: mean sMAPE, MASE and interval coverage per model over the series of one M3 sheet.",
                "Example: sequoia bench m3 --data ../shared/data/m3/M3C_monthly.csv --models theta,dotm,comb"})
public final class M3Benchmark implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--data", description = "An M3 sheet as CSV (default: ${DEFAULT-VALUE}).") Path csv = Paths.get("..", "shared", "data", "m3", "M3C_monthly.csv");
    @Option(names = {"--models", "--model"}, split = ",(?![^()]*\\))", splitSynopsisLabel = ",", description = "Models as in sequoia forecast, e.g. theta,dotm,comb,comb(ets,theta,dotm) (default: snaive,theta).") List<String> models = List.of("snaive", "theta");
    @Option(names = "--every", description = "Use every k-th series (default: ${DEFAULT-VALUE}, all).") int every = 1;
    @Option(names = "--threads", description = "Series fitted at once by classical models (default: the cores, ${DEFAULT-VALUE}).") int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--json", description = "One JSON line per model instead of a table.") boolean json;
    @Option(names = "--auto-top", description = "auto: average the best K candidates of its backtest (default: ${DEFAULT-VALUE}).") int autoTop = ForecasterCatalog.DEFAULT_AUTO_TOP;
    // the benchmark's neural configuration (documented in docs/labs.md): smaller and shorter than the forecast command's defaults
    @Option(names = "--epochs", description = "Neural: maximum epochs (default: ${DEFAULT-VALUE}).") int epochs = 100;
    @Option(names = "--hidden", description = "Neural: hidden size (default: ${DEFAULT-VALUE}).") int hidden = 16;
    @Option(names = "--patience", description = "Neural: early-stopping patience (default: ${DEFAULT-VALUE}).") int patience = 20;
    @Option(names = "--validate", description = "Drop each series' test (its last NF points) first, and score on the last NF points of the training part: for tuning without the test.") boolean validate;
    /** --nbeats-*: the global model, trained once on the training parts of all series. */
    @picocli.CommandLine.Mixin NBeatsOptions nbeats = new NBeatsOptions();
    private io.sequoia.timeseries.global.NBeatsForecaster global;
    /** --deepar-*: the global DeepAR model, trained once on the training parts of all series. */
    @picocli.CommandLine.Mixin DeepArOptions deepar = new DeepArOptions();
    /** --intervals model|conformal, --conformal-windows N. */
    @picocli.CommandLine.Mixin IntervalOptions intervals = new IntervalOptions();
    /**
     * The intervals without --intervals: conformal, where a series is long enough for them (the others keep the model's own;
     * the JSON line counts both). Measured on all of M3 monthly, ETS's own 95 % intervals cover 91.2 % and ARIMA's 90.8 %,
     * the conformal ones 93.2 % and 93.7 % (docs/labs.md, issue 15). {@code --intervals model} gives the models' own, and
     * the fits alone (no calibration windows: about half the CPU time).
     */
    static final io.sequoia.timeseries.Conformal.Intervals DEFAULT_INTERVALS = io.sequoia.timeseries.Conformal.Intervals.CONFORMAL;
    private io.sequoia.timeseries.global.DeepArForecaster deeparModel;

    public static void main(String[] args) { System.exit(new CommandLine(new M3Benchmark()).execute(args)); }

    /** One series of a sheet. */
    record Series(String name, double[] y, int horizon) {}

    /** Scores of one model on one series (NaN when it failed). */
    record Score(double smape, double mase, double coverage, double seconds, String failure, boolean conformal) {}

    @Override public Integer call() throws Exception {
        if (every < 1) throw Usage.error(spec, "--every must be at least 1, got " + every);
        if (autoTop < 1) throw Usage.error(spec, "--auto-top must be at least 1, got " + autoTop);
        if (threads < 1) throw Usage.error(spec, "--threads must be at least 1, got " + threads);
        intervals.check(spec, DEFAULT_INTERVALS);
        ModelKind.Selection sel;
        try { sel = ModelKind.Selection.parse(models); }
        catch (IllegalArgumentException e) { throw Usage.error(spec, "--models: " + e.getMessage()); }
        nbeats.check(spec, sel);
        deepar.check(spec, sel);
        if (!Files.isRegularFile(csv)) throw Usage.error(spec, "--data: no such file: " + csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int period = periodOf(lines.get(0));
        List<Series> series = new ArrayList<>();
        for (int li = 1; li < lines.size(); li += every) {
            if (lines.get(li).isBlank()) continue;
            Series s = parse(lines.get(li), csv.getFileName() + ":" + (li + 1));
            if (validate) {
                if (s.y().length <= 2 * s.horizon()) throw Errors.arg("M3Benchmark", "--validate needs series longer than twice NF", "> " + 2 * s.horizon(), s.y().length, csv.getFileName() + ":" + (li + 1));
                s = new Series(s.name(), Arrays.copyOf(s.y(), s.y().length - s.horizon()), s.horizon());
            }
            series.add(s);
        }
        if (NBeatsOptions.used(sel)) global = trainGlobal(series, period);
        if (DeepArOptions.used(sel)) deeparModel = trainDeepAr(series, period);
        if (!json) System.out.printf(Locale.ROOT, "M3 %s, %d series, period %d%n%-28s %8s %8s %9s %8s %9s %10s%n", csv.getFileName(), series.size(), period,
                "model", "sMAPE%", "MASE", "coverage", "series", "failures", "seconds");
        for (ModelKind m : sel.kinds()) {
            long t0 = System.nanoTime();
            List<Score> scores = run(m, sel, series, period);
            double wall = (System.nanoTime() - t0) / 1e9;
            report(sel.label(m), scores, wall);
        }
        return 0;
    }

    /** The global model, trained once on every series' training part (all but its last NF points). */
    private io.sequoia.timeseries.global.NBeatsForecaster trainGlobal(List<Series> series, int period) throws java.io.IOException {
        List<double[]> parts = trainingParts(series, "nbeats");
        long t0 = System.nanoTime();
        io.sequoia.timeseries.global.NBeatsForecaster f = nbeats.obtain(parts, series.get(0).horizon(), period, System.err);
        reportTraining("nbeats", nbeats.load != null, parts.size(), (System.nanoTime() - t0) / 1e9, f.describe());
        return f;
    }

    /** The global DeepAR model, trained once on every series' training part. */
    private io.sequoia.timeseries.global.DeepArForecaster trainDeepAr(List<Series> series, int period) throws java.io.IOException {
        List<double[]> parts = trainingParts(series, "deepar");
        long t0 = System.nanoTime();
        io.sequoia.timeseries.global.DeepArForecaster f = deepar.obtain(parts, series.get(0).horizon(), period, System.err);
        reportTraining("deepar", deepar.load != null, parts.size(), (System.nanoTime() - t0) / 1e9, f.describe());
        return f;
    }

    /** Every series' training part (all but its last NF points); a global model needs one NF for all. */
    private static List<double[]> trainingParts(List<Series> series, String model) {
        int h = series.get(0).horizon();
        List<double[]> parts = new ArrayList<>();
        for (Series s : series) {
            if (s.horizon() != h) throw Errors.arg("M3Benchmark", model + " needs one horizon (NF) for all series", "NF " + h, s.horizon(), s.name());
            parts.add(Arrays.copyOf(s.y(), s.y().length - h));
        }
        return parts;
    }

    private void reportTraining(String model, boolean loaded, int count, double secs, String description) {
        if (json) System.out.println(io.sequoia.cli.JsonLine.fields("model", model + " (" + (loaded ? "loaded" : "training") + ")", "series", count,
                "seconds", io.sequoia.cli.JsonLine.rounded(secs, 2), "description", description));
        else System.out.printf(Locale.ROOT, "%s %s in %.1f s: %s%n", model, loaded ? "loaded" : "trained", secs, description);
    }

    private List<Score> run(ModelKind m, ModelKind.Selection sel, List<Series> series, int period) throws Exception {
        boolean neural = m.isNeural() || (m == ModelKind.COMB && sel.members().stream().anyMatch(ModelKind::isNeural));
        ExecutorService pool = Executors.newFixedThreadPool(neural ? 1 : threads);
        try {
            List<Future<Score>> out = new ArrayList<>();
            int[] done = {0};
            for (Series s : series) out.add(pool.submit(() -> {
                Score sc = score(m, sel, s, period);
                synchronized (done) { if (++done[0] % 500 == 0 && !json) System.err.printf(Locale.ROOT, "%s: %d/%d series%n", sel.label(m), done[0], series.size()); }
                return sc;
            }));
            List<Score> scores = new ArrayList<>();
            for (Future<Score> f : out) scores.add(f.get());
            return scores;
        } finally {
            pool.shutdown();
        }
    }

    private Score score(ModelKind m, ModelKind.Selection sel, Series s, int period) {
        int n = s.y().length, h = s.horizon(), train = n - h;
        long t0 = System.nanoTime();
        try {
            // short series: a one-period lookback and no validation split (too few windows to hold any back)
            int lb = train >= 80 ? 2 * Math.max(period, 6) : Math.max(period, 6);
            NeuralConfig nc = NeuralConfig.forPeriod(period).toBuilder().lookback(lb).hiddenSize(hidden).epochs(epochs).patience(patience)
                    .validationFraction(train - lb - h >= 40 ? NeuralConfig.DEFAULT_VALID_FRACTION : 0)
                    .normalize(NeuralConfig.defaultNormalize(period, lb)).build();
            ForecasterCatalog cat = ForecasterCatalog.builder(h, period).neural(nc).combination(sel.members(), sel.median()).autoTop(autoTop).global(global).deepar(deeparModel)
                    .intervals(intervals.mode(DEFAULT_INTERVALS), intervals.windows()).build();
            Backtest.Result r = Backtest.holdOut(cat, n).run(m, s.y(), null, null, null);
            double cov = r.metrics().getOrDefault("coverage", Double.NaN);
            boolean conformal = r.conformal() != null && !r.conformal().isFallback();
            return new Score(r.metrics().get("smape"), r.metrics().get("mase"), cov, (System.nanoTime() - t0) / 1e9, null, conformal);
        } catch (RuntimeException e) {
            return new Score(Double.NaN, Double.NaN, Double.NaN, (System.nanoTime() - t0) / 1e9, s.name() + ": " + e.getMessage(), false);
        }
    }

    private void report(String label, List<Score> scores, double wall) {
        double smape = 0, mase = 0, cov = 0, cpu = 0, covConf = 0, covModel = 0;
        int ok = 0, masen = 0, covn = 0, conformal = 0, covConfN = 0, covModelN = 0;
        List<String> failures = new ArrayList<>();
        for (Score s : scores) {
            cpu += s.seconds();
            if (s.failure() != null) { failures.add(s.failure()); continue; }
            smape += s.smape();
            ok++;
            if (Double.isFinite(s.mase())) { mase += s.mase(); masen++; }
            if (s.conformal()) conformal++;
            if (Double.isFinite(s.coverage())) {
                cov += s.coverage();
                covn++;
                if (s.conformal()) { covConf += s.coverage(); covConfN++; } else { covModel += s.coverage(); covModelN++; }
            }
        }
        smape /= Math.max(1, ok);
        mase /= Math.max(1, masen);
        cov = covn == 0 ? Double.NaN : cov / covn;
        boolean asked = intervals.mode(DEFAULT_INTERVALS) == io.sequoia.timeseries.Conformal.Intervals.CONFORMAL;
        if (json) {
            java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("model", label);
            row.put("smape", io.sequoia.cli.JsonLine.rounded(smape, 4));
            row.put("mase", io.sequoia.cli.JsonLine.rounded(mase, 4));
            row.put("coverage", io.sequoia.cli.JsonLine.rounded(cov, 4));
            row.put("series", ok);
            row.put("failures", failures.size());
            row.put("seconds", io.sequoia.cli.JsonLine.rounded(wall, 2));
            row.put("series_seconds", io.sequoia.cli.JsonLine.rounded(cpu, 2));
            row.put("threads", threads);
            if (asked) {   // with --intervals conformal: how many series got conformal intervals, and the coverage of those and of the rest
                row.put("intervals", "conformal");
                row.put("conformal_series", conformal);
                row.put("coverage_conformal", num(covConf, covConfN));
                row.put("coverage_model_fallback", num(covModel, covModelN));
            }
            System.out.println(io.sequoia.cli.JsonLine.of(row));
        } else {
            System.out.printf(Locale.ROOT, "%-28s %8.2f %8.3f %9s %8d %9d %10.1f%n", label, smape, mase,
                    Double.isNaN(cov) ? "-" : String.format(Locale.ROOT, "%.3f", cov), ok, failures.size(), wall);
        }
        if (asked && conformal < ok) {
            spec.commandLine().getErr().printf(Locale.ROOT, "  warning: %s: %d of %d series were too short for conformal intervals and keep the model's own%n", label, ok - conformal, ok);
            spec.commandLine().getErr().flush();
        }
        for (int i = 0; i < Math.min(5, failures.size()); i++) System.err.println("  failed: " + failures.get(i));
        if (failures.size() > 5) System.err.println("  ... and " + (failures.size() - 5) + " more failures");
    }

    /** The mean {@code sum / n} rounded as the JSON line prints it; NaN (left out of the line) when {@code n} is 0. */
    private static double num(double sum, int n) { return n == 0 ? Double.NaN : io.sequoia.cli.JsonLine.rounded(sum / n, 4); }

    /** The seasonal period from the sixth header column: Starting Month 12, Starting Quarter 4, else 1. */
    static int periodOf(String header) {
        String[] c = header.split(",", -1);
        if (c.length < 7 || !c[0].trim().equalsIgnoreCase("Series")) {
            throw Errors.arg("M3Benchmark", "an M3 sheet starts with Series,N,NF,Category,Starting Year,Starting Month|Quarter|...", "that header", header, null);
        }
        String unit = c[5].trim().toLowerCase(Locale.ROOT);
        return unit.contains("month") ? 12 : unit.contains("quarter") ? 4 : 1;
    }

    static Series parse(String line, String where) {
        String[] c = line.split(",", -1);
        try {
            int n = Integer.parseInt(c[1].trim()), nf = Integer.parseInt(c[2].trim());
            if (nf < 1 || nf >= n) throw Errors.arg("M3Benchmark", "NF must be between 1 and N - 1", "1..." + (n - 1), nf, where);
            if (c.length < 6 + n) throw Errors.arg("M3Benchmark", "a row holds N values after six columns", 6 + n + " columns", c.length, where);
            double[] y = new double[n];
            for (int t = 0; t < n; t++) y[t] = Double.parseDouble(c[6 + t].trim());
            return new Series(c[0].trim(), y, nf);
        } catch (NumberFormatException e) {
            throw Errors.arg("M3Benchmark", "N, NF and the values must be numbers", "numbers", e.getMessage(), where);
        }
    }

    @Override public String toString() { return "m3 " + Arrays.toString(models.toArray()); }
}
