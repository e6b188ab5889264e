package io.sequoia.cli.forecast;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.Backtest;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.neural.NeuralConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The M3 monthly benchmark (a lab run, not a test): every series' last NF = 18 values are the test,
 * the rest trains; prints the mean sMAPE of each model over the series run. Every series is one
 * {@link Backtest#holdOut} of the library's {@link ForecasterCatalog}, as {@code sequoia forecast --holdout 18} runs it. Run with
 * {@code java --add-modules jdk.incubator.vector -cp sequoia-cli/target/sequoia.jar io.sequoia.cli.forecast.M3Benchmark --model snaive,ets}.
 */
@Command(name = "m3", mixinStandardHelpOptions = true, description = "M3 monthly benchmark: mean sMAPE per model over the 1,428 series.")
public final class M3Benchmark implements Callable<Integer> {
    @Option(names = "--data", description = "M3 monthly CSV (default: ${DEFAULT-VALUE}).") Path csv = Paths.get("..", "shared", "data", "m3", "M3C_monthly.csv");
    @Option(names = "--model", split = ",", converter = ForecastOptions.Models.class, description = "Models as in sequoia forecast (default: snaive,ets).") List<ModelKind> models = List.of(ModelKind.SNAIVE, ModelKind.ETS);
    @Option(names = "--every", description = "Use every k-th series (default: ${DEFAULT-VALUE}, all).") int every = 1;
    // the benchmark's neural configuration (documented in docs/labs.md): smaller and shorter than the forecast command's defaults
    @Option(names = "--epochs", description = "Neural: maximum epochs (default: ${DEFAULT-VALUE}).") int epochs = 100;
    @Option(names = "--hidden", description = "Neural: hidden size (default: ${DEFAULT-VALUE}).") int hidden = 16;
    @Option(names = "--patience", description = "Neural: early-stopping patience (default: ${DEFAULT-VALUE}).") int patience = 20;

    public static void main(String[] args) { System.exit(new CommandLine(new M3Benchmark()).execute(args)); }

    @Override public Integer call() throws Exception {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int h = 18, period = 12;
        Map<ModelKind, double[]> sums = new LinkedHashMap<>();
        Map<ModelKind, Integer> counts = new LinkedHashMap<>(), failures = new LinkedHashMap<>();
        Map<ModelKind, Double> seconds = new LinkedHashMap<>();
        for (ModelKind m : models) { sums.put(m, new double[1]); counts.put(m, 0); failures.put(m, 0); seconds.put(m, 0.0); }
        int done = 0;
        for (int li = 1; li < lines.size(); li += every) {
            String[] c = lines.get(li).split(",", -1);
            int n = Integer.parseInt(c[1].trim()), nf = Integer.parseInt(c[2].trim());
            if (nf != h) throw Errors.arg("M3Benchmark", "every monthly series has NF = 18", h, nf, csv.getFileName() + ":" + (li + 1));
            double[] y = new double[n];
            for (int t = 0; t < n; t++) y[t] = Double.parseDouble(c[6 + t].trim());
            int train = n - h;
            // short series: a one-period lookback and no validation split (too few windows to hold any back)
            int lb = train >= 80 ? 24 : 12;
            NeuralConfig nc = NeuralConfig.forPeriod(period).toBuilder().lookback(lb).hiddenSize(hidden).epochs(epochs).patience(patience)
                    .validationFraction(train - lb - h >= 40 ? NeuralConfig.DEFAULT_VALID_FRACTION : 0)
                    .normalize(NeuralConfig.defaultNormalize(period, lb)).build();
            Backtest test = Backtest.holdOut(ForecasterCatalog.builder(h, period).neural(nc).build(), n);
            for (ModelKind m : models) {
                try {
                    Backtest.Result r = test.run(m, y, null, null, null);
                    sums.get(m)[0] += r.metrics().get("smape");
                    counts.merge(m, 1, Integer::sum);
                    seconds.merge(m, r.seconds(), Double::sum);
                } catch (RuntimeException e) {
                    failures.merge(m, 1, Integer::sum);
                }
            }
            done++;
            if (done % 100 == 0) System.err.printf(Locale.ROOT, "%d series%n", done);
        }
        System.out.printf(Locale.ROOT, "M3 monthly, %d series, horizon %d%n%-14s %8s %8s %9s %10s%n", done, h, "model", "sMAPE%", "series", "failures", "seconds");
        for (ModelKind m : models) {
            System.out.printf(Locale.ROOT, "%-14s %8.2f %8d %9d %10.1f%n", m.id(), sums.get(m)[0] / Math.max(1, counts.get(m)), counts.get(m), failures.get(m), seconds.get(m));
        }
        return 0;
    }
}
