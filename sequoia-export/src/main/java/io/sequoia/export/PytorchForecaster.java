package io.sequoia.export;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.timeseries.neural.ForecastNet;
import io.sequoia.timeseries.neural.NeuralConfig;

import java.util.Locale;

/**
 * A neural forecaster's network ({@link ForecastNet}, no covariates) as a PyTorch module:
 * {@code forward(past)} with past (N, lookback, 1), already transformed, scaled and normalised, →
 * (N, steps, outputs), as {@link ForecastNet#forward}. What happens outside the network (the scaling,
 * the normalisation base, the head's meaning) is what {@code export onnx} writes in its
 * preprocessing file, repeated in the module's docstring. A classical forecaster has no network and
 * is refused.
 */
final class PytorchForecaster {
    private PytorchForecaster() {}

    static PytorchExport.Piece build(ForecasterFolder f) {
        ForecastNet net = OnnxForecaster.network(f, "PyTorch");
        NeuralConfig cfg = f.neuralConfig();
        int hid = cfg.hiddenSize(), layers = cfg.numLayers(), steps = cfg.netHorizon(), outs = cfg.outputsPerStep(), lookback = cfg.lookback();
        double between = layers > 1 ? cfg.dropout() : 0;
        StringBuilder sb = new StringBuilder();
        if (cfg.arch() == NeuralConfig.Arch.TRANSFORMER) sb.append(PytorchExport.SINUSOIDAL_HELPER);
        sb.append("""
                LOOKBACK, STEPS, OUTPUTS = %d, %d, %d
                SCALER = {"shift": %s, "scale": %s}   # z = (transform(y) - shift) / scale
                TRANSFORM, NORMALIZE, PERIOD, HEAD, STRATEGY = "%s", "%s", %d, "%s", "%s"


                class Model(nn.Module):
                    \"\"\"Sequoia's '%s' forecaster network. Input: the last LOOKBACK values y as z = (transform(y) - shift) / scale,
                    minus the last z when NORMALIZE is 'last' or 'seasonal'. Output per step: HEAD 'point' → the forecast; 'gaussian'
                    → mean and pre-softplus sd (sd = log(1 + exp(v)) + 1e-3); 'quantile' → lower, median, upper. Add the base back
                    (none: 0; last: the last z; seasonal: z one period before the step) and invert the scaling and the transform.
                    A recursive model (STEPS 1) is fed its own forecasts.\"\"\"

                    def __init__(self):
                        super().__init__()
                """.formatted(lookback, steps, outs, f.scaler().shift(), f.scaler().scale(),
                f.transform().id() + (f.transform().id().equals("boxcox") ? " " + f.section().get("boxcox_lambda") : ""),
                lower(cfg.normalize()), cfg.period(), lower(cfg.head()), lower(cfg.strategy()), f.kind().id()));
        switch (cfg.arch()) {
            case LSTM, SEQ2SEQ -> sb.append("        self.encoder = nn.LSTM(1, " + hid + ", " + layers + ", batch_first=True, dropout=" + between + ")\n");
            case GRU -> sb.append("        self.encoder = nn.GRU(1, " + hid + ", " + layers + ", batch_first=True, dropout=" + between + ")\n");
            case TRANSFORMER -> {
                int maxLen = ((Number) net.namedChildren().get("pos").config().get("max_len")).intValue();
                sb.append("        self.input_proj = nn.Linear(1, " + hid + ")\n");
                sb.append("        self.register_buffer(\"positions\", sinusoidal_table(" + maxLen + ", " + hid + "), persistent=False)\n");
                sb.append("        layer = nn.TransformerEncoderLayer(" + hid + ", " + NeuralConfig.TRANSFORMER_HEADS + ", " + 2 * hid + ", " + cfg.dropout()
                        + ", batch_first=True)   # post-norm, ReLU\n");
                sb.append("        self.encoder = nn.TransformerEncoder(layer, " + layers + ", enable_nested_tensor=False)\n");
            }
        }
        sb.append("        self.dropout = nn.Dropout(" + cfg.dropout() + ")\n");
        if (cfg.arch() == NeuralConfig.Arch.SEQ2SEQ) {
            sb.append("        self.decoder = nn.LSTM(1, " + hid + ", " + layers + ", batch_first=True, dropout=" + between + ")\n");
            sb.append("        self.head = nn.Linear(" + hid + ", OUTPUTS)\n");
        } else {
            sb.append("        self.head = nn.Linear(" + hid + ", STEPS * OUTPUTS)\n");
        }
        sb.append("""

                    def forward(self, past):
                        \"\"\"past (N, LOOKBACK, 1) float32 → (N, STEPS, OUTPUTS).\"\"\"
                        n = past.size(0)
                """);
        sb.append(switch (cfg.arch()) {
            case LSTM, GRU -> "        last = self.encoder(past)[0][:, -1]\n";
            case TRANSFORMER -> "        last = self.encoder(self.input_proj(past) + self.positions[: past.size(1)])[:, -1]\n";
            case SEQ2SEQ -> """
                            _, state = self.encoder(past)                                   # each layer's final (h, c) starts the decoder
                            step = (torch.arange(STEPS, dtype=past.dtype) + 1) / STEPS      # the decoder reads the step index
                            out, _ = self.decoder(step.reshape(1, STEPS, 1).expand(n, STEPS, 1), state)
                            return self.head(self.dropout(out))
                    """;
        });
        if (cfg.arch() != NeuralConfig.Arch.SEQ2SEQ) sb.append("        return self.head(self.dropout(last)).reshape(n, STEPS, OUTPUTS)\n");

        float[] past = new float[2 * lookback];
        for (int i = 0; i < past.length; i++) past[i] = (float) Math.sin(0.7 * i) * (i < lookback ? 1 : 0.5f);
        Tensor in = Tensor.of(past, 2, lookback, 1), out;
        boolean was = net.isTraining();
        net.eval();
        try (var g = GradMode.noGrad()) {
            out = net.forward(in, null);
        } finally {
            net.train(was);
        }
        return new PytorchExport.Piece(sb.toString(), new Example().floats("past", in).output("output", out));
    }

    private static String lower(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }
}
