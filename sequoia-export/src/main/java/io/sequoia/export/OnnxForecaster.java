package io.sequoia.export;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.nn.attention.SinusoidalPositionalEncoding;
import io.sequoia.nn.attention.TransformerEncoder;
import io.sequoia.tensor.DType;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.timeseries.neural.ForecastNet;
import io.sequoia.timeseries.neural.NeuralConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A neural forecaster's network ({@link ForecastNet}, no covariates) as ONNX: input {@code past}
 * (batch, lookback, 1) float32 — the last {@code lookback} values, transformed, scaled and normalised
 * as the preprocessing file says — and output {@code output} (batch, steps, outputs). The recurrent
 * encoders are ONNX LSTM/GRU; the encoder–decoder passes the encoder's final (h, c) of each layer as
 * the decoder's initial state; the Transformer adds the sinusoidal table's first rows and runs the
 * decomposed encoder layers. A classical forecaster has no network (it is fitted to each series) and
 * is refused.
 */
final class OnnxForecaster {
    private OnnxForecaster() {}

    /** The folder's network, or an {@link ExportException} for a classical forecaster or one with covariates. */
    static ForecastNet network(ForecasterFolder f, String format) {
        if (!f.isNeural()) {
            throw new ExportException("a classical forecaster (" + f.kind().id() + ") has no network to export: it is fitted to each series it forecasts; "
                    + format + " export takes the neural forecasters (lstm, gru, seq2seq, transformer)");
        }
        Map<String, Object> nc = f.network().config();
        int features = ((Number) nc.get("features")).intValue(), kf = ((Number) nc.get("future_features")).intValue();
        if (kf > 0 || features != 1) throw new ExportException("a forecaster with covariates is not exported (features " + features + ")");
        return f.network();
    }

    static OnnxExport.Built build(ForecasterFolder f) {
        ForecastNet net = network(f, "ONNX");
        NeuralConfig cfg = f.neuralConfig();
        int features = 1;
        int hid = cfg.hiddenSize(), layers = cfg.numLayers(), steps = cfg.netHorizon(), outs = cfg.outputsPerStep();
        Map<String, Module> ch = net.namedChildren();
        OnnxGraph g = new OnnxGraph();
        g.input("past", OnnxGraph.FLOAT, "batch", "lookback", 1);
        String last;
        switch (cfg.arch()) {
            case LSTM, GRU -> {
                boolean lstm = cfg.arch() == NeuralConfig.Arch.LSTM;
                String x = g.node("Transpose", new String[]{"past"}, "perm", new long[]{1, 0, 2});                       // (L, N, 1)
                Map<String, Parameter> p = ch.get("encoder").namedParameters();
                for (int k = 0; k < layers; k++) {
                    x = RecurrentOps.run(g, "encoder.l" + k, lstm, hid, k == 0 ? features : hid, new RecurrentOps.Direction[]{RecurrentOps.Direction.of(p, "_l" + k)}, x, "")[0];
                }
                last = g.node("Gather", new String[]{x, g.scalarInt("last", -1)}, "axis", 0);                          // (N, H)
            }
            case SEQ2SEQ -> {
                String x = g.node("Transpose", new String[]{"past"}, "perm", new long[]{1, 0, 2});                       // (L, N, 1)
                Map<String, Parameter> p = ch.get("encoder").namedParameters(), dp = ch.get("decoder").namedParameters();
                String[] h = new String[layers], c = new String[layers];
                for (int k = 0; k < layers; k++) {
                    String[] r = RecurrentOps.run(g, "encoder.l" + k, true, hid, k == 0 ? features : hid, new RecurrentOps.Direction[]{RecurrentOps.Direction.of(p, "_l" + k)}, x, "");
                    x = r[0];
                    h[k] = r[1];
                    c[k] = r[2];
                }
                float[] idx = new float[steps];
                for (int s = 0; s < steps; s++) idx[s] = (s + 1f) / steps;                                             // the step index the decoder reads
                String n = g.node("Shape", new String[]{"past"}, "start", 0, "end", 1);
                String y = g.node("Expand", new String[]{g.weight("decoder.step_index", idx, steps, 1, 1),
                        g.node("Concat", new String[]{g.ints("steps", steps), n, g.ints("one", 1)}, "axis", 0)});       // (H, N, 1)
                for (int k = 0; k < layers; k++) {
                    y = RecurrentOps.run(g, "decoder.l" + k, true, hid, k == 0 ? 1 : hid, new RecurrentOps.Direction[]{RecurrentOps.Direction.of(dp, "_l" + k)}, y, "", h[k], c[k])[0];
                }
                String dec = g.node("Transpose", new String[]{y}, "perm", new long[]{1, 0, 2});                          // (N, H, hidden)
                Map<String, Parameter> hp = ch.get("head").namedParameters();
                String out = OnnxExport.linear(g, "head", dec, hp.get("weight").data().toFloatArray(), hp.get("bias").data().toFloatArray(), outs, hid);
                return finish(g, out, f, net, steps, outs);
            }
            default -> {
                Map<String, Parameter> ip = ch.get("input_proj").namedParameters();
                String x = OnnxExport.linear(g, "input_proj", "past", ip.get("weight").data().toFloatArray(), ip.get("bias").data().toFloatArray(), hid, features);
                int maxLen = ((Number) ch.get("pos").config().get("max_len")).intValue();
                float[] table = SinusoidalPositionalEncoding.table(maxLen, hid, DType.FLOAT32).toFloatArray();
                String t = g.node("Shape", new String[]{"past"}, "start", 1, "end", 2);
                String rows = g.node("Slice", new String[]{g.weight("pos.table", table, maxLen, hid), g.ints("zero", 0), t, g.ints("axis", 0)});
                x = g.node("Add", new String[]{x, rows});
                x = OnnxTransformer.encoder(g, "encoder.", (TransformerEncoder) ch.get("encoder"), x, null);            // (N, L, H)
                last = g.node("Gather", new String[]{x, g.scalarInt("last", -1)}, "axis", 1);                          // (N, H)
            }
        }
        Map<String, Parameter> hp = ch.get("head").namedParameters();
        String out = OnnxExport.linear(g, "head", last, hp.get("weight").data().toFloatArray(), hp.get("bias").data().toFloatArray(), steps * outs, hid);
        return finish(g, g.node("Reshape", new String[]{out, g.ints("shape", 0, steps, outs)}), f, net, steps, outs);
    }

