package io.sequoia.tensor;

import java.util.Arrays;

/**
 * A dense, contiguous, row-major array of float32 or float64 values: the storage layer under
 * {@code autograd.Tensor}. No gradients here. Exactly one of the backing arrays is non-null.
 * {@link #reshape} shares storage; every other operation returns a new array.
 */
public final class NDArray {
    private final int[] shape;
    private final DType dtype;
    final float[] f;
    final double[] d;
    /** Set by {@link #markFresh}: nothing else references this storage (see there). */
    private boolean fresh;

    private NDArray(int[] shape, float[] f, double[] d) {
        this.shape = shape;
        this.f = f;
        this.d = d;
        this.dtype = f != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    // ---- creation -------------------------------------------------------------------------

    public static NDArray empty(DType dtype, int... shape) {
        Shapes.checkValid("NDArray.empty", shape);
        int n = Shapes.numel(shape);
        // float32 storage comes from the gradient pool when it holds a dead array of this length (zeroed)
        return dtype == DType.FLOAT32 ? new NDArray(shape.clone(), GradBuffers.takeZeroed(n), null)
                : new NDArray(shape.clone(), null, new double[n]);
    }

    public static NDArray zeros(DType dtype, int... shape) { return empty(dtype, shape); }

    public static NDArray full(DType dtype, double value, int... shape) {
        NDArray a = empty(dtype, shape);
        a.fill(value);
        return a;
    }

    /** Wraps (does not copy) a float array. */
    public static NDArray wrap(float[] data, int... shape) {
        if (Shapes.numel(shape) != data.length) {
            throw Errors.shape("NDArray.wrap", "data length must equal the number of elements of the shape",
                    Shapes.numel(shape), data.length, "shape " + Arrays.toString(shape));
        }
        return new NDArray(shape.clone(), data, null);
    }

    /** Wraps (does not copy) a double array. */
    public static NDArray wrap(double[] data, int... shape) {
        if (Shapes.numel(shape) != data.length) {
            throw Errors.shape("NDArray.wrap", "data length must equal the number of elements of the shape",
                    Shapes.numel(shape), data.length, "shape " + Arrays.toString(shape));
        }
        return new NDArray(shape.clone(), null, data);
    }

    public static NDArray scalar(DType dtype, double v) { return full(dtype, v); }

    public static NDArray arange(DType dtype, double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) throw Errors.arg("NDArray.arange", "step must be non-zero", "step != 0", step, null);
        long n = (long) Math.ceil((end - start) / step);
        if (n < 0) n = 0;
        NDArray a = empty(dtype, (int) n);
        for (int i = 0; i < n; i++) a.setDouble(i, start + i * step);
        return a;
    }

    public static NDArray rand(DType dtype, Generator g, int... shape) {
        NDArray a = empty(dtype, shape);
        for (int i = 0; i < a.numel(); i++) a.setDouble(i, g.nextDouble());
        return a;
    }

    public static NDArray randn(DType dtype, Generator g, int... shape) {
        NDArray a = empty(dtype, shape);
        for (int i = 0; i < a.numel(); i++) a.setDouble(i, g.nextGaussian());
        return a;
    }

    /** Uniform in [low, high). */
    public static NDArray uniform(DType dtype, Generator g, double low, double high, int... shape) {
        NDArray a = empty(dtype, shape);
        for (int i = 0; i < a.numel(); i++) a.setDouble(i, low + (high - low) * g.nextDouble());
        return a;
    }

    // ---- accessors ------------------------------------------------------------------------

    public int[] shape() { return shape.clone(); }

    /** The shape array itself; callers must not modify it. */
    int[] shapeRef() { return shape; }

    public DType dtype() { return dtype; }

    public int dim() { return shape.length; }

    public int size(int dim) { return shape[Errors.dim("NDArray.size", dim, shape.length)]; }

    public int numel() { return f != null ? f.length : d.length; }

    public boolean sameShape(NDArray o) { return Arrays.equals(shape, o.shape); }

    public double getDouble(int flat) { return f != null ? f[flat] : d[flat]; }

    public void setDouble(int flat, double v) {
        if (f != null) f[flat] = (float) v; else d[flat] = v;
    }

