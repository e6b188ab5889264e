package io.sequoia.cli.forecast;

import io.sequoia.cli.CheckpointOptions;
import io.sequoia.cli.TrainingOptions;
import io.sequoia.cli.Usage;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.Transform;
import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.data.SeriesCsv;
import io.sequoia.timeseries.data.TimeSeries;
import io.sequoia.timeseries.neural.NeuralConfig;
import io.sequoia.train.CheckpointSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sequoia train forecaster}: one forecaster as a model folder ({@link ForecasterFolder}) for
 * {@code sequoia serve} and {@code sequoia export onnx}. A classical model keeps its settings and is
 * fitted to each series it is asked to forecast; a neural model is trained on the series here and
 * keeps its network, checkpointed into --out at every epoch end ({@code --resume DIR} continues it,
 * Ctrl-C stops with a checkpoint). Comparing models on a split is {@code sequoia forecast}'s job.
 */
@Command(name = "forecaster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Save a forecaster as a model folder for `sequoia serve` (a series in, mean/lower/upper out) and `sequoia export onnx` (neural).",
                "Classical models (ets, arima, ..., auto) keep their settings and are fitted to each series they forecast; neural models are trained here.",
                "Example: sequoia train forecaster --data ../shared/data/timeseries/airline-passengers.csv --target Passengers --model lstm --horizon 12 --out air-lstm"})
