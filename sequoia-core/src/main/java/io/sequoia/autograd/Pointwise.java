package io.sequoia.autograd;

import io.sequoia.tensor.Elementwise;
import io.sequoia.tensor.Elementwise.Binary;
import io.sequoia.tensor.Elementwise.Unary;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Shapes;

/** Differentiable elementwise primitives. */
final class Pointwise {
    private Pointwise() {}

    private static final double INV_SQRT_2PI = 0.3989422804014327;

    static NDArray mul(NDArray a, NDArray b) { return Elementwise.binary(Binary.MUL, a, b); }

    static Tensor unary(Unary op, Tensor x) {
        NDArray xd = x.data();
        NDArray y = Elementwise.unary(op, xd);
        if (op == Unary.RELU && xd.dtype() == io.sequoia.tensor.DType.FLOAT32) {   // one pass, no derivative array
            return Autograd.record("relu", y, (g, needs) -> {
                NDArray gx = g.newEmpty(g.shape());
                io.sequoia.tensor.Parallel.forRange(0, g.numel(), 1 << 15, (lo, hi) ->
                        io.sequoia.tensor.FloatKernels.get().reluBackward(xd.floatData(), g.floatData(), gx.floatData(), lo, hi));
                return new NDArray[]{gx.markFresh()};                      // new: the engine may recycle it
            }, x);
        }
        return Autograd.record(op.name().toLowerCase(), y, (g, needs) -> {
            NDArray d = derivative(op, xd, y), gx = mul(g, d);
            if (!d.sharesStorage(gx)) io.sequoia.tensor.GradBuffers.recycle(d);     // dead: made here, read once
            return new NDArray[]{gx.markFresh()};
        }, x);
    }

    /** dy/dx elementwise, from the input x and the output y. */
    static NDArray derivative(Unary op, NDArray x, NDArray y) {
        NDArray d = x.newEmpty(x.shape());
        io.sequoia.tensor.Parallel.forRange(0, x.numel(), 1 << 15, (lo, hi) -> {
            if (x.dtype() != io.sequoia.tensor.DType.FLOAT32 || !derivativeFloat(op, x.floatData(), y.floatData(), d.floatData(), lo, hi)) {
                derivativeRange(op, x, y, d, lo, hi);
            }
        });
        return d;
    }

    /** The common activations' derivatives on float arrays; false for the other ops. */
    private static boolean derivativeFloat(Unary op, float[] x, float[] y, float[] d, int lo, int hi) {
        switch (op) {
            case TANH: for (int i = lo; i < hi; i++) d[i] = 1 - y[i] * y[i]; return true;
            case SIGMOID: for (int i = lo; i < hi; i++) d[i] = y[i] * (1 - y[i]); return true;
            case EXP: System.arraycopy(y, lo, d, lo, hi - lo); return true;
            case SQUARE: for (int i = lo; i < hi; i++) d[i] = 2 * x[i]; return true;
            case GELU:
                for (int i = lo; i < hi; i++) {
                    double xv = x[i];
                    d[i] = (float) (0.5 * (1 + Elementwise.erfFast(xv * 0.7071067811865476)) + xv * INV_SQRT_2PI * Math.exp(-0.5 * xv * xv));
                }
                return true;
            default: return false;
        }
    }

    private static void derivativeRange(Unary op, NDArray x, NDArray y, NDArray d, int lo, int hi) {
        boolean fast = x.dtype() == io.sequoia.tensor.DType.FLOAT32;     // float precision suffices
        for (int i = lo; i < hi; i++) {
            double xv = x.getDouble(i), yv = y.getDouble(i), r;
            switch (op) {
                case NEG: r = -1; break;
                case EXP: r = yv; break;
                case LOG: r = 1 / xv; break;
                case LOG1P: r = 1 / (1 + xv); break;
                case SQRT: r = 0.5 / yv; break;
                case ABS: r = Math.signum(xv); break;
                case SQUARE: r = 2 * xv; break;
                case RECIPROCAL: r = -yv * yv; break;
                case SIN: r = Math.cos(xv); break;
                case COS: r = -Math.sin(xv); break;
                case TANH: r = 1 - yv * yv; break;
                case SIGMOID: r = yv * (1 - yv); break;
                case RELU: r = xv > 0 ? 1 : 0; break;
                case GELU: {
                    double e = fast ? Elementwise.erfFast(xv * 0.7071067811865476) : Elementwise.erf(xv * 0.7071067811865476);
                    r = 0.5 * (1 + e) + xv * INV_SQRT_2PI * Math.exp(-0.5 * xv * xv);
                    break;
                }
                case SOFTPLUS: r = xv > 20 ? 1 : Elementwise.apply(Unary.SIGMOID, xv); break;
                case ERF: r = 2 / Math.sqrt(Math.PI) * Math.exp(-xv * xv); break;
                case SIGN: r = 0; break;
                default: throw new AssertionError(op);
            }
            d.setDouble(i, r);
        }
    }

