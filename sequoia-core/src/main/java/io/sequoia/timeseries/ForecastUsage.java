package io.sequoia.timeseries;

import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.neural.NeuralConfig;

import java.util.List;
import java.util.function.Predicate;

/**
 * The rules of the forecast command line's options that {@code sequoia forecast} (one series and many) and
 * {@code sequoia spark forecast} share, in one place so that the two commands read the same options the same way
 * (issue 19): the split ({@code --horizon}, {@code --holdout N}, {@code --backtest N}), the ranges of {@code --level},
 * {@code --ensemble}, {@code --period}, the ARIMA orders ({@code --order}, {@code --seasonal}), the options that have no
 * effect on the chosen models, and the neural settings built from the options. Plain Java (no command-line library): a
 * broken rule throws {@link IllegalArgumentException} whose message names the option, which each command turns into its
 * usage error (exit 2).
 */
public final class ForecastUsage {
    private ForecastUsage() {}

    /** Options that only neural models read. */
    public static final List<String> NEURAL_OPTIONS = List.of("--lookback", "--epochs", "--hidden", "--layers", "--lr", "--batch-size", "--patience",
            "--valid-fraction", "--max-minutes", "--clip", "--dropout", "--mc-samples", "--head", "--strategy", "--normalize", "--ensemble", "--seed", "--covariates");

    /** The longest forecast: its values, intervals and time labels are held in memory (issue 17, resource limits). */
    public static final int MAX_HORIZON = 1_000_000;

    /** {@code --horizon}, {@code --holdout N}, {@code --backtest N}, {@code --level}, {@code --ensemble}, {@code --period}: their ranges and how they combine. */
    public static void checkRanges(Integer horizon, Integer holdout, Integer backtest, double level, int ensemble, Integer period) {
        if (holdout != null && backtest != null) throw bad("--holdout and --backtest exclude each other; pass one of them");
        if (holdout != null && horizon != null && !horizon.equals(holdout)) {
            throw bad("with --holdout N the forecasts cover the N held-out points; expected --horizon " + holdout + " or none, got --horizon " + horizon);
        }
        if (horizon == null && holdout == null) throw bad("--horizon is required without --holdout; pass --horizon H or --holdout N");
        if (horizon != null && horizon < 1) throw bad("--horizon must be at least 1, got " + horizon);
        if (horizon != null && horizon > MAX_HORIZON) throw bad("--horizon: expected at most " + MAX_HORIZON + " steps, got " + horizon);
        if (holdout != null && holdout < 1) throw bad("--holdout must be at least 1, got " + holdout);
        if (backtest != null && backtest < 1) throw bad("--backtest must be at least 1 fold, got " + backtest);
        if (!(level > 0 && level < 1)) throw bad("--level must be in (0, 1), got " + level);
        if (ensemble < 1) throw bad("--ensemble must be at least 1, got " + ensemble);
        if (period != null && period < 1) throw bad("--period must be at least 1, got " + period);
    }

    /** Whether a neural model runs (alone or in the combination). */
    public static boolean neural(ModelKind.Selection sel) {
        return sel.kinds().stream().anyMatch(ModelKind::isNeural) || sel.kinds().contains(ModelKind.COMB) && sel.members().stream().anyMatch(ModelKind::isNeural);
    }

    /**
     * An option given ({@code given}) that no chosen model reads: the neural options without a neural model, {@code --strategy}
     * with seq2seq only, {@code --order}/{@code --seasonal} without an ARIMA, {@code --level} without a model with intervals.
     */
    public static void checkEffects(ModelKind.Selection sel, Predicate<String> given, NeuralConfig.Head head, int mcSamples) {
        List<ModelKind> models = sel.kinds();
        if (models.isEmpty()) throw bad("--model needs at least one model");
        boolean neural = neural(sel);
        boolean arima = models.stream().anyMatch(k -> k == ModelKind.ARIMA || k == ModelKind.SARIMA || k == ModelKind.AUTO);
        for (String o : NEURAL_OPTIONS) if (given.test(o) && !neural) throw noEffect(o, models, "neural models (lstm, gru, seq2seq, transformer)");
        if (given.test("--strategy") && models.stream().noneMatch(k -> k.isNeural() && k != ModelKind.SEQ2SEQ)) {
            throw noEffect("--strategy", models, "lstm, gru or transformer (seq2seq is always direct)");
        }
        for (String o : List.of("--order", "--seasonal")) if (given.test(o) && !arima) throw noEffect(o, models, "arima, sarima or auto");
        boolean intervals = models.stream().anyMatch(k -> !k.isNeural()) || head != NeuralConfig.Head.POINT || mcSamples > 0;
        if (given.test("--level") && !intervals) throw noEffect("--level", models, "models with intervals: the classical ones, --head gaussian or quantile, or --mc-samples");
    }