public final class TrainForecasterCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TrainingOptions training = TrainingOptions.defaults(NeuralConfig.DEFAULT_EPOCHS, NeuralConfig.DEFAULT_BATCH_SIZE, NeuralConfig.DEFAULT_LR,
            NeuralConfig.DEFAULT_SEED, NeuralConfig.DEFAULT_CLIP_NORM);

    @Option(names = "--data", description = "CSV file with a header row.") java.nio.file.Path data;
    @Option(names = "--target", description = "Column to forecast.") String target;
    @Option(names = "--time", description = "Time column (default: the first column unless it is the target).") String time;
    @Option(names = "--interpolate", description = "Fill missing values linearly instead of failing.") boolean interpolate;
    @Option(names = "--model", converter = ForecastOptions.Models.class, description = "One model: lstm, gru, seq2seq, transformer, arima, sarima, ets, holt-winters, kalman, naive, snaive, drift, auto.") ModelKind model;
    @Option(names = "--horizon", description = "Steps to forecast (a request may ask for fewer; a direct network at most this many).") Integer horizon;
    @Option(names = "--period", description = "Seasonal period (default: from --seasonal, else from the time labels).") Integer period;
    @Option(names = "--level", description = "Default prediction interval level (default: ${DEFAULT-VALUE}).") double level = NeuralConfig.DEFAULT_LEVEL;
    @Option(names = "--transform", converter = ForecastOptions.Transforms.class, description = "none, log or boxcox (default: ${DEFAULT-VALUE}).") Transform transform = Transform.NONE;
    @Option(names = "--order", description = "ARIMA order p,d,q (default: chosen by AIC for each series).") String orderText;
    @Option(names = "--seasonal", description = "Seasonal order P,D,Q,s.") String seasonalText;
    @Option(names = "--lookback", description = "Neural: input window (default: 2 periods, at least 12).") Integer lookback;
    @Option(names = "--hidden", description = "Neural: hidden size (default: ${DEFAULT-VALUE}).") int hidden = NeuralConfig.DEFAULT_HIDDEN;
    @Option(names = "--layers", description = "Neural: stacked layers (default: ${DEFAULT-VALUE}).") int layers = NeuralConfig.DEFAULT_LAYERS;
    @Option(names = "--patience", description = "Neural: early-stopping patience in epochs (default: ${DEFAULT-VALUE}).") int patience = NeuralConfig.DEFAULT_PATIENCE;
    @Option(names = "--valid-fraction", description = "Neural: share of the latest windows used for early stopping (default: ${DEFAULT-VALUE}).") double validFraction = NeuralConfig.DEFAULT_VALID_FRACTION;
    @Option(names = "--dropout", description = "Neural: dropout (default: ${DEFAULT-VALUE}).") double dropout = NeuralConfig.DEFAULT_DROPOUT;
    @Option(names = "--mc-samples", description = "Neural: MC dropout passes for intervals (default: 0, off).") int mcSamples;
    @Option(names = "--head", converter = ForecastOptions.Heads.class, description = "Neural: point, gaussian or quantile (default: point).") NeuralConfig.Head head = NeuralConfig.Head.POINT;
    @Option(names = "--strategy", converter = ForecastOptions.Strategies.class, description = "Neural: direct or recursive (default: direct).") NeuralConfig.Strategy strategy = NeuralConfig.Strategy.DIRECT;
    @Option(names = "--normalize", converter = ForecastOptions.Normalizations.class, description = "Neural: none, last or seasonal (default: seasonal when the lookback covers a period, else last).") NeuralConfig.Normalize normalize;

    @Override public Integer call() throws Exception {
        String[] again = training.resumedCommandLine(spec, "--data");
        if (again != null) return io.sequoia.cli.Main.commandLine().execute(again);
        for (String o : List.of("--data", "--target", "--model", "--horizon")) {
            if (!Usage.given(spec, o)) throw Usage.error(spec, "missing the required option " + o + " (or --resume DIR to continue a run)");
        }
        training.checkRanges(spec);
        Usage.require(spec, training.out != null || training.resume != null, "--out", "the model folder to write", "none");
        checkResume();
        training.checkModelOut(spec);
        Usage.require(spec, horizon >= 1, "--horizon", "at least 1", horizon);
        Usage.require(spec, level > 0 && level < 1, "--level", "a level in (0, 1)", level);
        Usage.require(spec, period == null || period >= 1, "--period", "at least 1", period);
        for (String o : ForecastCommand.NEURAL_OPTIONS) {
            if (!model.isNeural() && Usage.given(spec, o)) throw Usage.error(spec, o + " has no effect on " + model + "; it applies to neural models (lstm, gru, seq2seq, transformer)");
        }
        boolean arima = model == ModelKind.ARIMA || model == ModelKind.SARIMA || model == ModelKind.AUTO;
        for (String o : List.of("--order", "--seasonal")) if (!arima && Usage.given(spec, o)) throw Usage.error(spec, o + " has no effect on " + model + "; it applies to arima, sarima or auto");
        ArimaOrder order = parseOrder();
        TimeSeries series = SeriesCsv.read(data, target, time, List.of(), interpolate ? SeriesCsv.Missing.INTERPOLATE : SeriesCsv.Missing.ERROR);
        int m = period != null ? period : order != null && order.s() > 1 ? order.s() : ForecastCommand.inferPeriod(series.times(), series.target(), spec);
        ForecasterCatalog catalog;
        try {
            int lb = lookback != null ? lookback : NeuralConfig.defaultLookback(m);
            NeuralConfig neural = NeuralConfig.builder().strategy(strategy).head(head).lookback(lb).hiddenSize(hidden).numLayers(layers)
                    .dropout(dropout).mcSamples(mcSamples).epochs(training.epochs).batchSize(training.batchSize).lr(training.lr).patience(patience)
                    .validationFraction(validFraction).maxMinutes(training.maxMinutes).clipNorm(training.clip).seed(training.seed).period(m)
                    .normalize(normalize != null ? normalize : NeuralConfig.defaultNormalize(m, lb)).build();
            catalog = ForecasterCatalog.builder(horizon, m).level(level).transform(transform).arimaOrder(order).neural(neural)
                    .checkpoints(model.isNeural() ? new CheckpointSeries(training.out, training.resume != null, training.checkpointEvery,
                            CheckpointOptions.extras(spec)) : null).build();
            if (model.isNeural()) catalog.neuralFor(model);
        } catch (IllegalArgumentException e) {
            throw Usage.error(spec, e.getMessage());
        }
        long t0 = System.nanoTime();
        ForecasterCatalog.Fitted fitted = catalog.fit(model, series.target(), null, null);   // neural: trains; classical: checks the model fits this series
        ForecasterFolder.save(training.out, catalog, fitted, order);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%s on %d points of %s (period %d, horizon %d, level %.2f): %s%n", model, series.length(), target, m, horizon, level, fitted.label());
        System.out.println("wrote " + training.out + (model.isNeural() ? " (the trained network)" : " (the settings: the model is fitted to each series it forecasts)")
                + "; serve it with: sequoia serve --model " + training.out);
        if (training.json) {
            System.out.println(io.sequoia.cli.JsonLine.fields("model", model.toString(), "points", series.length(), "period", m, "horizon", horizon,
                    "seconds", io.sequoia.cli.JsonLine.rounded(seconds, 3)));
        }
        return 0;
    }

    /**
     * A neural training checkpoints into --out/checkpoints/ at every epoch end (and every
     * --checkpoint-every steps); --resume DIR continues it there (with the recorded command line when
     * only --resume [--epochs] is given, else with the same options). Classical models do not train.
     */
    private void checkResume() {
        if (!model.isNeural()) {
            String why = "on " + model + "; it applies to neural models (lstm, gru, seq2seq, transformer): only they train";
            Usage.refuseUnless(spec, "--resume", false, why);
            Usage.refuseUnless(spec, "--checkpoint-every", false, why);
        }
        Path resume = training.resume;
        if (resume == null) return;
        if (training.out != null && !training.out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw Usage.error(spec, "--resume continues the run in its own folder; expected --out " + resume + " or no --out, got " + training.out);
        }
        java.util.Map<String, Object> extras;
        try {
            extras = CheckpointSeries.locate(resume);
        } catch (java.io.IOException e) {
            throw Usage.error(spec, "--resume: " + e.getMessage());
        }
        if (extras == null) {
            throw Usage.error(spec, "--resume: no checkpoint in " + resume.toAbsolutePath() + "/" + CheckpointSeries.FOLDER
                    + "; expected the --out folder of a train forecaster run with a neural model");
        }
        CheckpointOptions.requireSameRun(spec, resume, extras);
        training.out = resume;
    }

    private ArimaOrder parseOrder() {
        try {
            return io.sequoia.timeseries.ForecastUsage.order(orderText, seasonalText);
        } catch (IllegalArgumentException e) {
            throw Usage.error(spec, e.getMessage());
        }
    }
}