    static Tensor binary(Binary op, Tensor a, Tensor b) {
        NDArray ad = a.data(), bd = b.data().dtype() == ad.dtype() ? b.data() : b.data().to(ad.dtype());
        NDArray out = Elementwise.binary(op, ad, bd);
        int[] as = ad.shape(), bs = bd.shape();
        return Autograd.record(op.name().toLowerCase(), out, (g, needs) -> {
            NDArray ga = null, gb = null;
            switch (op) {
                case ADD: ga = g; gb = g; break;
                case SUB: ga = g; gb = needs[1] ? Elementwise.unary(Unary.NEG, g) : null; break;
                case MUL: ga = needs[0] ? mul(g, bd) : null; gb = needs[1] ? mul(g, ad) : null; break;
                case DIV:
                    ga = Elementwise.binary(Binary.DIV, g, bd);
                    if (needs[1]) gb = Elementwise.unary(Unary.NEG, mul(ga, out)); // -g·a/b²
                    break;
                case POW:
                    if (needs[0]) ga = mul(g, mul(bd, Elementwise.binary(Binary.POW, ad, Elementwise.scalarOp(Binary.SUB, bd, 1))));
                    if (needs[1]) {
                        NDArray la = Elementwise.unary(Unary.LOG, ad);
                        for (int i = 0; i < la.numel(); i++) if (!(la.getDouble(i) > Double.NEGATIVE_INFINITY)) la.setDouble(i, 0);
                        gb = mul(g, mul(out, la));
                    }
                    break;
                case MAX: case MIN: {
                    Binary sel = op == Binary.MAX ? Binary.GT : Binary.LT;
                    NDArray pick = Elementwise.binary(Binary.ADD, Elementwise.binary(sel, ad, bd),
                            Elementwise.scalarOp(Binary.MUL, Elementwise.binary(Binary.EQ, ad, bd), 0.5));
                    ga = mul(g, pick);
                    gb = Elementwise.binary(Binary.SUB, g, ga);
                    break;
                }
                default: throw new UnsupportedOperationException(op + " is not differentiable");
            }
            NDArray ra = needs[0] ? Elementwise.sumToShape(ga, as) : null, rb = needs[1] ? Elementwise.sumToShape(gb, bs) : null;
            return new NDArray[]{Autograd.fresh(ra, g, ad, bd, out), Autograd.fresh(rb, g, ad, bd, out)};
        }, a, b);
    }

    static Tensor scalar(Binary op, Tensor x, double s) {
        NDArray xd = x.data();
        NDArray out = Elementwise.scalarOp(op, xd, s);
        return Autograd.record(op.name().toLowerCase() + "_scalar", out, (g, needs) -> {
            switch (op) {
                case ADD: case SUB: return new NDArray[]{g};
                case MUL: return new NDArray[]{Autograd.fresh(Elementwise.scalarOp(Binary.MUL, g, s), g, xd, out)};
                case DIV: return new NDArray[]{Autograd.fresh(Elementwise.scalarOp(Binary.DIV, g, s), g, xd, out)};
                case POW: return new NDArray[]{mul(g, Elementwise.scalarOp(Binary.MUL, Elementwise.scalarOp(Binary.POW, xd, s - 1), s))};
                default: throw new UnsupportedOperationException(op + " with a scalar is not differentiable");
            }
        }, x);
    }

    static Tensor compare(Binary op, Tensor a, Tensor b) {
        return new Tensor(Elementwise.binary(op, a.data(), b.data()));
    }

    static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) throw Errors.arg("clamp", "min must not exceed max", "min <= max", "min " + min + ", max " + max, null);
        NDArray xd = x.data();
        NDArray out = xd.newEmpty(xd.shape());
        NDArray pass = xd.newEmpty(xd.shape());
        for (int i = 0; i < xd.numel(); i++) {
            double v = xd.getDouble(i);
            out.setDouble(i, v < min ? min : (v > max ? max : v));
            pass.setDouble(i, v >= min && v <= max ? 1 : 0);
        }
        return Autograd.record("clamp", out, (g, needs) -> new NDArray[]{mul(g, pass)}, x);
    }

    static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        NDArray xd = x.data();
        int[] bs = Shapes.broadcast("maskedFill", xd.shape(), mask.shape());
        if (!java.util.Arrays.equals(bs, xd.shape())) {
            throw Errors.shape("maskedFill", "mask must broadcast to the input's shape", Shapes.str(xd.shape()),
                    Shapes.str(mask.shape()), null);
        }
        NDArray m = Elementwise.broadcastTo(mask.data().to(xd.dtype()), xd.shape());
        NDArray keep = Elementwise.scalarOp(Binary.EQ, m, 0); // 1 where the input passes through
        NDArray out = xd.newEmpty(xd.shape());
        for (int i = 0; i < out.numel(); i++) out.setDouble(i, m.getDouble(i) != 0 ? value : xd.getDouble(i));
        return Autograd.record("masked_fill", out, (g, needs) -> new NDArray[]{mul(g, keep)}, x);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        NDArray c = cond.data(), ad = a.data(), bd = b.data();
        NDArray out = Elementwise.where(c, ad, bd);
        int[] os = out.shape();
        return Autograd.record("where", out, (g, needs) -> {
            NDArray cb = Elementwise.broadcastTo(c.to(g.dtype()), os);
            NDArray isTrue = Elementwise.scalarOp(Binary.GT, Elementwise.unary(Unary.ABS, cb), 0);
            NDArray ga = needs[0] ? Elementwise.sumToShape(mul(g, isTrue), ad.shape()) : null;
            NDArray gb = needs[1] ? Elementwise.sumToShape(Elementwise.binary(Binary.SUB, g, mul(g, isTrue)), bd.shape()) : null;
            return new NDArray[]{ga, gb};
        }, a, b);
    }
}
