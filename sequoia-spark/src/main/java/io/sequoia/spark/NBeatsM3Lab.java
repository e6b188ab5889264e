package io.sequoia.spark;

import io.sequoia.timeseries.global.NBeatsConfig;
import io.sequoia.timeseries.global.NBeatsForecaster;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The measurement of issue 19's "the global forecaster trained with parameter averaging reaches the
 * single-process validation loss within 2 %": N-BEATS (one network, lookback 3H) on M3 monthly's
 * series with the last H = 18 points held out, trained in one process ({@code NBeatsForecaster.train},
 * what {@code sequoia forecast --model nbeats} runs) and on Spark with k local steps per round, the
 * validation loss being the training loss (sMAPE, %) of each network's forecast of the held-out points.
 * <pre>
 * NBeatsM3Lab M3C_monthly.csv MASTER STEPS PARTITIONS K1,K2,... [SEED]   (K = 0: the one-process run; SEED default 42)
 * </pre>
 */
public final class NBeatsM3Lab {
    private NBeatsM3Lab() {}

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args[0]);
        String master = args[1];
        int steps = Integer.parseInt(args[2]), partitions = Integer.parseInt(args[3]), h = 18;
        List<double[]> train = new ArrayList<>(), test = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int n = Integer.parseInt(f[1].trim());
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = Double.parseDouble(f[6 + i].trim());
            train.add(Arrays.copyOf(y, n - h));
            test.add(Arrays.copyOfRange(y, n - h, n));
        }
        long seed = args.length > 5 ? Long.parseLong(args[5]) : NBeatsConfig.DEFAULT_SEED;
        NBeatsConfig cfg = NBeatsConfig.builder(h, 12).lookbacks(3).steps(steps).seed(seed).build();
        System.out.printf(Locale.ROOT, "M3 monthly: %d series, H %d; %s, %d steps of %d windows, seed %d%n", train.size(), h, cfg.describe(), steps, cfg.batchSize(), seed);
        SparkSession spark = null;
        for (String kk : args[4].split(",")) {
            int k = Integer.parseInt(kk);
            NBeatsForecaster f;
            String extra = "";
            long t0 = System.nanoTime();
            if (k == 0) {
                f = NBeatsForecaster.train(train, cfg, null);
            } else {
                if (spark == null) {
                    spark = SparkSession.builder().master(master).appName("nbeats-m3").config("spark.ui.enabled", "false")
                            .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
                    spark.sparkContext().setLogLevel("WARN");
                }
                t0 = System.nanoTime();                          // the session's start-up is not the training's
                DataParallelNBeats.Result r = DataParallelNBeats.train(DataParallelNBeats.dataset(spark, train, partitions), cfg, k, null);
                f = r.forecaster();
                DataParallelTrainer.Run run = r.runs().get(0);
                extra = String.format(Locale.ROOT, "; %d rounds; final train loss %.4f; %s", run.steps(),
                        run.history().get("loss").get(run.history().get("loss").size() - 1), run.timing().table((System.nanoTime() - t0) / 1e9));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s: validation sMAPE %.4f %% (%.1f s)%s%n", k == 0 ? "one process" : "spark " + master + " " + partitions + " partitions, k=" + k,
                    smape(f, train, test), secs, extra);
        }
        if (spark != null) spark.stop();
    }

    /** sMAPE (%) of the forecasts of {@code f} after each training part against the held-out points. */
    static double smape(NBeatsForecaster f, List<double[]> train, List<double[]> test) {
        List<double[]> fc = f.forecastAll(train);
        double s = 0;
        int n = 0;
        for (int i = 0; i < test.size(); i++) {
            for (int t = 0; t < test.get(i).length; t++, n++) {
                double y = test.get(i)[t], p = fc.get(i)[t];
                s += 200 * Math.abs(y - p) / (Math.abs(y) + Math.abs(p));
            }
        }
        return s / n;
    }
}