    private static OnnxExport.Built finish(OnnxGraph g, String out, ForecasterFolder f, ForecastNet net, int steps, int outs) {
        g.identity(out, "output");
        g.output("output", OnnxGraph.FLOAT, "batch", steps, outs);
        NeuralConfig cfg = f.neuralConfig();
        int l = cfg.lookback();
        float[] past = new float[2 * l];
        for (int i = 0; i < past.length; i++) past[i] = (float) Math.sin(0.7 * i) * (i < l ? 1 : 0.5f);
        Tensor expected;
        net.eval();
        try (var ng = GradMode.noGrad()) {
            expected = net.forward(Tensor.of(past, 2, l, 1), null);
        }
        Map<String, Object> pre = new LinkedHashMap<>();
        pre.put("task", ForecasterFolder.TASK);
        pre.put("model", f.kind().id());
        pre.put("lookback", l);
        pre.put("transform", f.transform().id() + (f.transform().id().equals("boxcox") ? " (lambda " + f.section().get("boxcox_lambda") + ")" : ""));
        pre.put("scaler", Map.of("shift", f.scaler().shift(), "scale", f.scaler().scale()));
        pre.put("normalize", cfg.normalize().name().toLowerCase(java.util.Locale.ROOT));
        pre.put("period", cfg.period());
        pre.put("head", cfg.head().name().toLowerCase(java.util.Locale.ROOT));
        pre.put("strategy", cfg.strategy().name().toLowerCase(java.util.Locale.ROOT));
        pre.put("input", "past (batch, lookback, 1) float32: the last lookback values y, each as z = (transform(y) - shift) / scale, "
                + "minus the last z when normalize is 'last' or 'seasonal'");
        pre.put("output", "output (batch, steps, outputs) float32: per step, 'point' → the forecast; 'gaussian' → mean, pre-softplus sd "
                + "(sd = log(1 + exp(v)) + 1e-3); 'quantile' → lower, median, upper at the saved level. Add the base (none: 0; last: the last z; "
                + "seasonal: the z one period before the step, z[n - period + (a mod period)] for step a), then y = inverse_transform(v * scale + shift). "
                + "A recursive model (steps 1) is fed its own forecasts step by step.");
        return new OnnxExport.Built(g, "past", "output", null, new int[]{2, l, 1}, expected, pre, past);
    }
}
