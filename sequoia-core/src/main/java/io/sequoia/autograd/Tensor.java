package io.sequoia.autograd;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Elementwise.Binary;
import io.sequoia.tensor.Elementwise.Unary;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.GradBuffers;
import io.sequoia.tensor.NDArray;

/**
 * A float32 (or float64) tensor of any rank, row-major, with define-by-run reverse-mode autograd.
 * Operations record a graph when an input {@link #requiresGrad()} and {@link GradMode} is on;
 * {@link #backward()} fills {@link #grad()} of the leaves. Class indices and masks are tensors of
 * integral (or 0/1) values in a floating dtype.
 */
public class Tensor {
    private NDArray data;
    private boolean requiresGrad;
    private NDArray grad;
    /** {@code grad}'s storage was made for this tensor alone (a claimed fresh gradient or a copy), and whether it was handed out. */
    private boolean gradOwned, gradHandedOut;
    final Node gradFn;
    final int outputIndex;
    /** The tensor whose storage an op's output view shares (a reshape of it), or null: this tensor's own storage. */
    Tensor storageOwner;
    /** Recorded graph nodes, not yet released by backward, that read this storage as an input (counted on the owner). */
    int holds;
    /** An op made a view of this storage (a reshape): it is then never recycled, since the view may live on. */
    boolean viewed;
    /** Declared by {@link Autograd#intermediate}: its storage goes back to the pool once nothing can read it. */
    boolean intermediate;

    /** A leaf tensor over {@code data}. */
    public Tensor(NDArray data) { this(data, null, 0); }

    Tensor(NDArray data, Node gradFn, int outputIndex) {
        this.data = data;
        this.gradFn = gradFn;
        this.outputIndex = outputIndex;
        this.requiresGrad = gradFn != null;
    }

    // ---- creation -------------------------------------------------------------------------

    public static Tensor zeros(int... shape) { return new Tensor(NDArray.zeros(DType.FLOAT32, shape)); }
    public static Tensor zeros(DType t, int... shape) { return new Tensor(NDArray.zeros(t, shape)); }
    public static Tensor ones(int... shape) { return full(1.0, shape); }
    public static Tensor full(double v, int... shape) { return new Tensor(NDArray.full(DType.FLOAT32, v, shape)); }
    public static Tensor scalar(double v) { return new Tensor(NDArray.scalar(DType.FLOAT32, v)); }
    public static Tensor arange(double end) { return arange(0, end, 1); }
    public static Tensor arange(double start, double end, double step) { return new Tensor(NDArray.arange(DType.FLOAT32, start, end, step)); }
    /** Uniform in [0, 1) from the global generator. */
    public static Tensor rand(int... shape) { return rand(Generator.global(), shape); }
    public static Tensor rand(Generator g, int... shape) { return new Tensor(NDArray.rand(DType.FLOAT32, g, shape)); }
    /** Standard normal from the global generator. */
    public static Tensor randn(int... shape) { return randn(Generator.global(), shape); }
    public static Tensor randn(Generator g, int... shape) { return new Tensor(NDArray.randn(DType.FLOAT32, g, shape)); }
    /** A float32 tensor holding (a copy of) {@code data} in {@code shape}. */
    public static Tensor of(float[] data, int... shape) { return new Tensor(NDArray.wrap(data.clone(), shape)); }
    /** A float64 tensor holding (a copy of) {@code data} in {@code shape}. */
    public static Tensor of(double[] data, int... shape) { return new Tensor(NDArray.wrap(data.clone(), shape)); }
    /** A 1-D float32 tensor of the values. */
    public static Tensor of(float... data) { return of(data, data.length); }
    /** A 2-D float32 tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int n = rows.length, m = n == 0 ? 0 : rows[0].length;
        float[] flat = new float[n * m];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != m) throw Errors.shape("Tensor.of", "rows must have equal length", m, rows[i].length, "row " + i);
            System.arraycopy(rows[i], 0, flat, i * m, m);
        }
        return new Tensor(NDArray.wrap(flat, n, m));
    }
    /** A 1-D float32 tensor of integer values (class indices, token ids). */
    public static Tensor ofIndices(int... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = values[i];
        return new Tensor(NDArray.wrap(f, values.length));
    }

    // ---- state ----------------------------------------------------------------------------

    public NDArray data() { return data; }

