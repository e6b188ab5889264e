package io.sequoia.tensor;

/** Elementwise kernels with PyTorch broadcasting. Results have the dtype of the first operand. */
public final class Elementwise {
    private Elementwise() {}

    public enum Unary { NEG, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, GELU, SOFTPLUS, SIGN, SQUARE, RECIPROCAL, SIN, COS, ERF, LOG1P }

    public enum Binary { ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, LT, GE, LE, EQ }

    private static final double SQRT1_2 = 0.7071067811865476;

    public static double apply(Unary op, double x) {
        switch (op) {
            case NEG: return -x;
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case SQRT: return Math.sqrt(x);
            case ABS: return Math.abs(x);
            case TANH: return Math.tanh(x);
            case SIGMOID: return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case RELU: return x > 0 ? x : (Double.isNaN(x) ? x : 0);
            case GELU: return 0.5 * x * (1 + erf(x * SQRT1_2));
            case SOFTPLUS: return x > 20 ? x : Math.log1p(Math.exp(x));
            case SIGN: return Math.signum(x);
            case SQUARE: return x * x;
            case RECIPROCAL: return 1 / x;
            case SIN: return Math.sin(x);
            case COS: return Math.cos(x);
            case ERF: return erf(x);
            case LOG1P: return Math.log1p(x);
            default: throw new AssertionError(op);
        }
    }

