package io.sequoia.export;

import io.sequoia.nn.Parameter;
import io.sequoia.nn.attention.TransformerEncoder;

import java.util.Map;

/**
 * Sequoia's TransformerEncoder (batch first, pre- or post-norm, ReLU or exact GELU) decomposed into
 * opset-17 ops: LayerNormalization, MatMul, Split, Softmax, Erf — no contrib Attention op, so any
 * runtime runs it. Padding and causality are additive −∞ masks on the attention scores.
 */
final class OnnxTransformer {
    private OnnxTransformer() {}

    /** The token + learned position embedding: Gather, plus the first T rows of the position table. */
    static String embed(OnnxGraph g, String prefix, Map<String, Parameter> p, String ids) {
        Parameter tok = p.get("token.weight"), pos = p.get("position.weight");
        if (tok == null || pos == null) throw new ExportException("token/position embedding: expected token.weight and position.weight (learned positions), got " + p.keySet());
        String x = g.node("Gather", new String[]{g.weight(prefix + "token.weight", tok.data().toFloatArray(), tok.shape()), ids});
        String t = g.node("Shape", new String[]{ids}, "start", 1, "end", 2);
        String rows = g.node("Slice", new String[]{g.weight(prefix + "position.weight", pos.data().toFloatArray(), pos.shape()), g.ints("zero", 0), t, g.ints("axis", 0)});
        return g.node("Add", new String[]{x, rows});
    }

    /** x (N, T, E) through every layer (and the stack's final norm when it has one); addMask broadcasts to (N, h, T, T). */
    static String encoder(OnnxGraph g, String prefix, TransformerEncoder enc, String x, String addMask) {
        Map<String, Object> lc = enc.layer(0).config();
        int d = ((Number) lc.get("d_model")).intValue(), heads = ((Number) lc.get("nhead")).intValue();
        double eps = ((Number) lc.get("layer_norm_eps")).doubleValue();
        boolean pre = Boolean.TRUE.equals(lc.get("norm_first"));
        String act = String.valueOf(lc.get("activation"));
        if (!act.equals("gelu") && !act.equals("relu")) throw new ExportException("Transformer activation " + act + " is not exported (relu, gelu are)");
        Map<String, Parameter> p = enc.namedParameters();
        for (int l = 0; l < enc.numLayers(); l++) {
            String k = "layers." + l + ".";
            String n = prefix + k;
            if (pre) {
                x = g.node("Add", new String[]{x, attention(g, n, p, k, norm(g, n + "norm1", p, k + "norm1", x, eps), d, heads, addMask)});
                x = g.node("Add", new String[]{x, feedForward(g, n, p, k, norm(g, n + "norm2", p, k + "norm2", x, eps), act)});
            } else {
                x = norm(g, n + "norm1", p, k + "norm1", g.node("Add", new String[]{x, attention(g, n, p, k, x, d, heads, addMask)}), eps);
                x = norm(g, n + "norm2", p, k + "norm2", g.node("Add", new String[]{x, feedForward(g, n, p, k, x, act)}), eps);
            }
        }
        if (p.containsKey("norm.weight")) x = norm(g, prefix + "norm", p, "norm", x, eps);
        return x;
    }

    static String norm(OnnxGraph g, String name, Map<String, Parameter> p, String key, String x, double eps) {
        return norm(g, name, p.get(key + ".weight"), p.get(key + ".bias"), x, eps);
    }

    static String norm(OnnxGraph g, String name, Parameter w, Parameter b, String x, double eps) {
        return g.node("LayerNormalization", new String[]{x, g.weight(name + ".weight", w.data().toFloatArray(), w.shape()),
                g.weight(name + ".bias", b.data().toFloatArray(), b.shape())}, "axis", -1, "epsilon", eps);
    }

    private static String linear(OnnxGraph g, String name, Map<String, Parameter> p, String key, String x) {
        Parameter w = p.get(key + ".weight"), b = p.get(key + ".bias");
        int[] s = w.shape();
        return OnnxExport.linear(g, name, x, w.data().toFloatArray(), b == null ? null : b.data().toFloatArray(), s[0], s[1]);
    }

