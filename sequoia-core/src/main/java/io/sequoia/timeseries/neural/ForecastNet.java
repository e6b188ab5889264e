package io.sequoia.timeseries.neural;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.attention.SinusoidalPositionalEncoding;
import io.sequoia.nn.attention.TransformerEncoder;
import io.sequoia.nn.attention.TransformerEncoderLayer;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.LstmOutput;
import io.sequoia.nn.Config;
import io.sequoia.tensor.Errors;

import java.util.Locale;
import java.util.Map;

/**
 * The network behind {@link NeuralForecaster}: an encoder over the lookback window (LSTM, GRU or a
 * Transformer encoder) and a head. Direct heads read the encoder's last output together with the
 * flattened future covariates; the encoder–decoder runs an LSTM decoder over the horizon, started
 * from the encoder's final states and fed the future covariates and the step index.
 * <pre>
 * past   (N, L, F)    L = lookback, F = 1 + past covariates + future covariates
 * future (N, H, Kf)   H = steps emitted, Kf = future covariates (null when Kf = 0)
 * output (N, H, O)    O = outputs per step (1 point, 2 Gaussian, 3 quantiles)
 * </pre>
 */
public final class ForecastNet extends Module {
    private final NeuralConfig cfg;
    private final int features, kf, steps, outs;
    private LSTM lstm, decoder;
    private GRU gru;
    private Linear inputProj;
    private SinusoidalPositionalEncoding positions;
    private TransformerEncoder transformer;
    private final Dropout drop;
    private final Linear head;

    public ForecastNet(NeuralConfig cfg, int features, int kf) {
        this.cfg = cfg;
        this.features = features;
        this.kf = kf;
        this.steps = cfg.netHorizon();
        this.outs = cfg.outputsPerStep();
        int hid = cfg.hiddenSize();
        double between = cfg.numLayers() > 1 ? cfg.dropout() : 0;
        switch (cfg.arch()) {
            case LSTM, SEQ2SEQ -> lstm = registerModule("encoder", new LSTM(features, hid, cfg.numLayers(), true, true, between, false));
            case GRU -> gru = registerModule("encoder", new GRU(features, hid, cfg.numLayers(), true, true, between, false));
            case TRANSFORMER -> {
                inputProj = registerModule("input_proj", new Linear(features, hid));
                positions = registerModule("pos", new SinusoidalPositionalEncoding(hid, 0.0, Math.max(cfg.lookback(), 16), true));
                transformer = registerModule("encoder", new TransformerEncoder(
                        new TransformerEncoderLayer(hid, NeuralConfig.TRANSFORMER_HEADS, 2 * hid, cfg.dropout(), "relu", 1e-5, true, false), cfg.numLayers()));
            }
        }
        drop = registerModule("dropout", new Dropout(cfg.dropout()));
        if (cfg.arch() == NeuralConfig.Arch.SEQ2SEQ) {
            decoder = registerModule("decoder", new LSTM(kf + 1, hid, cfg.numLayers(), true, true, between, false));
            head = registerModule("head", new Linear(hid, outs));
        } else {
            head = registerModule("head", new Linear(hid + steps * kf, steps * outs));
        }
    }

    /** Rebuilds a ForecastNet from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static ForecastNet fromConfig(Map<String, Object> config) {
        Config c = Config.of("ForecastNet", config);
        NeuralConfig cfg = NeuralConfig.builder()
                .arch(NeuralConfig.Arch.valueOf(c.string("arch").toUpperCase(Locale.ROOT)))
                .strategy(NeuralConfig.Strategy.valueOf(c.string("strategy").toUpperCase(Locale.ROOT)))
                .head(NeuralConfig.Head.valueOf(c.string("head").toUpperCase(Locale.ROOT)))
                .lookback(c.integer("lookback")).horizon(c.integer("horizon")).hiddenSize(c.integer("hidden_size"))
                .numLayers(c.integer("num_layers")).dropout(c.real("dropout")).build();
        return new ForecastNet(cfg, c.integer("features"), c.integer("future_features"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("arch", cfg.arch().name().toLowerCase(Locale.ROOT));
        c.put("strategy", cfg.strategy().name().toLowerCase(Locale.ROOT));
        c.put("head", cfg.head().name().toLowerCase(Locale.ROOT));
        c.put("lookback", cfg.lookback());
        c.put("horizon", cfg.horizon());
        c.put("hidden_size", cfg.hiddenSize());
        c.put("num_layers", cfg.numLayers());
        c.put("dropout", cfg.dropout());
        c.put("features", features);
        c.put("future_features", kf);
        return c;
    }

    /** See the class comment for shapes. */
    public Tensor forward(Tensor past, Tensor future) {
        if (past.dim() != 3 || past.size(2) != features) {
            throw Errors.shape("ForecastNet.forward", "past must be (N, L, F)", "[N, L, " + features + "]", past.shapeString(), null);
        }
        int n = past.size(0);
        if (kf > 0 && (future == null || future.dim() != 3 || future.size(1) != steps || future.size(2) != kf)) {
            throw Errors.shape("ForecastNet.forward", "future must be (N, H, Kf)", "[" + n + ", " + steps + ", " + kf + "]", future == null ? "null" : future.shapeString(), null);
        }
        if (cfg.arch() == NeuralConfig.Arch.SEQ2SEQ) {
            LstmOutput enc = lstm.forward(past, null, null);
            float[] idx = new float[n * steps];
            for (int i = 0; i < n; i++) for (int h = 0; h < steps; h++) idx[i * steps + h] = (h + 1f) / steps;
            Tensor stepIn = Tensor.of(idx, n, steps, 1);
            Tensor decIn = kf > 0 ? Tensor.concat(2, future, stepIn) : stepIn; // (N, H, Kf + 1)
            Tensor dec = decoder.forward(decIn, enc.hN(), enc.cN()).output(); // (N, H, hidden)
            return head.forward(drop.forward(dec)); // (N, H, O)
        }
        Tensor last = switch (cfg.arch()) {
            case LSTM -> lstm.forward(past).select(1, past.size(1) - 1);          // (N, hidden)
            case GRU -> gru.forward(past).select(1, past.size(1) - 1);            // (N, hidden)
            default -> transformer.forward(positions.forward(inputProj.forward(past))).select(1, past.size(1) - 1); // (N, dModel)
        };
        Tensor in = kf > 0 ? Tensor.concat(1, last, future.reshape(n, steps * kf)) : last; // (N, hidden + H·Kf)
        return head.forward(drop.forward(in)).reshape(n, steps, outs); // (N, H, O)
    }
}