    /** The value at a multi-index. */
    public double get(int... idx) {
        if (idx.length != shape.length) {
            throw Errors.arg("NDArray.get", "index rank must equal tensor rank", shape.length, idx.length, null);
        }
        int flat = 0;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) {
                throw new IndexOutOfBoundsException(Errors.format("NDArray.get", "index out of range",
                        "[0, " + shape[i] + ") at dim " + i, idx[i], "shape " + Arrays.toString(shape)));
            }
            flat = flat * shape[i] + idx[i];
        }
        return getDouble(flat);
    }

    /** The backing float array (contiguous, row-major). Only for FLOAT32. */
    public float[] floatData() {
        if (f == null) throw Errors.arg("NDArray.floatData", "dtype must be float32", DType.FLOAT32, dtype, null);
        return f;
    }

    /** The backing double array. Only for FLOAT64. */
    public double[] doubleData() {
        if (d == null) throw Errors.arg("NDArray.doubleData", "dtype must be float64", DType.FLOAT64, dtype, null);
        return d;
    }

    /** A copy of the values as doubles. */
    public double[] toDoubleArray() {
        if (d != null) return d.clone();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) out[i] = f[i];
        return out;
    }

    /** A copy of the values as floats. */
    public float[] toFloatArray() {
        if (f != null) return f.clone();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }

    public double item() {
        if (numel() != 1) throw Errors.arg("NDArray.item", "only a one-element tensor converts to a number", 1, numel(),
                "shape " + Arrays.toString(shape));
        return getDouble(0);
    }

    // ---- whole-array operations -------------------------------------------------------------

    public NDArray fill(double v) {
        if (f != null) Arrays.fill(f, (float) v); else Arrays.fill(d, v);
        return this;
    }

    /**
     * Marks this array as a gradient a backward has just computed into storage that nothing else
     * references (not saved, not returned twice, not a view of something kept): the first leaf it
     * reaches may keep it as its {@code .grad} instead of copying it ({@link #claimFresh}).
     */
    public NDArray markFresh() {
        fresh = true;
        return this;
    }

    /** True once if {@link #markFresh} was called: the caller may keep the storage; later calls return false. */
    public boolean claimFresh() {
        boolean was = fresh;
        fresh = false;
        return was;
    }

    /** True if {@link #markFresh} was called and no one has claimed it yet (does not claim). */
    public boolean isFresh() { return fresh; }

    /** True if this array and {@code o} are backed by the same storage (one may be a reshaped view of the other). */
    public boolean sharesStorage(NDArray o) {
        return o != null && (f != null ? f == o.f : d == o.d);
    }

    public NDArray copy() {
        return f != null ? new NDArray(shape.clone(), f.clone(), null) : new NDArray(shape.clone(), null, d.clone());
    }

    /** Copies {@code src}'s values into this array (same number of elements). */
    public void copyFrom(NDArray src) {
        if (src.numel() != numel()) {
            throw Errors.shape("NDArray.copyFrom", "element counts must match", numel(), src.numel(), null);
        }
        if (f != null && src.f != null) System.arraycopy(src.f, 0, f, 0, f.length);
        else if (d != null && src.d != null) System.arraycopy(src.d, 0, d, 0, d.length);
        else for (int i = 0; i < numel(); i++) setDouble(i, src.getDouble(i));
    }

    public NDArray to(DType t) {
        if (t == dtype) return this;
        return t == DType.FLOAT32 ? new NDArray(shape.clone(), toFloatArray(), null)
                : new NDArray(shape.clone(), null, toDoubleArray());
    }

    /** Same storage, new shape (one size may be -1). */
    public NDArray reshape(int... newShape) {
        int[] s = Shapes.infer("reshape", newShape, numel());
        return new NDArray(s, f, d);
    }

    /** A new array of this dtype. */
    public NDArray newEmpty(int... shape) { return empty(dtype, shape); }

    /** In place: this += alpha * other (same number of elements). */
    public void addInPlace(NDArray other, double alpha) {
        if (other.numel() != numel()) {
            throw Errors.shape("NDArray.addInPlace", "element counts must match", numel(), other.numel(), null);
        }
        if (f != null && other.f != null) {
            float a = (float) alpha;
            float[] o = other.f;
            for (int i = 0; i < f.length; i++) f[i] += a * o[i];
        } else {
            for (int i = 0; i < numel(); i++) setDouble(i, getDouble(i) + alpha * other.getDouble(i));
        }
    }

    /** In place: this *= s. */
    public void scaleInPlace(double s) {
        if (f != null) { float a = (float) s; for (int i = 0; i < f.length; i++) f[i] *= a; }
        else for (int i = 0; i < d.length; i++) d[i] *= s;
    }

    public boolean allFinite() {
        if (f != null) { for (float v : f) if (!Float.isFinite(v)) return false; }
        else for (double v : d) if (!Double.isFinite(v)) return false;
        return true;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("NDArray(shape=").append(Arrays.toString(shape)).append(", ").append(dtype);
        int n = Math.min(numel(), 12);
        sb.append(", [");
        for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append(getDouble(i));
        if (numel() > n) sb.append(", ...");
        return sb.append("])").toString();
    }
}
