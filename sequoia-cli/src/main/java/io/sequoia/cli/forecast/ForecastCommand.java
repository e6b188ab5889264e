package io.sequoia.cli.forecast;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.data.SeriesCsv;
import io.sequoia.timeseries.data.TimeKey;
import io.sequoia.timeseries.data.TimeSeries;
import io.sequoia.timeseries.data.TimeSplit;
import io.sequoia.timeseries.metrics.ForecastMetrics;
import io.sequoia.timeseries.neural.NeuralConfig;
import io.sequoia.timeseries.transforms.BoxCox;
import io.sequoia.timeseries.transforms.PointTransform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia forecast}: fits classical and neural forecasters to a series from a CSV file and
 * compares them on the same split (hold-out {@code --test N} or rolling-origin {@code --backtest N}),
 * or forecasts beyond the end of the series. Prints a table; {@code --json} ends with one JSON line.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast a time series with classical and neural models and compare them on one split.",
                "Example: sequoia forecast --csv ../shared/data/timeseries/airline-passengers.csv --target Passengers "
                        + "--transform log --model snaive,sarima,holt-winters,lstm --test 24 --order 0,1,1 --seasonal 0,1,1,12"})
public final class ForecastCommand implements Callable<Integer> {
    @Option(names = "--csv", required = true, description = "CSV file with a header row.") Path csv;
    @Option(names = "--target", required = true, description = "Column to forecast.") String target;
    @Option(names = "--time", description = "Time column (default: the first column unless it is the target).") String time;
    @Option(names = "--covariates", split = ",", description = "Covariates known only in the past (neural models see them in the lookback window).") List<String> covariates = new ArrayList<>();
    @Option(names = "--future-covariates", split = ",", description = "Covariates known over the forecast horizon too (regressors of ARIMA; decoder inputs of neural models).") List<String> futureCovariates = new ArrayList<>();
    @Option(names = "--future-csv", description = "Values of the future covariates after the end of the series (needed without --test/--backtest).") Path futureCsv;
    @Option(names = "--interpolate", description = "Fill missing values linearly instead of failing.") boolean interpolate;
    @Option(names = "--transform", description = "none, log or boxcox (λ fitted on the training part) (default: ${DEFAULT-VALUE}).") String transform = "none";
    @Option(names = "--horizon", description = "Steps to forecast (default: the --test length).") Integer horizon;
    @Option(names = "--model", split = ",", description = "Comma-separated models: ${COMPLETION-CANDIDATES}", completionCandidates = ModelNames.class) List<String> models = List.of("auto");
    @Option(names = "--order", description = "ARIMA order p,d,q (default: chosen by AIC).") String orderText;
    @Option(names = "--seasonal", description = "Seasonal order P,D,Q,s.") String seasonalText;
    @Option(names = "--period", description = "Seasonal period (default: from --seasonal, else from the time labels: monthly 12, quarterly 4, daily 7).") Integer period;
    @Option(names = "--test", description = "Hold out the last N points and score the forecasts of them.") Integer test;
    @Option(names = "--backtest", description = "Rolling-origin backtest with N folds of --horizon steps each.") Integer backtest;
    @Option(names = "--level", description = "Prediction interval level (default: ${DEFAULT-VALUE}).") double level = 0.95;
    @Option(names = "--lookback", description = "Neural: past steps per sample (default: 2 periods, at least 12).") Integer lookback;
    @Option(names = "--epochs", description = "Neural: maximum epochs (default: ${DEFAULT-VALUE}).") int epochs = 200;
    @Option(names = "--hidden", description = "Neural: hidden size (default: ${DEFAULT-VALUE}).") int hidden = 32;
    @Option(names = "--layers", description = "Neural: layers (default: ${DEFAULT-VALUE}).") int layers = 1;
    @Option(names = "--lr", description = "Neural: Adam learning rate (default: ${DEFAULT-VALUE}).") double lr = 3e-3;
    @Option(names = "--batch-size", description = "Neural: batch size (default: ${DEFAULT-VALUE}).") int batchSize = 16;
    @Option(names = "--patience", description = "Neural: early-stopping patience (default: ${DEFAULT-VALUE}).") int patience = 30;
    @Option(names = "--dropout", description = "Neural: dropout (default: ${DEFAULT-VALUE}).") double dropout = 0;
    @Option(names = "--mc-samples", description = "Neural: MC dropout passes for intervals (needs --dropout > 0) (default: ${DEFAULT-VALUE}).") int mcSamples = 0;
    @Option(names = "--head", description = "Neural: point, gaussian or quantile (default: ${DEFAULT-VALUE}).") String head = "point";
    @Option(names = "--strategy", description = "Neural: direct or recursive (default: ${DEFAULT-VALUE}).") String strategy = "direct";
    @Option(names = "--normalize", description = "Neural: none, last (inputs and targets minus the window's last value) or seasonal (targets minus the value one period earlier) (default: seasonal when the period is at least 2, else last).") String normalize;
    @Option(names = "--ensemble", description = "Neural: average K networks with seeds seed … seed+K−1 (default: ${DEFAULT-VALUE}).") int ensemble = 1;
    @Option(names = "--seed", description = "Neural: random seed (default: ${DEFAULT-VALUE}).") long seed = 42;
    @Option(names = "--plot", description = "Write a PNG with history, forecasts and intervals.") Path plot;
    @Option(names = "--out", description = "Write forecasts as CSV (time, model, actual, mean, lower, upper).") Path out;
    @Option(names = "--json", description = "End with one JSON line of metrics and parameters per model.") boolean json;