    /** The tensor that owns this one's storage: itself, or the tensor an op's view of it was made from. */
    Tensor owner() { return storageOwner != null ? storageOwner : this; }
    /** Replaces the values (same shape and dtype); used by optimizers and state-dict loading. */
    public void setData(NDArray d) {
        if (!java.util.Arrays.equals(d.shape(), data.shape()) || d.dtype() != data.dtype()) {
            throw Errors.shape("Tensor.setData", "new data must keep shape and dtype", shapeString() + " " + dtype(),
                    java.util.Arrays.toString(d.shape()) + " " + d.dtype(), null);
        }
        data = d;
    }
    /** Replaces the values with an array of any shape/dtype (module.to(dtype)); leaves only. */
    protected void replaceData(NDArray d) { data = d; grad = null; }

    public int[] shape() { return data.shape(); }
    public int size(int dim) { return data.size(dim); }
    public int dim() { return data.dim(); }
    public int numel() { return data.numel(); }
    public DType dtype() { return data.dtype(); }
    public String shapeString() { return java.util.Arrays.toString(data.shape()); }
    public double item() { return data.item(); }
    public double get(int... idx) { return data.get(idx); }
    public float[] toFloatArray() { return data.toFloatArray(); }
    public double[] toDoubleArray() { return data.toDoubleArray(); }