    public static double apply(Binary op, double a, double b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return Math.pow(a, b);
            case MAX: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MIN: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case GT: return a > b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case EQ: return a == b ? 1 : 0;
            default: throw new AssertionError(op);
        }
    }

    /**
     * The error function, to double precision: {@code 2/√π · e^{-x²} · Σ x^{2n+1} 2^n / (1·3·…·(2n+1))},
     * a series of positive terms (no cancellation); |erf(x)| = 1 to double precision beyond 6.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax > 6) return Math.copySign(1.0, x);
        double term = ax, sum = ax, x2 = 2 * ax * ax;
        for (int n = 1; n < 500; n++) {
            term *= x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        double r = 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
        return Math.copySign(Math.min(r, 1.0), x);
    }

    /**
     * erf to float precision (absolute error < 1e-7; Numerical Recipes' Chebyshev fit of erfc):
     * about 30x faster than {@link #erf}'s double-precision series, used by float32 kernels.
     */
    public static double erfFast(double x) {
        double z = Math.abs(x), t = 1 / (1 + 0.5 * z);
        double c = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - c : c - 1;
    }

    /** GELU in float precision (exact form, fast erf). */
    public static double geluFast(double x) { return 0.5 * x * (1 + erfFast(x * SQRT1_2)); }

    /** Arrays at least this long are split across {@link Parallel} threads (each element is independent). */
    static final int PARALLEL_GRAIN = 1 << 15;

    public static NDArray unary(Unary op, NDArray a) {
        NDArray out = a.newEmpty(a.shapeRef());
        Parallel.forRange(0, a.numel(), PARALLEL_GRAIN, (lo, hi) -> unaryRange(op, a, out, lo, hi));
        return out;
    }

    private static void unaryRange(Unary op, NDArray a, NDArray out, int lo, int hi) {
        if (a.f != null) {
            float[] x = a.f, y = out.f;
            switch (op) {
                case NEG: for (int i = lo; i < hi; i++) y[i] = -x[i]; break;
                case RELU: FloatKernels.get().relu(x, y, lo, hi); break;
                case SQUARE: for (int i = lo; i < hi; i++) y[i] = x[i] * x[i]; break;
                case ABS: for (int i = lo; i < hi; i++) y[i] = Math.abs(x[i]); break;
                case GELU: for (int i = lo; i < hi; i++) y[i] = (float) geluFast(x[i]); break;
                case ERF: for (int i = lo; i < hi; i++) y[i] = (float) erfFast(x[i]); break;
                // float32 (training): the tier-independent functions, so a resumed process continues bit for bit
                case EXP: for (int i = lo; i < hi; i++) y[i] = PortableMath.exp(x[i]); break;
                case SIGMOID: for (int i = lo; i < hi; i++) y[i] = PortableMath.sigmoid(x[i]); break;
                case TANH: for (int i = lo; i < hi; i++) y[i] = PortableMath.tanh(x[i]); break;
                default: for (int i = lo; i < hi; i++) y[i] = (float) apply(op, x[i]);
            }
        } else {
            double[] x = a.d, y = out.d;
            for (int i = lo; i < hi; i++) y[i] = apply(op, x[i]);
        }
    }

    public static NDArray scalarOp(Binary op, NDArray a, double s) {
        NDArray out = a.newEmpty(a.shapeRef());
        Parallel.forRange(0, a.numel(), PARALLEL_GRAIN, (lo, hi) -> scalarRange(op, a, s, out, lo, hi));
        return out;
    }

    private static void scalarRange(Binary op, NDArray a, double s, NDArray out, int lo, int hi) {
        if (a.f != null) {
            float[] x = a.f, y = out.f;
            float fs = (float) s;
            switch (op) {
                case ADD: for (int i = lo; i < hi; i++) y[i] = x[i] + fs; break;
                case SUB: for (int i = lo; i < hi; i++) y[i] = x[i] - fs; break;
                case MUL: for (int i = lo; i < hi; i++) y[i] = x[i] * fs; break;
                case DIV: for (int i = lo; i < hi; i++) y[i] = x[i] / fs; break;
                default: for (int i = lo; i < hi; i++) y[i] = (float) apply(op, x[i], s);
            }
        } else {
            double[] x = a.d, y = out.d;
            for (int i = lo; i < hi; i++) y[i] = apply(op, x[i], s);
        }
    }

    /** {@code a op b} with broadcasting; the result has a's dtype (b is converted if needed). */
    public static NDArray binary(Binary op, NDArray a, NDArray b0) {
        NDArray b = b0.dtype() != a.dtype() ? b0.to(a.dtype()) : b0;
        int[] as = a.shapeRef(), bs = b.shapeRef();
        if (java.util.Arrays.equals(as, bs)) return sameShape(op, a, b);
        int[] os = Shapes.broadcast(op.name().toLowerCase(), as, bs);
        NDArray out = a.newEmpty(os);
        int n = out.numel();
        if (n == 0) return out;
        int r = os.length;
        int[] sa = Shapes.broadcastStrides(as, os), sb = Shapes.broadcastStrides(bs, os);
        int inner = os[r - 1];
        int rows = n / inner;
        Parallel.forRange(0, rows, Math.max(1, PARALLEL_GRAIN / inner), (lo, hi) -> {
            int ia = sa[r - 1], ib = sb[r - 1];
            int[] idx = new int[r];
            int offA = 0, offB = 0;
            for (int k = r - 2, rest = lo; k >= 0; k--) {          // the index of row lo
                idx[k] = rest % os[k];
                rest /= os[k];
                offA += idx[k] * sa[k];
                offB += idx[k] * sb[k];
            }
            for (int row = lo; row < hi; row++) {
                innerLoop(op, a, offA, ia, b, offB, ib, out, row * inner, inner);
                for (int k = r - 2; k >= 0; k--) {
                    idx[k]++;
                    offA += sa[k];
                    offB += sb[k];
                    if (idx[k] < os[k]) break;
                    offA -= sa[k] * os[k];
                    offB -= sb[k] * os[k];
                    idx[k] = 0;
                }
            }
        });
        return out;
    }

    private static NDArray sameShape(Binary op, NDArray a, NDArray b) {
        NDArray out = a.newEmpty(a.shapeRef());
        Parallel.forRange(0, a.numel(), PARALLEL_GRAIN, (lo, hi) -> innerLoop(op, a, lo, 1, b, lo, 1, out, lo, hi - lo));
        return out;
    }

    private static void innerLoop(Binary op, NDArray a, int oa, int ia, NDArray b, int ob, int ib,
                                  NDArray out, int oo, int n) {
        if (a.f != null) {
            float[] x = a.f, y = b.f, z = out.f;
            switch (op) {
                case ADD:
                    if (ia == 1 && ib == 1) for (int j = 0; j < n; j++) z[oo + j] = x[oa + j] + y[ob + j];
                    else for (int j = 0; j < n; j++) z[oo + j] = x[oa + j * ia] + y[ob + j * ib];
                    return;
                case SUB:
                    if (ia == 1 && ib == 1) for (int j = 0; j < n; j++) z[oo + j] = x[oa + j] - y[ob + j];
                    else for (int j = 0; j < n; j++) z[oo + j] = x[oa + j * ia] - y[ob + j * ib];
                    return;
                case MUL:
                    if (ia == 1 && ib == 1 && oa == oo && ob == oo) FloatKernels.get().mul(x, y, z, oo, oo + n);
                    else if (ia == 1 && ib == 1) for (int j = 0; j < n; j++) z[oo + j] = x[oa + j] * y[ob + j];
                    else for (int j = 0; j < n; j++) z[oo + j] = x[oa + j * ia] * y[ob + j * ib];
                    return;
                case DIV:
                    for (int j = 0; j < n; j++) z[oo + j] = x[oa + j * ia] / y[ob + j * ib];
                    return;
                default:
                    for (int j = 0; j < n; j++) z[oo + j] = (float) apply(op, x[oa + j * ia], y[ob + j * ib]);
            }
        } else {
            double[] x = a.d, y = b.d, z = out.d;
            for (int j = 0; j < n; j++) z[oo + j] = apply(op, x[oa + j * ia], y[ob + j * ib]);
        }
    }

    /** Sums {@code g} over broadcast dimensions so that it has {@code shape} (the backward of broadcasting). */
    public static NDArray sumToShape(NDArray g, int[] shape) {
        int[] gs = g.shapeRef();
        if (java.util.Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int nd = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[nd++] = i;
        }
        NDArray s = Reductions.sum(g, java.util.Arrays.copyOf(dims, nd), true);
        return s.reshape(shape);
    }

    /** Where {@code cond != 0} take a, else b (broadcast). */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        int[] os = Shapes.broadcast("where", Shapes.broadcast("where", cond.shapeRef(), a.shapeRef()), b.shapeRef());
        NDArray c = broadcastTo(cond, os), x = broadcastTo(a, os), y = broadcastTo(b.to(a.dtype()), os);
        NDArray out = a.newEmpty(os);
        for (int i = 0; i < out.numel(); i++) out.setDouble(i, c.getDouble(i) != 0 ? x.getDouble(i) : y.getDouble(i));
        return out;
    }

    /** A materialised broadcast of {@code a} to {@code shape}. */
    public static NDArray broadcastTo(NDArray a, int[] shape) {
        if (java.util.Arrays.equals(a.shapeRef(), shape)) return a;
        int[] os = Shapes.broadcast("expand", a.shapeRef(), shape);
        if (!java.util.Arrays.equals(os, shape)) {
            throw Errors.shape("expand", "cannot expand to a smaller shape", Shapes.str(shape), Shapes.str(a.shapeRef()), null);
        }
        NDArray zeros = NDArray.zeros(a.dtype(), shape), out = binary(Binary.ADD, zeros, a);
        if (!zeros.sharesStorage(out)) GradBuffers.recycle(zeros);   // made here, read once
        return out;
    }
}
