package io.sequoia.autograd;

import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.Indexing;
import io.sequoia.tensor.NDArray;

/** Composite functions with PyTorch's {@code torch.nn.functional} semantics. */
public final class Functional {
    private Functional() {}

    /** {@code x · Wᵀ + b}; x (…, in), W (out, in), b (out) or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) throw Errors.shape("linear", "weight must be 2-D", 2, weight.dim(), "weight shape " + weight.shapeString());
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0))) {
            throw Errors.shape("linear", "bias must be 1-D of size out_features", "[" + weight.size(0) + "]", bias.shapeString(), null);
        }
        return Linalg.linear(x, weight, bias);
    }

    /**
     * Rows of {@code weight} (V, E) at integer {@code indices} of any shape → (…, E). The row at
     * {@code paddingIdx} (if ≥ 0) receives no gradient, as in PyTorch.
     */
    public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        int v = weight.size(0), e = weight.size(1);
        NDArray flat = indices.data().reshape(-1);
        for (int i = 0; i < flat.numel(); i++) {
            double x = flat.getDouble(i);
            if (x != Math.rint(x) || x < 0 || x >= v) {
                throw new IndexOutOfBoundsException(Errors.format("Embedding.forward", "index out of range",
                        "an integer in [0, " + v + ")", x, "position " + i + " of indices shape " + indices.shapeString()));
            }
        }
        NDArray rows = Indexing.indexSelect(weight.data(), 0, flat);
        int[] is = indices.shape();
        int[] os = java.util.Arrays.copyOf(is, is.length + 1);
        os[is.length] = e;
        int[] ws = weight.shape();
        return Autograd.record("embedding", rows.reshape(os), (g, needs) -> {
            NDArray gw = Indexing.indexAdd(ws, 0, flat, g.reshape(flat.numel(), e));
            if (paddingIdx >= 0) for (int j = 0; j < e; j++) gw.setDouble(paddingIdx * e + j, 0);
            return new NDArray[]{gw.markFresh()};            // a new table-sized array: the table keeps it, zeroGrad recycles it
        }, weight);
    }

    /** Inverted dropout: zeroes with probability p and scales the rest by 1/(1-p); identity when not training. */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        if (!(p >= 0 && p <= 1)) throw Errors.arg("dropout", "probability must be in [0, 1]", "0 <= p <= 1", p, null);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        long seed = gen.nextLong();                                 // the mask is regenerated in the backward, never stored
        return Autograd.record("dropout", io.sequoia.tensor.RandomMask.apply(seed, p, x.data()),
                (g, needs) -> new NDArray[]{Autograd.fresh(io.sequoia.tensor.RandomMask.apply(seed, p, g), g)}, x);
    }

    /**
     * {@code dropout(relu(x), p)} as one operation (the feed-forward block of a Transformer layer): one output
     * array, and the backward needs only that output, so ReLU's input is not kept alive for it. Draws one seed
     * from {@code gen} as {@link #dropout} does, so the generator's stream and the values are those of the
     * composed ops (the gradient differs only in the sign of zeros where a dropped unit had a positive input,
     * see {@link io.sequoia.tensor.RandomMask#reluDropoutBackward}).
     */
    public static Tensor reluDropout(Tensor x, double p, boolean training, Generator gen) {
        if (!(p >= 0 && p <= 1)) throw Errors.arg("dropout", "probability must be in [0, 1]", "0 <= p <= 1", p, null);
        if (!training || p == 0 || p == 1) return dropout(x.relu(), p, training, gen);
        long seed = gen.nextLong();
        NDArray y = io.sequoia.tensor.RandomMask.reluDropout(seed, p, x.data());
        return Autograd.record("relu_dropout", y, (g, needs) ->
                new NDArray[]{Autograd.fresh(io.sequoia.tensor.RandomMask.reluDropoutBackward(seed, p, g, y), g, y)}, x);
    }

    /**
     * {@code x + dropout(y, p)} as one operation (a Transformer block's residual connection): no array for the
     * dropout's output. {@code x} and {@code y} of different shapes or dtypes take the composed ops. Draws one
     * seed from {@code gen} as {@link #dropout} does; the values equal the composed ops' bit for bit.
     */
    public static Tensor addDropout(Tensor x, Tensor y, double p, boolean training, Generator gen) {
        if (!(p >= 0 && p <= 1)) throw Errors.arg("dropout", "probability must be in [0, 1]", "0 <= p <= 1", p, null);
        if (!training || p == 0 || p == 1 || x.data().dtype() != y.data().dtype()
                || !java.util.Arrays.equals(x.shape(), y.shape())) {
            return x.add(dropout(y, p, training, gen));
        }
        long seed = gen.nextLong();
        NDArray z = io.sequoia.tensor.RandomMask.addDropout(seed, p, x.data(), y.data());
        return Autograd.record("add_dropout", z, (g, needs) -> new NDArray[]{g,
                needs[1] ? Autograd.fresh(io.sequoia.tensor.RandomMask.apply(seed, p, g), g) : null}, x, y);
    }

    /** Layer normalisation over the last {@code normalizedShape.length} dims (biased variance). */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length, r = x.dim();
        int[] xs = x.shape();
        for (int i = 0; i < k; i++) {
            if (r - k + i < 0 || xs[r - k + i] != normalizedShape[i]) {
                throw Errors.shape("LayerNorm.forward", "input's trailing dims must equal normalized_shape",
                        java.util.Arrays.toString(normalizedShape), x.shapeString(), null);
            }
        }
        int d = 1;
        for (int v : normalizedShape) d *= v;
        NDArray xd = x.data();
        NDArray wd = weight == null ? null : weight.data().to(xd.dtype()).reshape(d);
        NDArray bd = bias == null ? null : bias.data().to(xd.dtype()).reshape(d);
        NDArray y = xd.newEmpty(xd.shape());
        int dd = d;
        io.sequoia.tensor.LayerNormKernel.Saved saved = io.sequoia.tensor.LayerNormKernel.forward(xd, wd, bd, eps, d, y);
        Tensor[] inputs = weight == null ? (bias == null ? new Tensor[]{x} : new Tensor[]{x, bias})
                : (bias == null ? new Tensor[]{x, weight} : new Tensor[]{x, weight, bias});
        return Autograd.record("layer_norm", y, (g, needs) -> {
            boolean needW = weight != null && needs[1];
            boolean needB = bias != null && needs[weight == null ? 1 : 2];
            NDArray[] gr = io.sequoia.tensor.LayerNormKernel.backward(g, xd, wd, bias != null, saved, dd, needs[0], needW, needB);
            NDArray gw = gr[1] == null ? null : gr[1].reshape(weight.shape());
            NDArray gb = gr[2] == null ? null : gr[2].reshape(bias.shape());
            NDArray gx = Autograd.fresh(gr[0], g, xd, y);
            return weight == null ? (bias == null ? new NDArray[]{gx} : new NDArray[]{gx, gb})
                    : (bias == null ? new NDArray[]{gx, gw} : new NDArray[]{gx, gw, gb});
        }, inputs);
    }

    /** {@link #layerNorm} composed from primitives: the fused kernel's reference in tests. */
    public static Tensor layerNormComposed(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length, r = x.dim();
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = r - k + i;
        Tensor mu = x.mean(dims, true);
        Tensor xc = x.sub(mu);
        Tensor var = xc.square().mean(dims, true);
        Tensor y = xc.div(var.add(eps).sqrt());
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    /**
     * Per-element binary cross-entropy of probabilities {@code p} against targets {@code y} (same
     * shape), as PyTorch computes it: logs clamped at −100, and the gradient
     * {@code (p − y) / max((1 − p)·p, 1e-12)}, finite even where p rounds to exactly 0 or 1.
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor y) {
        NDArray pd = p.data(), yd = y.data().dtype() == pd.dtype() ? y.data() : y.data().to(pd.dtype());
        NDArray out = NDArray.empty(pd.dtype(), pd.shape());
        for (int i = 0; i < out.numel(); i++) {
            double pv = pd.getDouble(i), yv = yd.getDouble(i);
            out.setDouble(i, -(yv * Math.max(Math.log(pv), -100) + (1 - yv) * Math.max(Math.log1p(-pv), -100)));
        }
        return Autograd.record("binary_cross_entropy", out, (g, needs) -> {
            NDArray gp = NDArray.empty(pd.dtype(), pd.shape()), gy = needs[1] ? NDArray.empty(pd.dtype(), pd.shape()) : null;
            for (int i = 0; i < gp.numel(); i++) {
                double pv = pd.getDouble(i), yv = yd.getDouble(i), gv = g.getDouble(i);
                gp.setDouble(i, gv * (pv - yv) / Math.max((1 - pv) * pv, 1e-12));
                if (gy != null) gy.setDouble(i, -gv * (Math.max(Math.log(pv), -100) - Math.max(Math.log1p(-pv), -100)));
            }
            return new NDArray[]{gp, gy};
        }, p, y);
    }
}