    public boolean requiresGrad() { return requiresGrad; }
    public boolean isLeaf() { return gradFn == null; }
    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    /** Marks a leaf as requiring gradients (PyTorch's {@code requires_grad_}). */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null && !on) {
            throw Errors.state("Tensor.requiresGrad", "cannot turn off requiresGrad of a non-leaf tensor", "use detach()");
        }
        requiresGrad = on;
        return this;
    }

    /** The accumulated gradient, or null. The tensor stays valid after {@link #zeroGrad()}. */
    public Tensor grad() {
        if (grad == null) return null;
        gradHandedOut = true;
        return new Tensor(grad);
    }
    /** The accumulated gradient's array, or null; it stays valid after {@link #zeroGrad()}. */
    public NDArray gradData() {
        if (grad != null) gradHandedOut = true;
        return grad;
    }
    /**
     * The accumulated gradient's array for an in-place read or update now (optimizers, clipping), or
     * null. Unlike {@link #gradData()} it does not hand the array out: after {@link #zeroGrad()} its
     * storage may hold a later step's gradient, so copy it to keep it.
     */
    public NDArray gradBuffer() { return grad; }
    /**
     * Drops the gradient (PyTorch's {@code set_to_none=True}). A gradient this tensor made itself and
     * never handed out goes back to the gradient pool ({@link GradBuffers}) for the next backward.
     */
    public void zeroGrad() {
        if (grad != null && gradOwned && !gradHandedOut) GradBuffers.recycle(grad);
        grad = null;
    }
    public void setGrad(NDArray g) {
        grad = g;
        gradOwned = false;
    }

    void accumulateGrad(NDArray g) {
        if (g.dtype() != data.dtype()) g = g.to(data.dtype());
        if (grad == null) {
            grad = g.claimFresh() ? g : g.copy();    // a freshly computed gradient is kept, not copied
            gradOwned = true;
            gradHandedOut = false;
        } else {
            grad.addInPlace(g, 1.0);
            if (g.claimFresh()) GradBuffers.recycle(g);
        }
    }

    /** Computes gradients of this scalar with respect to every leaf that requires them. */
    public void backward() { Autograd.backward(this, null, false); }
    /** Vector-Jacobian product with a seed gradient of this tensor's shape. */
    public void backward(Tensor seed) { Autograd.backward(this, seed == null ? null : seed.data, false); }
    public void backward(Tensor seed, boolean retainGraph) { Autograd.backward(this, seed == null ? null : seed.data, retainGraph); }

    /** The same values, cut from the graph. */
    public Tensor detach() { return new Tensor(data); }

    public Tensor to(DType t) {
        return Autograd.record("to", data.to(t), (g, n) -> new NDArray[]{g.to(dtype())}, this);
    }

    /** A copy of the values in a new leaf. */
    public Tensor copy() { return new Tensor(data.copy()); }

    @Override public String toString() {
        return "Tensor" + data.toString().substring("NDArray".length()) + (gradFn != null ? ", gradFn=" + gradFn.op : "");
    }

    // ---- elementwise ----------------------------------------------------------------------

    public Tensor add(Tensor o) { return Pointwise.binary(Binary.ADD, this, o); }
    public Tensor sub(Tensor o) { return Pointwise.binary(Binary.SUB, this, o); }
    public Tensor mul(Tensor o) { return Pointwise.binary(Binary.MUL, this, o); }
    public Tensor div(Tensor o) { return Pointwise.binary(Binary.DIV, this, o); }
    public Tensor pow(Tensor o) { return Pointwise.binary(Binary.POW, this, o); }
    public Tensor maximum(Tensor o) { return Pointwise.binary(Binary.MAX, this, o); }
    public Tensor minimum(Tensor o) { return Pointwise.binary(Binary.MIN, this, o); }
    public Tensor add(double s) { return Pointwise.scalar(Binary.ADD, this, s); }
    public Tensor sub(double s) { return Pointwise.scalar(Binary.SUB, this, s); }
    public Tensor mul(double s) { return Pointwise.scalar(Binary.MUL, this, s); }
    public Tensor div(double s) { return Pointwise.scalar(Binary.DIV, this, s); }
    public Tensor pow(double s) { return Pointwise.scalar(Binary.POW, this, s); }
    /** {@code s - this}. */
    public Tensor rsub(double s) { return neg().add(s); }
    public Tensor neg() { return Pointwise.unary(Unary.NEG, this); }
    public Tensor exp() { return Pointwise.unary(Unary.EXP, this); }
    public Tensor log() { return Pointwise.unary(Unary.LOG, this); }
    public Tensor log1p() { return Pointwise.unary(Unary.LOG1P, this); }
    public Tensor sqrt() { return Pointwise.unary(Unary.SQRT, this); }
    public Tensor abs() { return Pointwise.unary(Unary.ABS, this); }
    public Tensor square() { return Pointwise.unary(Unary.SQUARE, this); }
    public Tensor reciprocal() { return Pointwise.unary(Unary.RECIPROCAL, this); }
    public Tensor sin() { return Pointwise.unary(Unary.SIN, this); }
    public Tensor cos() { return Pointwise.unary(Unary.COS, this); }
    public Tensor tanh() { return Pointwise.unary(Unary.TANH, this); }
    public Tensor sigmoid() { return Pointwise.unary(Unary.SIGMOID, this); }
    public Tensor relu() { return Pointwise.unary(Unary.RELU, this); }
    /** Exact (erf) GELU, PyTorch's default. */
    public Tensor gelu() { return Pointwise.unary(Unary.GELU, this); }
    public Tensor softplus() { return Pointwise.unary(Unary.SOFTPLUS, this); }
    public Tensor clamp(double min, double max) { return Pointwise.clamp(this, min, max); }
    public Tensor clampMin(double min) { return Pointwise.clamp(this, min, Double.POSITIVE_INFINITY); }
    /** Non-differentiable comparisons: 1 where true, 0 elsewhere. */
    public Tensor gt(Tensor o) { return Pointwise.compare(Binary.GT, this, o); }
    public Tensor lt(Tensor o) { return Pointwise.compare(Binary.LT, this, o); }
    public Tensor eq(Tensor o) { return Pointwise.compare(Binary.EQ, this, o); }
    public Tensor gt(double s) { return Pointwise.compare(Binary.GT, this, scalarLike(s)); }
    public Tensor lt(double s) { return Pointwise.compare(Binary.LT, this, scalarLike(s)); }
    public Tensor eq(double s) { return Pointwise.compare(Binary.EQ, this, scalarLike(s)); }
    /** Where {@code mask} is non-zero, {@code value}; elsewhere this. */
    public Tensor maskedFill(Tensor mask, double value) { return Pointwise.maskedFill(this, mask, value); }
    /** Where {@code cond} is non-zero take a, else b (PyTorch's {@code torch.where}). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Pointwise.where(cond, a, b); }

    Tensor scalarLike(double s) { return new Tensor(NDArray.scalar(dtype(), s)); }

    // ---- reductions -----------------------------------------------------------------------

    public Tensor sum() { return Reduce.sum(this, new int[0], false); }
    public Tensor sum(int dim, boolean keepdim) { return Reduce.sum(this, new int[]{dim}, keepdim); }
    public Tensor sum(int[] dims, boolean keepdim) { return Reduce.sum(this, dims, keepdim); }
    public Tensor mean() { return Reduce.mean(this, new int[0], false); }
    public Tensor mean(int dim, boolean keepdim) { return Reduce.mean(this, new int[]{dim}, keepdim); }
    public Tensor mean(int[] dims, boolean keepdim) { return Reduce.mean(this, dims, keepdim); }
    /** Variance with Bessel's correction (PyTorch's default {@code correction=1}). */
    public Tensor var(int dim, boolean keepdim) { return Reduce.var(this, new int[]{dim}, keepdim, 1); }
    public Tensor var(int[] dims, boolean keepdim, int correction) { return Reduce.var(this, dims, keepdim, correction); }
    public Tensor max() { return Reduce.maxAll(this, false); }
    public Tensor min() { return Reduce.maxAll(this, true); }
    /** Values and indices of the maximum along {@code dim}. */
    public MinMax max(int dim, boolean keepdim) { return Reduce.maxAlong(this, dim, keepdim, false); }
    public MinMax min(int dim, boolean keepdim) { return Reduce.maxAlong(this, dim, keepdim, true); }
    public Tensor argmax(int dim, boolean keepdim) { return max(dim, keepdim).indices(); }
    public Tensor argmin(int dim, boolean keepdim) { return min(dim, keepdim).indices(); }
    public Tensor logsumexp(int dim, boolean keepdim) { return Reduce.logsumexp(this, dim, keepdim); }
    public Tensor softmax(int dim) { return Reduce.softmax(this, dim, false); }
    public Tensor logSoftmax(int dim) { return Reduce.softmax(this, dim, true); }

    /** Values and indices of a max/min along a dim. */
    public record MinMax(Tensor values, Tensor indices) {}

    // ---- shape ----------------------------------------------------------------------------

    public Tensor reshape(int... shape) { return Reshape.reshape(this, shape); }
    public Tensor view(int... shape) { return Reshape.reshape(this, shape); }
    public Tensor flatten() { return reshape(-1); }
    /** Merges dims {@code start..end} into one. */
    public Tensor flatten(int start, int end) { return Reshape.flatten(this, start, end); }
    public Tensor unsqueeze(int dim) { return Reshape.unsqueeze(this, dim); }
    public Tensor squeeze(int dim) { return Reshape.squeeze(this, dim); }
    public Tensor permute(int... dims) { return Reshape.permute(this, dims); }
    public Tensor transpose(int d0, int d1) { return Reshape.transpose(this, d0, d1); }
    /** Transpose of a 2-D tensor. */
    public Tensor t() {
        if (dim() != 2) throw Errors.shape("Tensor.t", "expects a 2-D tensor", 2, dim(), "shape " + shapeString());
        return transpose(0, 1);
    }
    public Tensor expand(int... shape) { return Reshape.expand(this, shape); }
    public Tensor narrow(int dim, int start, int length) { return Reshape.narrow(this, dim, start, length); }
    /** Elements {@code [start, end)} along dim (Python's {@code x[..., start:end]}); negative bounds count from the end. */
    public Tensor slice(int dim, int start, int end) { return Reshape.slice(this, dim, start, end); }
    /** Index {@code i} along {@code dim}, removing that dim ({@code x[i]}). */
    public Tensor select(int dim, int i) { return Reshape.select(this, dim, i); }
    public Tensor[] split(int splitSize, int dim) { return Reshape.split(this, splitSize, dim); }
    public Tensor[] chunk(int chunks, int dim) { return Reshape.chunk(this, chunks, dim); }
    public Tensor indexSelect(int dim, Tensor index) { return Reshape.indexSelect(this, dim, index); }
    public Tensor gather(int dim, Tensor index) { return Reshape.gather(this, dim, index); }
    public static Tensor concat(int dim, Tensor... parts) { return Reshape.concat(parts, dim); }
    public static Tensor stack(int dim, Tensor... parts) { return Reshape.stack(parts, dim); }

    // ---- linear algebra -------------------------------------------------------------------

    /** PyTorch's matmul: 1-D promotion and broadcast batch dims. */
    public Tensor matmul(Tensor o) { return Linalg.matmul(this, o); }
    /** Batched product of (B, n, m) and (B, m, p). */
    public Tensor bmm(Tensor o) { return Linalg.bmm(this, o); }
}
