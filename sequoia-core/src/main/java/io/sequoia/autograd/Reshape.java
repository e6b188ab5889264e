package io.sequoia.autograd;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Elementwise;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.GradBuffers;
import io.sequoia.tensor.Indexing;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Shapes;

import java.util.Arrays;

/** Differentiable shape and indexing primitives. */
final class Reshape {
    private Reshape() {}

    static Tensor reshape(Tensor x, int[] shape) {
        int[] in = x.shape();
        NDArray out = x.data().reshape(shape);
        return Autograd.record("reshape", out, (g, needs) -> new NDArray[]{g.reshape(in)}, x);
    }

    static Tensor flatten(Tensor x, int start, int end) {
        int r = x.dim();
        int s = Errors.dim("flatten", start, r), e = Errors.dim("flatten", end, r);
        if (s > e) throw Errors.arg("flatten", "start dim must not come after end dim", "start <= end", s + " > " + e, null);
        int[] in = x.shape();
        int[] out = new int[r - (e - s)];
        int k = 0, prod = 1;
        for (int i = 0; i < r; i++) {
            if (i < s || i > e) out[k++] = in[i];
            else { prod *= in[i]; if (i == e) out[k++] = prod; }
        }
        return reshape(x, out);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int r = x.dim();
        int d = Errors.dim("unsqueeze", dim, r + 1);
        int[] in = x.shape();
        int[] out = new int[r + 1];
        for (int i = 0, k = 0; i <= r; i++) out[i] = i == d ? 1 : in[k++];
        return reshape(x, out);
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = Errors.dim("squeeze", dim, x.dim());
        int[] in = x.shape();
        if (in.length == 0 || in[d] != 1) return x;
        int[] out = new int[in.length - 1];
        for (int i = 0, k = 0; i < in.length; i++) if (i != d) out[k++] = in[i];
        return reshape(x, out);
    }

    static Tensor permute(Tensor x, int[] dims) {
        NDArray out = Indexing.permute(x.data(), dims);
        int[] p = new int[dims.length];
        for (int i = 0; i < dims.length; i++) p[i] = Errors.dim("permute", dims[i], x.dim());
        int[] inv = Indexing.inversePermutation(p);
        return Autograd.record("permute", out, (g, needs) -> new NDArray[]{Autograd.fresh(Indexing.permute(g, inv), g)}, x);
    }

    static Tensor transpose(Tensor x, int d0, int d1) {
        int r = x.dim();
        int a = Errors.dim("transpose", d0, r), b = Errors.dim("transpose", d1, r);
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = i;
        p[a] = b;
        p[b] = a;
        return permute(x, p);
    }

    static Tensor expand(Tensor x, int[] shape) {
        int[] in = x.shape();
        int[] target = shape.clone();
        int off = target.length - in.length;
        if (off < 0) throw Errors.shape("expand", "cannot expand to fewer dims", ">= " + in.length + " dims", Arrays.toString(shape), null);
        for (int i = 0; i < in.length; i++) if (target[i + off] == -1) target[i + off] = in[i];
        NDArray out = Elementwise.broadcastTo(x.data(), target);
        return Autograd.record("expand", out, (g, needs) -> new NDArray[]{Elementwise.sumToShape(g, in)}, x);
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Errors.dim("narrow", dim, x.dim());
        int st = start < 0 ? start + x.shape()[d] : start;
        NDArray out = Indexing.narrow(x.data(), d, st, length);
        int[] in = x.shape();
        return Autograd.record("narrow", out, (g, needs) -> {
            // the zeros around the slice are a new array for the engine alone: pooled, and fresh so the
            // engine recycles it once the producer of x has consumed it (a select of an RNN's last step)
            NDArray gi = g.dtype() == DType.FLOAT32 ? GradBuffers.zeros(in).markFresh() : NDArray.zeros(g.dtype(), in);
            Indexing.narrowAdd(gi, d, st, g);
            return new NDArray[]{gi};
        }, x);
    }

    static Tensor slice(Tensor x, int dim, int start, int end) {
        int d = Errors.dim("slice", dim, x.dim());
        int n = x.shape()[d];
        int s = start < 0 ? start + n : start, e = end < 0 ? end + n : end;
        s = Math.max(0, Math.min(s, n));
        e = Math.max(s, Math.min(e, n));
        return narrow(x, d, s, e - s);
    }

