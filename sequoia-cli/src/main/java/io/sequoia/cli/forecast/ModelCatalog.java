package io.sequoia.cli.forecast;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.Arima;
import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.classical.AutoArima;
import io.sequoia.timeseries.classical.ExponentialSmoothing;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.classical.Forecaster;
import io.sequoia.timeseries.classical.NaiveForecaster;
import io.sequoia.timeseries.classical.StructuralModel;
import io.sequoia.timeseries.neural.NeuralConfig;
import io.sequoia.timeseries.neural.NeuralForecaster;
import io.sequoia.timeseries.neural.SeedEnsemble;

import java.util.List;
import java.util.Map;

/**
 * Builds the forecasters named on the command line. Classical models use the future covariates as
 * regressors (ARIMA) or ignore covariates; neural models see past covariates in the lookback window
 * and future covariates over the horizon too.
 */
final class ModelCatalog {
    static final List<String> NAMES = List.of("lstm", "gru", "seq2seq", "transformer", "arima", "sarima", "ets", "holt-winters",
            "kalman", "naive", "snaive", "drift", "auto");
    /** Candidates {@code auto} compares on the validation split. */
    static final List<String> AUTO_CANDIDATES = List.of("snaive", "ets", "sarima", "kalman");

    private final int period;
    private final ArimaOrder order;       // null: search
    private final boolean positive;       // all transformed training values > 0
    private final NeuralConfig neural;
    private final int ensemble;
    private final List<String> futureNames;

    ModelCatalog(int period, ArimaOrder order, boolean positive, NeuralConfig neural, int ensemble, List<String> futureNames) {
        this.ensemble = ensemble;
        this.period = period;
        this.order = order;
        this.positive = positive;
        this.neural = neural;
        this.futureNames = futureNames;
    }

    static void check(String name) {
        if (!NAMES.contains(name)) throw Errors.arg("forecast", "--model must name known models", "one of " + NAMES, name, null);
    }

    boolean isNeural(String name) { return List.of("lstm", "gru", "seq2seq", "transformer").contains(name); }

    /** A fitted model: the forecaster and what to report about the choice. */
    record Fitted(Forecaster model, String label) {
        Forecast forecast(int h, double[][] futureX, double level) { return model.forecast(h, futureX, level); }
        Map<String, Double> parameters() { return model.parameters(); }
    }

    /** Fits model {@code name} on {@code y} with past and future covariates ({@code [time][k]} or null). */
    Fitted fit(String name, double[] y, double[][] past, double[][] future) {
        boolean seasonal = period > 1 && y.length >= 2 * period + 2;
        switch (name) {
            case "naive" -> { return new Fitted(new NaiveForecaster(NaiveForecaster.Kind.NAIVE, 1).fit(y, null), "naive"); }
            case "drift" -> { return new Fitted(new NaiveForecaster(NaiveForecaster.Kind.DRIFT, 1).fit(y, null), "drift"); }
            case "snaive" -> {
                if (period < 2) throw Errors.arg("forecast", "snaive needs a seasonal period", ">= 2", period, "Hint: pass --period N");
                return new Fitted(new NaiveForecaster(NaiveForecaster.Kind.SEASONAL_NAIVE, period).fit(y, null), "snaive");
            }
            case "arima", "sarima" -> {
                Arima a;
                if (order != null) {
                    if (name.equals("sarima") && !order.seasonal()) throw Errors.arg("forecast", "sarima needs --seasonal P,D,Q,s (or no --order for a search)", "a seasonal order", order, null);
                    a = new Arima(order, order.d() + order.sd() == 0, future == null ? null : futureNames).fit(y, future);
                } else {
                    a = AutoArima.fit(y, future, future == null ? null : futureNames, name.equals("sarima") ? period : 1, 2);
                }
                return new Fitted(a, a.order().toString());
            }
            case "ets" -> {
                ExponentialSmoothing e = ExponentialSmoothing.auto(y, period);
                return new Fitted(e, e.label());
            }
            case "holt-winters" -> {
                if (!seasonal) throw Errors.arg("forecast", "holt-winters needs a seasonal period and two full seasons", ">= " + (2 * period + 2) + " points with period >= 2", y.length + " points, period " + period, null);
                ExponentialSmoothing.Season s = positive ? ExponentialSmoothing.Season.MULTIPLICATIVE : ExponentialSmoothing.Season.ADDITIVE;
                ExponentialSmoothing e = new ExponentialSmoothing(ExponentialSmoothing.Trend.ADDITIVE, s, period).fit(y, null);
                return new Fitted(e, e.label());
            }
            case "kalman" -> {
                StructuralModel m = new StructuralModel(seasonal ? StructuralModel.Kind.BSM : StructuralModel.Kind.TREND, period).fit(y, null);
                return new Fitted(m, seasonal ? "BSM" : "local linear trend");
            }
            default -> {
                NeuralConfig.Arch arch = switch (name) {
                    case "gru" -> NeuralConfig.Arch.GRU;
                    case "seq2seq" -> NeuralConfig.Arch.SEQ2SEQ;
                    case "transformer" -> NeuralConfig.Arch.TRANSFORMER;
                    default -> NeuralConfig.Arch.LSTM;
                };
                NeuralConfig c = neural.withArch(arch);
                if (arch == NeuralConfig.Arch.SEQ2SEQ) c = c.withStrategy(NeuralConfig.Strategy.DIRECT);
                String label = name + " " + c.strategy().toString().toLowerCase(java.util.Locale.ROOT) + ", lookback " + c.lookback() + ", hidden " + c.hiddenSize()
                        + ", " + c.normalize().toString().toLowerCase(java.util.Locale.ROOT) + " normalisation";
                if (ensemble > 1) return new Fitted(new SeedEnsemble(c, ensemble).fit(y, past, future), label + ", ensemble of " + ensemble);
                return new Fitted(new NeuralForecaster(c).fit(y, past, future), label);
            }
        }
    }
}
