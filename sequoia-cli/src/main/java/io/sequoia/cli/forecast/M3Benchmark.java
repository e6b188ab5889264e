package io.sequoia.cli.forecast;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.metrics.ForecastMetrics;
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
 * the rest trains; prints the mean sMAPE of each model over the series run. Run with
 * {@code java --add-modules jdk.incubator.vector -cp sequoia-cli/target/sequoia.jar io.sequoia.cli.forecast.M3Benchmark --models snaive,ets}.
 */
@Command(name = "m3", mixinStandardHelpOptions = true, description = "M3 monthly benchmark: mean sMAPE per model over the 1,428 series.")
public final class M3Benchmark implements Callable<Integer> {
    @Option(names = "--csv", description = "M3 monthly CSV (default: ${DEFAULT-VALUE}).") Path csv = Paths.get("..", "shared", "data", "m3", "M3C_monthly.csv");
    @Option(names = "--models", split = ",", description = "Models as in sequoia forecast (default: ${DEFAULT-VALUE}).") List<String> models = List.of("snaive", "ets");
    @Option(names = "--every", description = "Use every k-th series (default: ${DEFAULT-VALUE}, all).") int every = 1;
    @Option(names = "--epochs", description = "Neural: epochs (default: ${DEFAULT-VALUE}).") int epochs = 100;

    public static void main(String[] args) { System.exit(new CommandLine(new M3Benchmark()).execute(args)); }

    @Override public Integer call() throws Exception {
        models.forEach(ModelCatalog::check);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int h = 18, period = 12;
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>(), failures = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String m : models) { sums.put(m, new double[1]); counts.put(m, 0); failures.put(m, 0); seconds.put(m, 0.0); }
        int done = 0;
        for (int li = 1; li < lines.size(); li += every) {
            String[] c = lines.get(li).split(",", -1);
            int n = Integer.parseInt(c[1].trim()), nf = Integer.parseInt(c[2].trim());
            if (nf != h) throw Errors.arg("M3Benchmark", "every monthly series has NF = 18", h, nf, csv.getFileName() + ":" + (li + 1));
            double[] y = new double[n];
            for (int t = 0; t < n; t++) y[t] = Double.parseDouble(c[6 + t].trim());
            double[] train = Arrays.copyOf(y, n - h), test = Arrays.copyOfRange(y, n - h, n);
            // short series: a one-period lookback and no validation split (too few windows to hold any back)
            int lb = train.length >= 80 ? 24 : 12;
            double val = train.length - lb - h >= 40 ? 0.15 : 0;
            NeuralConfig nc = NeuralConfig.defaults().withWindow(lb, h).withSize(16, 1).withTraining(epochs, 16, 3e-3, 20).withValidation(val)
                    .withNormalize(lb >= period ? NeuralConfig.Normalize.SEASONAL : NeuralConfig.Normalize.LAST, period);
            ModelCatalog cat = new ModelCatalog(period, null, Arrays.stream(train).allMatch(v -> v > 0), nc, 1, List.of());
            for (String m : models) {
                long t0 = System.nanoTime();
                try {
                    Forecast f = cat.fit(m, train, null, null).forecast(h, null, 0.95);
                    sums.get(m)[0] += ForecastMetrics.smape(test, f.mean());
                    counts.merge(m, 1, Integer::sum);
                } catch (RuntimeException e) {
                    failures.merge(m, 1, Integer::sum);
                }
                seconds.merge(m, (System.nanoTime() - t0) / 1e9, Double::sum);
            }
            done++;
            if (done % 100 == 0) System.err.printf(Locale.ROOT, "%d series%n", done);
        }
        System.out.printf(Locale.ROOT, "M3 monthly, %d series, horizon %d%n%-14s %8s %8s %9s %10s%n", done, h, "model", "sMAPE%", "series", "failures", "seconds");
        for (String m : models) {
            System.out.printf(Locale.ROOT, "%-14s %8.2f %8d %9d %10.1f%n", m, sums.get(m)[0] / Math.max(1, counts.get(m)), counts.get(m), failures.get(m), seconds.get(m));
        }
        return 0;
    }

}