    static Tensor select(Tensor x, int dim, int i) {
        int d = Errors.dim("select", dim, x.dim());
        int n = x.shape()[d];
        int k = i < 0 ? i + n : i;
        if (k < 0 || k >= n) {
            throw new IndexOutOfBoundsException(Errors.format("select", "index out of range", "[" + (-n) + ", " + n + ")", i,
                    "dim " + d + " of shape " + x.shapeString()));
        }
        return squeeze(narrow(x, d, k, 1), d);
    }

    static Tensor[] split(Tensor x, int size, int dim) {
        if (size <= 0) throw Errors.arg("split", "split size must be positive", "> 0", size, null);
        int d = Errors.dim("split", dim, x.dim());
        int n = x.shape()[d];
        int parts = Math.max(1, (n + size - 1) / size);
        NDArray[] outs = new NDArray[parts];
        for (int i = 0; i < parts; i++) outs[i] = Indexing.narrow(x.data(), d, i * size, Math.min(size, n - i * size));
        int[] in = x.shape();
        return Autograd.record("split", outs, (g, needs) -> {                  // the parts' gradients, concatenated
            NDArray[] gs = new NDArray[parts];
            for (int i = 0; i < parts; i++) gs[i] = g[i] != null ? g[i] : NDArray.zeros(outs[i].dtype(), outs[i].shape());
            return new NDArray[]{Autograd.fresh(Indexing.concat(gs, d), gs)};
        }, x);
    }

    static Tensor[] chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) throw Errors.arg("chunk", "number of chunks must be positive", "> 0", chunks, null);
        int n = x.shape()[Errors.dim("chunk", dim, x.dim())];
        return split(x, Math.max(1, (n + chunks - 1) / chunks), dim);
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = Errors.dim("indexSelect", dim, x.dim());
        NDArray idx = index.data();
        int[] in = x.shape();
        return Autograd.record("index_select", Indexing.indexSelect(x.data(), d, idx),
                (g, needs) -> new NDArray[]{Indexing.indexAdd(in, d, idx, g), null}, x, index);
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Errors.dim("gather", dim, x.dim());
        NDArray idx = index.data();
        int[] in = x.shape();
        return Autograd.record("gather", Indexing.gather(x.data(), d, idx),
                (g, needs) -> new NDArray[]{Indexing.scatterAdd(in, d, idx, g), null}, x, index);
    }

    static Tensor concat(Tensor[] parts, int dim) {
        if (parts.length == 0) throw Errors.arg("concat", "needs at least one tensor", ">= 1 tensors", 0, null);
        NDArray[] arrays = new NDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            arrays[i] = parts[i].data();
            if (arrays[i].dtype() != arrays[0].dtype()) arrays[i] = arrays[i].to(arrays[0].dtype());
        }
        int d = Errors.dim("concat", dim, arrays[0].dim());
        NDArray out = Indexing.concat(arrays, d);
        return Autograd.record("concat", out, (g, needs) -> {
            NDArray[] gs = new NDArray[parts.length];
            int at = 0;
            for (int i = 0; i < parts.length; i++) {
                int len = arrays[i].shape()[d];
                if (needs[i]) gs[i] = Autograd.fresh(Indexing.narrow(g, d, at, len), g);
                at += len;
            }
            return gs;
        }, parts);
    }

    static Tensor stack(Tensor[] parts, int dim) {
        if (parts.length == 0) throw Errors.arg("stack", "needs at least one tensor", ">= 1 tensors", 0, null);
        int[] s0 = parts[0].shape();
        for (int i = 1; i < parts.length; i++) {
            if (!Arrays.equals(s0, parts[i].shape())) {
                throw Errors.shape("stack", "all tensors must have the same shape", Shapes.str(s0), parts[i].shapeString(), "tensor " + i);
            }
        }
        int d = Errors.dim("stack", dim, s0.length + 1);
        Tensor[] u = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) u[i] = unsqueeze(parts[i], d);
        return concat(u, d);
    }
}
