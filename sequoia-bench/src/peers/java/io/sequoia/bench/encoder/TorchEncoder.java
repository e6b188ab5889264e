package io.sequoia.bench.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;

/**
 * libtorch 2.5.1 through DJL 0.32.0: the post-norm encoder layer composed from ATen ops exactly as
 * {@code torch.nn.TransformerEncoderLayer} → {@code F.multi_head_attention_forward} composes it in
 * training: {@code linear} (in_proj) → split into q, k, v → heads → {@code matmul}(q, kᵀ)·scale →
 * {@code softmax} → {@code dropout} → {@code matmul}(·, v) → {@code linear} (out_proj) → dropout →
 * residual → {@code layer_norm} → {@code linear} → {@code relu} → dropout → {@code linear} → dropout →
 * residual → {@code layer_norm}. DJL exposes no {@code scaled_dot_product_attention}, so the attention
 * core is ATen's math path (PyTorch 2.5's CPU flash kernel is not reachable from here).
 */
public final class TorchEncoder implements EncoderSubject {
    private NDManager manager;
    private final List<NDArray> params = new ArrayList<>();
    private NDArray inW, inB, outW, outB, w1, b1, w2, b2, g1, be1, g2, be2;
    private NDArray x;
    private NDArray target;
    private EncoderShape s;

    @Override public String name() { return "libtorch"; }

    @Override public void setup(EncoderShape shape, int threads) {
        s = shape;
        Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        manager = NDManager.newBaseManager();
        int d = s.d(), f = s.f();
        inW = param(manager.randomUniform(-a(d, 3 * d), a(d, 3 * d), new Shape(3L * d, d)));
        inB = param(manager.zeros(new Shape(3L * d)));
        outW = param(manager.randomUniform(-k(d), k(d), new Shape(d, d)));
        outB = param(manager.zeros(new Shape(d)));
        w1 = param(manager.randomUniform(-k(d), k(d), new Shape(f, d)));
        b1 = param(manager.randomUniform(-k(d), k(d), new Shape(f)));
        w2 = param(manager.randomUniform(-k(f), k(f), new Shape(d, f)));
        b2 = param(manager.randomUniform(-k(f), k(f), new Shape(d)));
        g1 = param(manager.ones(new Shape(d)));
        be1 = param(manager.zeros(new Shape(d)));
        g2 = param(manager.ones(new Shape(d)));
        be2 = param(manager.zeros(new Shape(d)));
        x = manager.randomNormal(new Shape(s.b(), s.l(), d));
        target = manager.randomNormal(new Shape(s.b(), s.l(), d));
    }

    private static float k(int fanIn) { return (float) (1 / Math.sqrt(fanIn)); }

    private static float a(int fanIn, int fanOut) { return (float) Math.sqrt(6.0 / (fanIn + fanOut)); }

    private NDArray param(NDArray p) {
        p.setRequiresGradient(true);
        params.add(p);
        return p;
    }

    @Override public int reportedThreads() { return JniUtils.getNumThreads(); }

    private NDArray forward(boolean training) {
        int b = s.b(), l = s.l(), d = s.d(), h = s.h(), dh = d / h;
        NDArrayEx ex = x.getNDArrayInternal();
        NDList qkv = ex.linear(x, inW, inB).singletonOrThrow().split(3, 2);   // 3 × (B, L, D)
        NDArray q = heads(qkv.get(0), b, l, h, dh).mul(1 / Math.sqrt(dh));
        NDArray kk = heads(qkv.get(1), b, l, h, dh);
        NDArray v = heads(qkv.get(2), b, l, h, dh);
        NDArray w = q.matMul(kk.transpose(0, 1, 3, 2)).softmax(-1);         // (B, H, L, L)
        w = drop(ex, w, training);
        NDArray ctx = w.matMul(v).transpose(0, 2, 1, 3).reshape(b, l, d);
        NDArray attn = drop(ex, ex.linear(ctx, outW, outB).singletonOrThrow(), training);
        NDArray x1 = norm(ex, x.add(attn), g1, be1);
        NDArray hid = drop(ex, ex.linear(x1, w1, b1).singletonOrThrow().getNDArrayInternal().relu(), training);
        NDArray ff = drop(ex, ex.linear(hid, w2, b2).singletonOrThrow(), training);
        return norm(ex, x1.add(ff), g2, be2);
    }

    private static NDArray heads(NDArray t, int b, int l, int h, int dh) {
        return t.reshape(b, l, h, dh).transpose(0, 2, 1, 3);                  // (B, H, L, dh)
    }

    private static NDArray drop(NDArrayEx ex, NDArray t, boolean training) {
        return training ? ex.dropout(t, DROPOUT, true).singletonOrThrow() : t;
    }

    private NDArray norm(NDArrayEx ex, NDArray t, NDArray g, NDArray beta) {
        return ex.layerNorm(t, new Shape(s.d()), g, beta, 1e-5f).singletonOrThrow();
    }

    @Override public double trainStep() {
        try (NDScope scope = new NDScope()) {
            double lossValue;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = forward(true).sub(target).square().mean();
                gc.backward(loss);
                lossValue = loss.getFloat();
            }
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                p.subi(g.mul(LR));
                g.subi(g);
            }
            return lossValue;
        }
    }

    @Override public double inferStep() {
        try (NDScope scope = new NDScope()) {
            return forward(false).getFloat(0, 0, 0);
        }
    }

    @Override public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