    /** "OPTION has no effect on the chosen models [...]; it applies to ...". */
    public static IllegalArgumentException noEffect(String option, List<ModelKind> models, String appliesTo) {
        return bad(option + " has no effect on the chosen models " + models + "; it applies to " + appliesTo);
    }

    /** {@code --order p,d,q} and {@code --seasonal P,D,Q,s}: null when neither is given. */
    public static ArimaOrder order(String orderText, String seasonalText) {
        if (orderText == null && seasonalText == null) return null;
        int[] o = ints(orderText == null ? "0,0,0" : orderText, 3, "--order");
        int[] s = seasonalText == null ? new int[]{0, 0, 0, 1} : ints(seasonalText, 4, "--seasonal");
        return new ArimaOrder(o[0], o[1], o[2], s[0], s[1], s[2], s[3]);
    }

    private static int[] ints(String text, int count, String option) {
        String[] parts = text.split(",");
        if (parts.length != count) throw bad(option + " must have " + count + " comma-separated integers, got " + text);
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            try { v[i] = Integer.parseInt(parts[i].trim()); }
            catch (NumberFormatException e) { throw bad(option + " must have " + count + " comma-separated integers; expected an integer, got " + parts[i] + " (" + text + ")"); }
        }
        return v;
    }

    /**
     * The seasonal period: {@code --period}, else the seasonal order's, else none (0: to be inferred from the time labels or
     * values, {@link SeasonalPeriod#infer(String[], double[])}).
     */
    public static int givenPeriod(Integer period, ArimaOrder order) {
        return period != null ? period : order != null && order.s() > 1 ? order.s() : 0;
    }

    /**
     * {@code --holdout} must leave training points and {@code --backtest}'s first fold at least {@link Backtest#minTrain}: checked
     * before any model runs, naming the options, the series' length ({@code what}: whose) and the limit. With many series the
     * longest one is checked (a shorter one fails alone, as any series a model cannot fit).
     */
    public static void checkSplit(Integer holdout, Integer backtest, int n, int h, int m, String what) {
        if (holdout != null && holdout >= n) {
            throw bad("--holdout: " + what + " " + n + " points, so at most " + (n - 1) + " can be held out and leave one to train on; expected < " + n + ", got " + holdout);
        }
        if (backtest != null) {
            int min = Backtest.minTrain(m), left = n - backtest * h, most = Math.max(0, (n - min) / h);
            if (left < min) {
                throw bad("--backtest, --horizon: " + backtest + " folds of " + h + " points leave " + Math.max(left, 0) + " of the " + n + " points " + what
                        + " to train the first fold; expected at least " + min + " (max(2 x period " + m + " + 2, 10)), so at most " + most + " folds, got " + backtest
                        + " (Hint: fewer folds, a shorter --horizon, or --holdout)");
            }
        }
    }

    /** The neural options as given (null: the default for the period); {@link #neural(int)} builds the settings. */
    public record Neural(Integer lookback, int hidden, int layers, int patience, double validFraction, double dropout, int mcSamples,
                         NeuralConfig.Head head, NeuralConfig.Strategy strategy, NeuralConfig.Normalize normalize, int epochs, int batchSize,
                         double lr, double maxMinutes, double clip, long seed) {
        /** The neural settings for seasonal period {@code m}, as the forecast commands build them. */
        public NeuralConfig config(int m) {
            int lb = lookback != null ? lookback : NeuralConfig.defaultLookback(m);
            return NeuralConfig.builder().strategy(strategy).head(head).lookback(lb).hiddenSize(hidden).numLayers(layers)
                    .dropout(dropout).mcSamples(mcSamples).epochs(epochs).batchSize(batchSize).lr(lr).patience(patience)
                    .validationFraction(validFraction).maxMinutes(maxMinutes).clipNorm(clip).seed(seed).period(m)
                    .normalize(normalize != null ? normalize : NeuralConfig.defaultNormalize(m, lb)).build();
        }
    }

    private static IllegalArgumentException bad(String message) { return new IllegalArgumentException(message); }
}
