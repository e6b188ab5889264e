package io.sequoia.timeseries;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.sequoia.io.FileFormatException;
import io.sequoia.io.ModelFolder;
import io.sequoia.nn.Config;
import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.ArimaOrder;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.neural.ForecastNet;
import io.sequoia.timeseries.neural.NeuralConfig;
import io.sequoia.timeseries.neural.NeuralForecaster;
import io.sequoia.timeseries.transforms.BoxCox;
import io.sequoia.timeseries.transforms.PointTransform;
import io.sequoia.timeseries.transforms.Scaler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forecaster as a model folder ({@code "task": "forecaster"}), the form {@code sequoia serve} and
 * {@code sequoia export onnx} take. Two kinds:
 * <ul>
 * <li><b>classical</b> (ets, arima, theta, ..., auto): the catalogue's settings only — model, seasonal
 *     period, horizon, level, transform, ARIMA order. A statistical model's parameters belong to the
 *     series, so the model is fitted to each series it is asked to forecast ({@link #forecast}); the
 *     weights file is empty.</li>
 * <li><b>neural</b> (lstm, gru, seq2seq, transformer, trained without covariates): the trained
 *     {@link ForecastNet} (architecture and weights), its {@link NeuralConfig}, and the transform and
 *     scaler fitted on the training series. It forecasts after any history of at least
 *     {@code lookback} values, read with the training series' scaling.</li>
 * </ul>
 * <pre>
 * ForecasterFolder.save(dir, catalog, catalog.fit(ModelKind.LSTM, y, null, null), null);
 * Forecast f = ForecasterFolder.load(dir).forecast(history, 12, 0.8);
 * </pre>
 */
public final class ForecasterFolder {
    public static final String TASK = "forecaster", CONFIG_KEY = "forecaster";
    private static final Gson GSON = new Gson();

    private final ModelKind kind;
    private final int horizon, period;
    private final double level;
    private final Transform transform;
    private final ArimaOrder order;
    private final Map<String, Object> section;
    // neural only
    private final NeuralConfig neural;
    private final ForecastNet net;
    private final PointTransform fittedTransform;
    private final Scaler scaler;

    private ForecasterFolder(ModelKind kind, int horizon, int period, double level, Transform transform, ArimaOrder order, Map<String, Object> section,
                             NeuralConfig neural, ForecastNet net, PointTransform fittedTransform, Scaler scaler) {
        this.kind = kind;
        this.horizon = horizon;
        this.period = period;
        this.level = level;
        this.transform = transform;
        this.order = order;
        this.section = section;
        this.neural = neural;
        this.net = net;
        this.fittedTransform = fittedTransform;
        this.scaler = scaler;
    }

    /**
     * Saves {@code fitted} (a fit of {@code catalog}) as a forecaster folder. A classical fit keeps only
     * the settings (with {@code order}, the ARIMA order the catalogue was built with, or null for a
     * search); a neural fit keeps its network. A neural fit with covariates or an ensemble is refused.
     */
    public static void save(Path dir, ForecasterCatalog catalog, ForecasterCatalog.Fitted fitted, ArimaOrder order) throws IOException {
        String w = "ForecasterFolder.save";
        ModelKind kind = fitted.kind();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", kind.id());
        s.put("horizon", catalog.horizon());
        s.put("period", catalog.period());
        s.put("level", catalog.level());
        s.put("transform", catalog.transform().id());
        if (order != null) s.put("order", List.of(order.p(), order.d(), order.q(), order.sp(), order.sd(), order.sq(), order.s()));
        s.put("fitted_on_training_series", fitted.label());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ModelFolder.TASK_KEY, TASK);
        if (!kind.isNeural()) {
            s.put("kind", "classical: fitted to each series it forecasts");
            config.put(CONFIG_KEY, s);
            ModelFolder.save(dir, config, Map.of(), null);
            return;
        }
        if (!(fitted.model() instanceof NeuralForecaster nf)) {
            throw Errors.arg(w, "only a single neural network can be saved", "one network (no --ensemble)", fitted.model().getClass().getSimpleName(), null);
        }
        if (nf.usesCovariates()) throw Errors.arg(w, "a neural forecaster with covariates cannot be saved yet", "a model fitted on the target alone", "covariates", null);
        s.put("kind", "neural: forecasts after any history of at least lookback values, with the training series' scaling");
        s.put("neural", neuralMap(nf.config()));
        PointTransform t = fitted.transform();
        if (t instanceof BoxCox b) s.put("boxcox_lambda", b.lambda());
        s.put("scaler", Map.of("shift", nf.targetScaler().shift(), "scale", nf.targetScaler().scale()));
        config.put(CONFIG_KEY, s);
        ModelFolder.saveModule(dir, nf.network(), config);
    }

    /** Loads a folder written by {@link #save}. */
    public static ForecasterFolder load(Path dir) throws IOException {
        String task = ModelFolder.task(dir);
        if (!TASK.equals(task)) throw Errors.arg("ForecasterFolder.load", "the folder does not hold a forecaster", "task \"" + TASK + "\"", task, "folder " + dir);
        ModelFolder.Contents c = ModelFolder.load(dir);
        JsonObject sec = c.config().getAsJsonObject(CONFIG_KEY);
        Path file = dir.resolve(ModelFolder.CONFIG_FILE);
        if (sec == null) throw new FileFormatException(file, -1, "ForecasterFolder.load: config.json has no \"" + CONFIG_KEY + "\" section (" + file + ")");
        @SuppressWarnings("unchecked") Map<String, Object> m = GSON.fromJson(sec, Map.class);
        try {
            Config k = Config.of("ForecasterFolder", m);
            ModelKind kind = ModelKind.of(k.string("model"));
            ArimaOrder order = null;
            if (m.get("order") instanceof List<?> o) {
                int[] v = o.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
                order = new ArimaOrder(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
            }
            Transform transform = Transform.of(k.string("transform"));
            if (!kind.isNeural()) {
                return new ForecasterFolder(kind, k.integer("horizon"), k.integer("period"), k.real("level"), transform, order, m, null, null, null, null);
            }
            @SuppressWarnings("unchecked") NeuralConfig cfg = neuralConfig((Map<String, Object>) m.get("neural"));
            @SuppressWarnings("unchecked") Config sc = Config.of("ForecasterFolder.scaler", (Map<String, Object>) m.get("scaler"));
            PointTransform fitted = transform == Transform.NONE ? PointTransform.NONE : new BoxCox(transform == Transform.LOG ? 0 : k.real("boxcox_lambda"));
            ForecastNet net = (ForecastNet) ModelFolder.loadModule(dir).module();
            net.train(false);
            return new ForecasterFolder(kind, k.integer("horizon"), k.integer("period"), k.real("level"), transform, order, m, cfg, net, fitted,
                    new Scaler(sc.real("shift"), sc.real("scale")));
        } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException | NullPointerException e) {
            throw new FileFormatException(file, -1, "ForecasterFolder.load: bad \"" + CONFIG_KEY + "\" section: " + e.getMessage() + " (" + file + ")", e);
        }
    }

    /**
     * Forecasts {@code h} steps after {@code y} (the series on its own scale) with a central interval at
     * {@code level}. Classical: the model is fitted to {@code y}. Neural: the saved network reads the
     * last {@code lookback} values (a direct network forecasts at most its trained horizon; a quantile
     * head gives intervals only at its trained level).
     */
    public Forecast forecast(double[] y, int h, double level) {
        String w = "ForecasterFolder.forecast";
        if (y == null || y.length == 0) throw Errors.arg(w, "the series must not be empty", ">= 1 value", 0, null);
        for (double v : y) if (!Double.isFinite(v)) throw Errors.arg(w, "the series must be finite numbers", "finite values", v, null);
        if (h < 1) throw Errors.arg(w, "horizon must be at least 1", ">= 1", h, null);
        if (!(level > 0 && level < 1)) throw Errors.arg(w, "level must be in (0, 1)", "0 < level < 1", level, null);
        if (net == null) {
            ForecasterCatalog c = ForecasterCatalog.builder(h, period).level(level).transform(transform).arimaOrder(order).build();
            return c.fit(kind, y, null, null).forecast(null);
        }
        NeuralForecaster f = NeuralForecaster.restore(neural, net, scaler, fittedTransform.forward(y));
        return f.forecast(h, null, level).map(fittedTransform::inverse);
    }

    public ModelKind kind() { return kind; }
    /** The horizon it was saved with (the default of {@link #forecast}). */
    public int horizon() { return horizon; }
    public int period() { return period; }
    /** The interval level it was saved with (the default of {@link #forecast}). */
    public double level() { return level; }
    public Transform transform() { return transform; }
    public boolean isNeural() { return net != null; }
    /** The neural settings (null for a classical forecaster). */
    public NeuralConfig neuralConfig() { return neural; }
    /** The network (null for a classical forecaster). */
    public ForecastNet network() { return net; }
    /** The scaler of the network's inputs and outputs (null for a classical forecaster). */
    public Scaler scaler() { return scaler; }
    /** The transform fitted on the training series (neural; null for a classical forecaster). */
    public PointTransform fittedTransform() { return fittedTransform; }
    /** The largest horizon {@link #forecast} takes: a direct network's trained horizon, else unbounded. */
    public int maxHorizon() { return net != null && neural.strategy() == NeuralConfig.Strategy.DIRECT ? neural.horizon() : Integer.MAX_VALUE; }
    /** The shortest history {@link #forecast} takes (a neural lookback; a classical model says itself what it needs). */
    public int minLength() { return net != null ? neural.lookback() : 1; }
    /** The folder's {@code "forecaster"} section. */
    public Map<String, Object> section() { return section; }

    private static Map<String, Object> neuralMap(NeuralConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arch", id(c.arch()));
        m.put("strategy", id(c.strategy()));
        m.put("head", id(c.head()));
        m.put("lookback", c.lookback());
        m.put("horizon", c.horizon());
        m.put("hidden_size", c.hiddenSize());
        m.put("num_layers", c.numLayers());
        m.put("dropout", c.dropout());
        m.put("mc_samples", c.mcSamples());
        m.put("normalize", id(c.normalize()));
        m.put("period", c.period());
        m.put("level", c.level());
        m.put("seed", c.seed());
        return m;
    }

    private static NeuralConfig neuralConfig(Map<String, Object> m) {
        Config c = Config.of("ForecasterFolder.neural", m);
        return NeuralConfig.builder()
                .arch(NeuralConfig.Arch.valueOf(c.string("arch").toUpperCase(Locale.ROOT)))
                .strategy(NeuralConfig.Strategy.valueOf(c.string("strategy").toUpperCase(Locale.ROOT)))
                .head(NeuralConfig.Head.valueOf(c.string("head").toUpperCase(Locale.ROOT)))
                .lookback(c.integer("lookback")).horizon(c.integer("horizon")).hiddenSize(c.integer("hidden_size"))
                .numLayers(c.integer("num_layers")).dropout(c.real("dropout")).mcSamples(c.integer("mc_samples"))
                .normalize(NeuralConfig.Normalize.valueOf(c.string("normalize").toUpperCase(Locale.ROOT)))
                .period(c.integer("period")).level(c.real("level")).seed((long) c.real("seed")).build();
    }

    private static String id(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }
}