    private static String feedForward(OnnxGraph g, String n, Map<String, Parameter> p, String k, String x, String act) {
        String h = linear(g, n + "linear1", p, k + "linear1", x);
        if (act.equals("relu")) {
            h = g.node("Relu", new String[]{h});
        } else {   // exact GELU: 0.5 x (1 + erf(x / √2))
            String erf = g.node("Erf", new String[]{g.node("Mul", new String[]{h, g.scalar("inv_sqrt2", (float) (1 / Math.sqrt(2)))})});
            h = g.node("Mul", new String[]{g.node("Mul", new String[]{h, g.scalar("half", 0.5f)}), g.node("Add", new String[]{erf, g.scalar("one", 1f)})});
        }
        return linear(g, n + "linear2", p, k + "linear2", h);
    }

    private static String attention(OnnxGraph g, String n, Map<String, Parameter> p, String k, String x, int d, int heads, String addMask) {
        Parameter w = p.get(k + "self_attn.in_proj_weight"), b = p.get(k + "self_attn.in_proj_bias");
        if (w == null) throw new ExportException("attention layer " + k + ": expected a packed in_proj_weight, got " + p.keySet());
        String qkv = OnnxExport.linear(g, n + "self_attn.in_proj", x, w.data().toFloatArray(), b == null ? null : b.data().toFloatArray(), 3 * d, d);
        String q = g.fresh("q"), kk = g.fresh("k"), v = g.fresh("v");
        g.nodeOutputs("Split", new String[]{qkv, g.ints("split", d, d, d)}, new String[]{q, kk, v}, "axis", 2);
        int dh = d / heads;
        String shape = g.ints("heads", 0, 0, heads, dh);
        String qh = g.node("Transpose", new String[]{g.node("Reshape", new String[]{q, shape})}, "perm", new long[]{0, 2, 1, 3});    // (N, h, T, dh)
        String kh = g.node("Transpose", new String[]{g.node("Reshape", new String[]{kk, shape})}, "perm", new long[]{0, 2, 3, 1});   // (N, h, dh, T)
        String vh = g.node("Transpose", new String[]{g.node("Reshape", new String[]{v, shape})}, "perm", new long[]{0, 2, 1, 3});    // (N, h, T, dh)
        String scores = g.node("Mul", new String[]{g.node("MatMul", new String[]{qh, kh}), g.scalar("scale", (float) (1 / Math.sqrt(dh)))});
        if (addMask != null) scores = g.node("Add", new String[]{scores, addMask});
        String ctx = g.node("MatMul", new String[]{g.node("Softmax", new String[]{scores}, "axis", -1), vh});                        // (N, h, T, dh)
        String merged = g.node("Reshape", new String[]{g.node("Transpose", new String[]{ctx}, "perm", new long[]{0, 2, 1, 3}), g.ints("merge", 0, 0, d)});
        return linear(g, n + "self_attn.out_proj", p, k + "self_attn.out_proj", merged);
    }

    /** −∞ where {@code bool} is true, 0 elsewhere (float). */
    static String minusInfWhere(OnnxGraph g, String bool) {
        return g.node("Where", new String[]{bool, g.scalar("minus_inf", Float.NEGATIVE_INFINITY), g.scalar("zero_f", 0f)});
    }

    /** The causal mask (T, T): −∞ above the diagonal, for ids (N, T). */
    static String causal(OnnxGraph g, String ids) {
        String t = g.node("Shape", new String[]{ids}, "start", 1, "end", 2);
        String zeros = g.node("ConstantOfShape", new String[]{g.node("Concat", new String[]{t, t}, "axis", 0)});
        String lower = g.node("Trilu", new String[]{g.node("Add", new String[]{zeros, g.scalar("one", 1f)})}, "upper", 0);
        return minusInfWhere(g, g.node("Equal", new String[]{lower, g.scalar("zero_f", 0f)}));
    }
}
