package io.sequoia.cli;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Generator;
import io.sequoia.train.keras.Dense;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The main job at this stage: next-day forecasting of Melbourne's daily minimum temperature
 * (1981–1990, in ../shared/data) by a Keras-style MLP on the previous {@code lookback} days,
 * compared with the persistence baseline; prints the learning curve.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a small forecaster on data that is present (no download) and print its learning curve.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--csv", description = "CSV with a header and the value in the last column (default: ${DEFAULT-VALUE}).")
    Path csv = Paths.get("..", "shared", "data", "timeseries", "daily-min-temperatures.csv");

    @Option(names = "--lookback", description = "Days of history per sample (default: ${DEFAULT-VALUE}).")
    int lookback = 30;

    @Option(names = "--hidden", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden = 32;

    @picocli.CommandLine.Mixin TrainingOptions training = TrainingOptions.defaults(30, 64, 1e-3, 42, 0);

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw Usage.error(spec, "--csv: data file not found; expected a CSV file, got " + csv.toAbsolutePath()
                    + ". Hint: run from the repository root with ../shared beside it, or pass --csv FILE");
        }
        Usage.require(spec, lookback >= 1, "--lookback", "at least 1", lookback);
        training.refuseCheckpointing(spec);
        training.check(spec);
        training.checkModelOut(spec);
        Usage.require(spec, hidden >= 1, "--hidden", "at least 1", hidden);
        Generator.manualSeed(training.seed);
        double[] series = readLastColumn(csv);
        int n = series.length - lookback, nTrain = (int) (n * 0.8);
        if (nTrain < 1 || n - nTrain < 1) throw new IllegalArgumentException("demo: series too short for --lookback " + lookback + " (" + series.length + " values)");
        // standardise with the training part only
        double mean = 0, sq = 0;
        for (int i = 0; i < nTrain + lookback; i++) mean += series[i];
        mean /= nTrain + lookback;
        for (int i = 0; i < nTrain + lookback; i++) sq += (series[i] - mean) * (series[i] - mean);
        double sd = Math.sqrt(sq / (nTrain + lookback));
        float[] x = new float[n * lookback], y = new float[n];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < lookback; j++) x[s * lookback + j] = (float) ((series[s + j] - mean) / sd);
            y[s] = (float) ((series[s + lookback] - mean) / sd);
        }
        Tensor all = Tensor.of(x, n, lookback), target = Tensor.of(y, n, 1);
        Tensor trX = all.narrow(0, 0, nTrain), trY = target.narrow(0, 0, nTrain);
        Tensor vaX = all.narrow(0, nTrain, n - nTrain), vaY = target.narrow(0, nTrain, n - nTrain);

        PrintStream out = System.out;
        out.printf(Locale.ROOT, "Sequoia demo: next-day minimum temperature from the previous %d days (%s)%n", lookback, csv.getFileName());
        out.printf(Locale.ROOT, "%d training and %d validation windows; MLP %d -> %d (relu) -> %d (relu) -> 1, Adam lr %g%n%n",
                nTrain, n - nTrain, lookback, hidden, hidden, training.lr);
        Sequential model = new Sequential(new Dense(hidden, "relu"), new Dense(hidden, "relu"), new Dense(1));
        model.compile("adam", training.lr, "mse", "mae");
        long t0 = System.nanoTime();
        History h = model.fit(trX, trY, FitOptions.epochs(training.epochs).batchSize(training.batchSize).validationData(vaX, vaY)
                .clipNorm(training.clip).maxMinutes(training.maxMinutes).verbose(training.json ? 0 : 1));
        if (training.out != null) model.save(training.out);
        double secs = (System.nanoTime() - t0) / 1e9;

        out.println();
        out.println("Learning curve (MSE on standardised values):");
        printCurve(out, h.get("loss"), h.get("val_loss"));
        double valMae = h.get("val_mae").get(h.epochs() - 1) * sd;
        double naive = 0;
        for (int s = nTrain; s < n; s++) naive += Math.abs(series[s + lookback] - series[s + lookback - 1]);
        naive /= n - nTrain;
        out.printf(Locale.ROOT, "%nValidation MAE: %.3f °C (persistence baseline: %.3f °C); %d epochs in %.1f s%n", valMae, naive, h.epochs(), secs);
        if (training.json) {
            out.println(JsonLine.fields("val_mae", JsonLine.rounded(valMae, 6), "baseline_mae", JsonLine.rounded(naive, 6),
                    "val_loss", JsonLine.rounded(h.get("val_loss").get(h.epochs() - 1), 6), "epochs", h.epochs(), "seconds", JsonLine.rounded(secs, 3)));
        }
        return 0;
    }

    static void printCurve(PrintStream out, List<Double> train, List<Double> val) {
        double max = 0;
        for (int i = 0; i < train.size(); i++) max = Math.max(max, Math.max(train.get(i), val.get(i)));
        int width = 50;
        out.println(" epoch   train     val");
        for (int i = 0; i < train.size(); i++) {
            int bt = (int) Math.round(train.get(i) / max * width), bv = (int) Math.round(val.get(i) / max * width);
            StringBuilder bar = new StringBuilder();
            for (int k = 0; k < Math.max(bt, bv); k++) bar.append(k < Math.min(bt, bv) ? '#' : (bt > bv ? 't' : 'v'));
            out.printf(Locale.ROOT, "%6d  %.4f  %.4f  |%s%n", i + 1, train.get(i), val.get(i), bar);
        }
    }

    static double[] readLastColumn(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Double> vals = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String cell = line.substring(line.lastIndexOf(',') + 1).replace("\"", "").trim();
            try {
                vals.add(Double.parseDouble(cell));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": value is not a number; expected a number in the last column, got '" + cell + "'");
            }
        }
        double[] out = new double[vals.size()];
        for (int i = 0; i < out.length; i++) out[i] = vals.get(i);
        return out;
    }
}