    /** Completion candidates for {@code --model}. */
    static final class ModelNames extends ArrayList<String> { ModelNames() { super(ModelCatalog.NAMES); } }

    /** One model's result over all folds. */
    record ModelResult(String name, String label, List<Forecast> forecasts, Map<String, Double> metrics, Map<String, Double> params, double seconds, String chosen) {}

    @Override public Integer call() throws Exception {
        models.forEach(ModelCatalog::check);
        if (test != null && backtest != null) throw Errors.arg("forecast", "--test and --backtest exclude each other", "one of them", "both", null);
        if (test != null && horizon != null && !horizon.equals(test)) {
            throw Errors.arg("forecast", "with --test N the forecasts cover the N held-out points", "--horizon " + test + " or none", "--horizon " + horizon, null);
        }
        int h = horizon != null ? horizon : test != null ? test : -1;
        if (h < 1) throw Errors.arg("forecast", "--horizon must be at least 1", ">= 1", horizon == null ? "none" : horizon, "Hint: pass --horizon H or --test N");
        if (!List.of("none", "log", "boxcox").contains(transform)) throw Errors.arg("forecast", "--transform must be none, log or boxcox", "none|log|boxcox", transform, null);
        List<String> allCov = new ArrayList<>(new LinkedHashSet<>(concat(covariates, futureCovariates)));
        TimeSeries series = SeriesCsv.read(csv, target, time, allCov, interpolate ? SeriesCsv.Missing.INTERPOLATE : SeriesCsv.Missing.ERROR);
        int n = series.length();
        ArimaOrder order = parseOrder();
        int m = period != null ? period : order != null && order.s() > 1 ? order.s() : inferPeriod(series.times());
        double[] y = series.target();
        double[][] past = series.matrix(covariates), fut = series.matrix(futureCovariates);

        List<TimeSplit> folds;
        double[][] futAfter = null;
        if (test != null) folds = List.of(TimeSplit.holdOut(n, test));
        else if (backtest != null) folds = TimeSplit.rollingOrigin(n, backtest, h, Math.max(2 * m + 2, 10));
        else {
            folds = List.of(new TimeSplit(n, h));
            if (fut != null) futAfter = readFuture(h);
        }
        int lb = lookback != null ? lookback : Math.max(12, 2 * m);
        NeuralConfig neural = NeuralConfig.defaults().withWindow(lb, h).withSize(hidden, layers).withTraining(epochs, batchSize, lr, patience)
                .withDropout(dropout, mcSamples).withHead(enumOf(NeuralConfig.Head.class, head, "--head"))
                .withStrategy(enumOf(NeuralConfig.Strategy.class, strategy, "--strategy")).withSeed(seed)
                .withNormalize(enumOf(NeuralConfig.Normalize.class, normalize != null ? normalize : m >= 2 && lb >= m ? "seasonal" : "last", "--normalize"), m);

        ForecastReport report = new ForecastReport(System.out, json);
        report.header(series, m, transform, folds, h);
        List<ModelResult> results = new ArrayList<>();
        for (String name : models) {
            long t0 = System.nanoTime();
            List<Forecast> fcs = new ArrayList<>();
            List<Map<String, Double>> foldMetrics = new ArrayList<>();
            Map<String, Double> params = Map.of();
            String label = name, chosen = null;
            for (TimeSplit f : folds) {
                int end = f.trainEnd();
                double[] train = Arrays.copyOf(y, end);
                PointTransform tr = transformFor(train);
                double[] ty = tr.forward(train);
                boolean positive = Arrays.stream(ty).allMatch(v -> v > 0);
                ModelCatalog cat = new ModelCatalog(m, order, positive, neural, ensemble, futureCovariates);
                double[][] fTrain = rows(fut, 0, end), pTrain = rows(past, 0, end);
                double[][] fNext = end < n ? rows(fut, end, end + f.testLength()) : futAfter;
                String use = name;
                if (name.equals("auto")) {
                    use = chooseAuto(cat, ty, tr, pTrain, fTrain, f.testLength(), m);
                    chosen = use;
                }
                ModelCatalog.Fitted fitted = cat.fit(use, ty, pTrain, fTrain);
                Forecast fc = fitted.forecast(f.testLength(), fNext, level).map(tr::inverse);
                fcs.add(fc);
                label = name.equals("auto") ? "auto → " + use + " (" + fitted.label() + ")" : fitted.label();
                params = fitted.parameters();
                if (end < n) {
                    double[] actual = Arrays.copyOfRange(y, end, end + f.testLength());
                    foldMetrics.add(ForecastMetrics.all(actual, fc.mean(), fc.lower(), fc.upper(), train, m));
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            ModelResult r = new ModelResult(name, label, fcs, average(foldMetrics), params, secs, chosen);
            results.add(r);
            report.row(r);
        }
        report.footer(results, series, folds, h, transform, m);
        if (out != null) report.writeCsv(out, series, folds, results);
        if (plot != null) ForecastPlot.write(plot, series, folds, results, target);
        return 0;
    }

    private String chooseAuto(ModelCatalog cat, double[] ty, PointTransform tr, double[][] past, double[][] fut, int h, int m) {
        int val = Math.min(h, ty.length / 4);
        int end = ty.length - val;
        double[] actual = tr.inverse(Arrays.copyOfRange(ty, end, ty.length));
        String best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        for (String c : ModelCatalog.AUTO_CANDIDATES) {
            if (c.equals("snaive") && m < 2) continue;
            try {
                Forecast f = cat.fit(c, Arrays.copyOf(ty, end), rows(past, 0, end), rows(fut, 0, end)).forecast(val, rows(fut, end, ty.length), level).map(tr::inverse);
                double r = ForecastMetrics.rmse(actual, f.mean());
                if (r < bestRmse) { bestRmse = r; best = c; }
            } catch (IllegalArgumentException skip) {
                // candidate does not apply to this series (too short, no season): not a choice
            }
        }
        if (best == null) throw Errors.arg("forecast", "auto found no candidate that fits the validation split", "one of " + ModelCatalog.AUTO_CANDIDATES, "none", "validation length " + val);
        return best;
    }

    private PointTransform transformFor(double[] train) {
        return switch (transform) {
            case "log" -> BoxCox.log();
            case "boxcox" -> BoxCox.fitLambda(train);
            default -> PointTransform.NONE;
        };
    }

    private double[][] readFuture(int h) throws Exception {
        if (futureCsv == null) {
            throw Errors.arg("forecast", "future covariates need their values over the horizon", "--future-csv FILE or --test N", "neither",
                    "covariates " + futureCovariates);
        }
        List<String> rest = futureCovariates.subList(1, futureCovariates.size());
        TimeSeries f = SeriesCsv.read(futureCsv, futureCovariates.get(0), time, rest, SeriesCsv.Missing.ERROR);
        if (f.length() < h) throw Errors.arg("forecast", "--future-csv must cover the horizon", ">= " + h + " rows", f.length() + " rows", futureCsv.toString());
        double[][] mtx = new double[h][futureCovariates.size()];
        for (int t = 0; t < h; t++) {
            mtx[t][0] = f.target()[t];
            for (int j = 1; j < futureCovariates.size(); j++) mtx[t][j] = f.covariate(futureCovariates.get(j))[t];
        }
        return mtx;
    }

    private ArimaOrder parseOrder() {
        if (orderText == null && seasonalText == null) return null;
        int[] o = ints(orderText == null ? "0,0,0" : orderText, 3, "--order");
        int[] s = seasonalText == null ? new int[]{0, 0, 0, 1} : ints(seasonalText, 4, "--seasonal");
        return new ArimaOrder(o[0], o[1], o[2], s[0], s[1], s[2], s[3]);
    }

    private static int[] ints(String text, int count, String option) {
        String[] parts = text.split(",");
        if (parts.length != count) throw Errors.arg("forecast", option + " must have " + count + " comma-separated integers", count + " values", text, null);
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            try { v[i] = Integer.parseInt(parts[i].trim()); }
            catch (NumberFormatException e) { throw Errors.arg("forecast", option + " must have " + count + " comma-separated integers", "an integer", parts[i], text); }
        }
        return v;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value)) return e;
        throw Errors.arg("forecast", option + " must name a known choice", Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT), value, null);
    }

    /** Seasonal period from the time labels: monthly 12, quarterly 4, daily 7, half-hourly 48, else 1. */
    static int inferPeriod(String[] times) {
        if (times.length < 2) return 1;
        String a = times[0].trim();
        if (a.matches("\\d{4}-\\d{1,2}") || a.matches("\\d{4}\\s+[A-Za-z]{3}.*")) return 12;
        if (a.matches("\\d{4}\\s*-?\\s*Q[1-4]")) return 4;
        double d = TimeKey.of(times[1]) - TimeKey.of(a);
        if (Double.isNaN(d) || !a.contains("-")) return 1;
        double days = d / 86400.0;
        if (Math.abs(days - 1) < 0.01) return 7;
        if (days >= 28 && days <= 31) return 12;
        if (days >= 89 && days <= 92) return 4;
        if (Math.abs(d - 1800) < 1) return 48;
        if (Math.abs(d - 3600) < 1) return 24;
        return 1;
    }

    private static double[][] rows(double[][] m, int from, int to) { return m == null ? null : Arrays.copyOfRange(m, from, to); }

    private static List<String> concat(List<String> a, List<String> b) { List<String> o = new ArrayList<>(a); o.addAll(b); return o; }

    private static Map<String, Double> average(List<Map<String, Double>> folds) {
        Map<String, Double> avg = new LinkedHashMap<>();
        for (Map<String, Double> f : folds) f.forEach((k, v) -> avg.merge(k, v / folds.size(), Double::sum));
        return avg;
    }
}
