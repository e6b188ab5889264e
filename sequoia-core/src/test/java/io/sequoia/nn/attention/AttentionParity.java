package io.sequoia.nn.attention;

import com.google.gson.JsonObject;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Fixtures;
import io.sequoia.nn.Module;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.NDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attention kinds of the libtorch fixtures ({@code multihead_attention},
 * {@code transformer_encoder_layer}, {@code positional_encoding}), called from {@code TorchParityTest}:
 * float32 runs the fused kernel (within 1e-5), float64 the composed twin (within 1e-10).
 */
public final class AttentionParity {
    private AttentionParity() {}

    static final double TOL32 = 1e-5, TOL64 = 1e-10;

    private static JsonObject expected(JsonObject c, DType dtype) { return dtype == DType.FLOAT32 ? c : c.getAsJsonObject("float64"); }

    private static double tol(DType dtype) { return dtype == DType.FLOAT32 ? TOL32 : TOL64; }

    private static void load(Module m, JsonObject c, DType dtype) {
        m.to(dtype);
        Map<String, NDArray> sd = new LinkedHashMap<>();
        JsonObject w = c.getAsJsonObject("weights");
        for (String k : w.keySet()) sd.put(k, Fixtures.array(w.getAsJsonObject(k), dtype));
        m.loadStateDict(sd, true);
    }

    private static Tensor input(JsonObject in, String name, DType dtype, boolean grad) {
        if (!in.has(name)) return null;
        Tensor t = Fixtures.tensor(in.getAsJsonObject(name), dtype);
        return grad ? t.requiresGrad(true) : t;
    }

    /** Compares outputs[name] and every grad in the case with the given leaves. */
    private static void compare(JsonObject c, DType dtype, Map<String, Tensor> outs, Map<String, Tensor> leaves) {
        String name = c.get("case").getAsString() + " " + dtype;
        JsonObject exp = expected(c, dtype);
        for (Map.Entry<String, Tensor> e : outs.entrySet()) {
            Fixtures.assertClose(name + " " + e.getKey(), Fixtures.array(exp.getAsJsonObject("outputs").getAsJsonObject(e.getKey()), dtype),
                    e.getValue().data(), tol(dtype));
        }
        JsonObject grads = exp.getAsJsonObject("grads");
        for (String g : grads.keySet()) {
            Tensor leaf = leaves.get(g);
            if (leaf == null || leaf.gradData() == null) throw new AssertionError(name + ": no gradient for " + g);
            Fixtures.assertClose(name + " grad " + g, Fixtures.array(grads.getAsJsonObject(g), dtype), leaf.gradData(), tol(dtype));
        }
    }

    private static Tensor lossTerm(JsonObject c, String output, Tensor value, DType dtype) {
        return value.mul(Fixtures.tensor(c.getAsJsonObject("loss_tensors").getAsJsonObject("G_" + output), dtype)).sum();
    }

    /** kind multihead_attention. */
    public static void multiheadAttention(JsonObject c, DType dtype) {
        JsonObject cfg = c.getAsJsonObject("config"), in = c.getAsJsonObject("inputs");
        int e = cfg.get("embed_dim").getAsInt();
        MultiheadAttention m = new MultiheadAttention(e, cfg.get("num_heads").getAsInt(), cfg.get("dropout").getAsDouble(),
                cfg.get("bias").getAsBoolean(), cfg.get("kdim").getAsInt(), cfg.get("vdim").getAsInt(), cfg.get("batch_first").getAsBoolean());
        load(m, c, dtype);
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        Tensor q = input(in, "query", dtype, true);
        boolean self = cfg.get("self_attention").getAsBoolean();
        Tensor k = self ? q : input(in, "key", dtype, true), v = self ? q : input(in, "value", dtype, true);
        leaves.put("query", q);
        if (!self) { leaves.put("key", k); leaves.put("value", v); }
        leaves.putAll(m.namedParameters());
        Tensor kpm = input(in, "key_padding_mask", dtype, false), mask = input(in, "attn_mask", dtype, false);
        MhaOutput o = m.forward(q, k, v, kpm, true, mask, true, false);
        MhaOutput perHead = m.forward(q, k, v, kpm, true, mask, false, false);
        lossTerm(c, "attn_output", o.output(), dtype).backward();
        Map<String, Tensor> outs = new LinkedHashMap<>();
        outs.put("attn_output", o.output());
        outs.put("attn_output_weights", o.weights());
        outs.put("attn_output_weights_per_head", perHead.weights());
        compare(c, dtype, outs, leaves);
    }

    /** kind transformer_encoder_layer. */
    public static void transformerEncoderLayer(JsonObject c, DType dtype) {
        JsonObject cfg = c.getAsJsonObject("config"), in = c.getAsJsonObject("inputs");
        TransformerEncoderLayer m = new TransformerEncoderLayer(cfg.get("d_model").getAsInt(), cfg.get("nhead").getAsInt(),
                cfg.get("dim_feedforward").getAsInt(), cfg.get("dropout").getAsDouble(), cfg.get("activation").getAsString(),
                cfg.get("layer_norm_eps").getAsDouble(), cfg.get("batch_first").getAsBoolean(), cfg.get("norm_first").getAsBoolean());
        load(m, c, dtype);
        Tensor src = input(in, "src", dtype, true);
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        leaves.put("src", src);
        leaves.putAll(m.namedParameters());
        Tensor out = m.forward(src, input(in, "src_mask", dtype, false), input(in, "src_key_padding_mask", dtype, false), false);
        lossTerm(c, "output", out, dtype).backward();
        compare(c, dtype, Map.of("output", out), leaves);
    }

    /** kind positional_encoding. */
    public static void positionalEncoding(JsonObject c, DType dtype) {
        JsonObject cfg = c.getAsJsonObject("config");
        Tensor pe = SinusoidalPositionalEncoding.table(cfg.get("max_len").getAsInt(), cfg.get("d_model").getAsInt(), dtype);
        compare(c, dtype, Map.of("pe", pe), Map.of());
    }
}
