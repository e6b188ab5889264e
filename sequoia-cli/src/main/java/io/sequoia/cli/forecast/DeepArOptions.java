package io.sequoia.cli.forecast;

import io.sequoia.cli.Usage;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.global.DeepAr;
import io.sequoia.timeseries.global.DeepArConfig;
import io.sequoia.timeseries.global.DeepArForecaster;
import io.sequoia.timeseries.global.Likelihood;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The options of the global DeepAR model, shared by {@code sequoia forecast} (many series) and
 * {@code sequoia bench m3}: train it on the training parts of all series (or load a trained folder),
 * optionally save it. Defaults are {@link DeepArConfig}'s.
 */
final class DeepArOptions {
    @Option(names = "--deepar-model", description = "deepar: load this trained folder instead of training.") Path load;
    @Option(names = "--deepar-out", description = "deepar: save the trained model to this folder.") Path save;
    @Option(names = "--deepar-cell", description = "deepar: lstm or gru (default: lstm).") String cell = DeepArConfig.DEFAULT_CELL.name().toLowerCase(Locale.ROOT);
    @Option(names = "--deepar-hidden", description = "deepar: hidden size (default: ${DEFAULT-VALUE}).") int hidden = DeepArConfig.DEFAULT_HIDDEN;
    @Option(names = "--deepar-layers", description = "deepar: stacked recurrent layers (default: ${DEFAULT-VALUE}).") int layers = DeepArConfig.DEFAULT_LAYERS;
    @Option(names = "--deepar-dropout", description = "deepar: dropout between the recurrent layers (default: ${DEFAULT-VALUE}).") double dropout = DeepArConfig.DEFAULT_DROPOUT;
    @Option(names = "--deepar-likelihood", description = "deepar: gaussian or student-t (default: gaussian).") String likelihood = DeepArConfig.DEFAULT_LIKELIHOOD.name().toLowerCase(Locale.ROOT);
    @Option(names = "--deepar-context", description = "deepar: points read before the forecast origin (default: 2 horizons).") Integer context;
    @Option(names = "--deepar-lags", split = ",", description = "deepar: input lags (default: 1 and the seasonal period).") List<Integer> lags;
    @Option(names = "--deepar-steps", description = "deepar: training steps (default: ${DEFAULT-VALUE}).") int steps = DeepArConfig.DEFAULT_STEPS;
    @Option(names = "--deepar-batch", description = "deepar: windows per step (default: ${DEFAULT-VALUE}).") int batch = DeepArConfig.DEFAULT_BATCH;
    @Option(names = "--deepar-lr", description = "deepar: Adam learning rate (default: ${DEFAULT-VALUE}).") double lr = DeepArConfig.DEFAULT_LR;
    @Option(names = "--deepar-history", description = "deepar: window origins come from the last K horizons of each series (default: ${DEFAULT-VALUE}).") double history = DeepArConfig.DEFAULT_HISTORY_LIMIT;
    @Option(names = "--deepar-samples", description = "deepar: sample paths per forecast (default: 200; a loaded model's own).") Integer samples;
    @Option(names = "--deepar-seed", description = "deepar: seed of the training and the sample paths (default: 42; a loaded model's own).") Long seed;

    /** Option names, for "has no effect" checks. */
    static final List<String> NAMES = List.of("--deepar-model", "--deepar-out", "--deepar-cell", "--deepar-hidden", "--deepar-layers", "--deepar-dropout",
            "--deepar-likelihood", "--deepar-context", "--deepar-lags", "--deepar-steps", "--deepar-batch", "--deepar-lr", "--deepar-history", "--deepar-samples", "--deepar-seed");
    /** Options a loaded model still reads (forecasting, not training). */
    private static final List<String> AT_FORECAST = List.of("--deepar-model", "--deepar-out", "--deepar-samples", "--deepar-seed");

    /** Whether the selection runs deepar (alone or in the combination). */
    static boolean used(ModelKind.Selection sel) {
        return sel.kinds().contains(ModelKind.DEEPAR) || sel.kinds().contains(ModelKind.COMB) && sel.members().contains(ModelKind.DEEPAR);
    }

    /** Usage errors (exit 2): a deepar option without deepar, bad values, a missing folder. */
    void check(CommandSpec spec, ModelKind.Selection sel) {
        boolean used = used(sel);
        for (String o : NAMES) if (Usage.given(spec, o) && !used) throw Usage.error(spec, o + " has no effect: the models do not include deepar");
        if (!used) return;
        try {
            config(1, 1);
        } catch (IllegalArgumentException | picocli.CommandLine.TypeConversionException e) {
            throw Usage.error(spec, "deepar options: " + e.getMessage());
        }
        if (load != null) {
            if (!Files.isDirectory(load)) throw Usage.error(spec, "--deepar-model: no such folder: " + load);
            for (String o : NAMES) if (!AT_FORECAST.contains(o) && Usage.given(spec, o)) {
                throw Usage.error(spec, o + " has no effect with --deepar-model (the loaded model is already trained)");
            }
        }
    }

    DeepArConfig config(int horizon, int period) {
        DeepArConfig.Builder b = DeepArConfig.builder(horizon, period).cell(ForecastOptions.named(DeepAr.Cell.values(), cell)).hiddenSize(hidden).numLayers(layers)
                .dropout(dropout).likelihood(ForecastOptions.named(Likelihood.values(), likelihood)).steps(steps).batchSize(batch).lr(lr)
                .historyLimit(history);
        if (samples != null) b.samples(samples);
        if (seed != null) b.seed(seed);
        if (context != null) b.context(context);
        if (lags != null) b.lags(lags.stream().mapToInt(Integer::intValue).toArray());
        return b.build();
    }

    /** The model: loaded from {@code --deepar-model} (with this command's samples and seed), or trained on {@code trainingParts} (and saved to {@code --deepar-out}). */
    DeepArForecaster obtain(List<double[]> trainingParts, int horizon, int period, PrintStream log) throws java.io.IOException {
        return obtain(trainingParts, horizon, period, log, null);
    }

    /** As above, the training checkpointed (and resumed) through {@code checkpoints} (null: none). */
    DeepArForecaster obtain(List<double[]> trainingParts, int horizon, int period, PrintStream log, io.sequoia.train.CheckpointSeries checkpoints) throws java.io.IOException {
        DeepArForecaster f;
        long t0 = System.nanoTime();
        if (load != null) {
            f = DeepArForecaster.load(load).withSampling(samples, seed);
            if (f.horizon() < horizon) {
                throw io.sequoia.tensor.Errors.arg("deepar", "the loaded model forecasts fewer steps than asked", ">= " + horizon + " steps", f.horizon(), "folder " + load);
            }
            log.printf(Locale.ROOT, "deepar: loaded %s (%s)%n", load, f.describe());
        } else {
            f = DeepArForecaster.train(trainingParts, config(horizon, period), log, checkpoints);
            log.printf(Locale.ROOT, "deepar: trained on %d series in %.1f s: %s%n", trainingParts.size(), (System.nanoTime() - t0) / 1e9, f.describe());
        }
        if (save != null) {
            f.save(save);
            log.println("deepar: saved " + save);
        }
        return f;
    }
}
