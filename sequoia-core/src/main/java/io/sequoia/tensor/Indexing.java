package io.sequoia.tensor;

import java.util.Arrays;

/** Shape and indexing kernels: permute, narrow, concat, index_select, gather and their adjoints. */
public final class Indexing {
    private Indexing() {}

    /** A contiguous copy with dims reordered: out dim i is input dim {@code perm[i]}. */
    public static NDArray permute(NDArray a, int[] perm) {
        int[] s = a.shapeRef();
        int r = s.length;
        if (perm.length != r) throw Errors.arg("permute", "number of dims must equal tensor rank", r, perm.length, "perm " + Arrays.toString(perm));
        boolean[] seen = new boolean[r];
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = Errors.dim("permute", perm[i], r);
            if (seen[p[i]]) throw Errors.arg("permute", "dims must be a permutation", "distinct dims", Arrays.toString(perm), null);
            seen[p[i]] = true;
        }
        int[] st = Shapes.strides(s);
        int[] os = new int[r], ist = new int[r];
        boolean identity = true;
        for (int i = 0; i < r; i++) { os[i] = s[p[i]]; ist[i] = st[p[i]]; identity &= p[i] == i; }
        if (identity) return a.copy();
        NDArray out = a.newEmpty(os);
        int n = out.numel();
        if (n == 0) return out;
        int inner = os[r - 1], is = ist[r - 1];
        int[] idx = new int[r];
        int off = 0;
        for (int o = 0; o < n; o += inner) {
            if (a.f != null) { float[] x = a.f, y = out.f; for (int j = 0; j < inner; j++) y[o + j] = x[off + j * is]; }
            else { double[] x = a.d, y = out.d; for (int j = 0; j < inner; j++) y[o + j] = x[off + j * is]; }
            for (int k = r - 2; k >= 0; k--) {
                idx[k]++;
                off += ist[k];
                if (idx[k] < os[k]) break;
                off -= ist[k] * os[k];
                idx[k] = 0;
            }
        }
        return out;
    }

    public static int[] inversePermutation(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
        return inv;
    }

    /** Elements {@code [start, start+length)} along {@code dim}. */
    public static NDArray narrow(NDArray a, int dim, int start, int length) {
        dim = Errors.dim("narrow", dim, a.dim());
        int size = a.shapeRef()[dim];
        if (start < 0) start += size;
        if (start < 0 || length < 0 || start + length > size) {
            throw Errors.arg("narrow", "range out of bounds", "start >= 0 and start+length <= " + size,
                    "start " + start + ", length " + length, "dim " + dim + " of shape " + Shapes.str(a.shapeRef()));
        }
        int[] oim = Reductions.around(a.shapeRef(), dim);
        int[] os = a.shape();
        os[dim] = length;
        NDArray out = a.newEmpty(os);
        int chunk = length * oim[2];
        for (int o = 0; o < oim[0]; o++) {
            int src = (o * size + start) * oim[2];
            copy(a, src, out, o * chunk, chunk);
        }
        return out;
    }

    /** Adds {@code g} into {@code target}'s {@code [start, start+len)} slice along dim (adjoint of narrow). */
    public static void narrowAdd(NDArray target, int dim, int start, NDArray g) {
        int[] oim = Reductions.around(target.shapeRef(), dim);
        int len = g.shapeRef()[dim];
        int chunk = len * oim[2];
        for (int o = 0; o < oim[0]; o++) {
            int dst = (o * oim[1] + start) * oim[2];
            int src = o * chunk;
            if (target.f != null && g.f != null) {
                float[] t = target.f, x = g.f;
                for (int j = 0; j < chunk; j++) t[dst + j] += x[src + j];
            } else {
                for (int j = 0; j < chunk; j++) target.setDouble(dst + j, target.getDouble(dst + j) + g.getDouble(src + j));
            }
        }
    }

    static void copy(NDArray src, int so, NDArray dst, int dO, int n) {
        if (src.f != null && dst.f != null) System.arraycopy(src.f, so, dst.f, dO, n);
        else if (src.d != null && dst.d != null) System.arraycopy(src.d, so, dst.d, dO, n);
        else for (int j = 0; j < n; j++) dst.setDouble(dO + j, src.getDouble(so + j));
    }

    public static NDArray concat(NDArray[] parts, int dim) {
        if (parts.length == 0) throw Errors.arg("concat", "needs at least one tensor", ">= 1 tensors", 0, null);
        int[] s0 = parts[0].shapeRef();
        dim = Errors.dim("concat", dim, s0.length);
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            int[] s = parts[i].shapeRef();
            if (s.length != s0.length) throw Errors.shape("concat", "tensors must have the same rank", s0.length, s.length, "tensor " + i);
            for (int k = 0; k < s.length; k++) {
                if (k != dim && s[k] != s0[k]) {
                    throw Errors.shape("concat", "sizes must match except in the concatenated dim", Shapes.str(s0),
                            Shapes.str(s), "tensor " + i + ", dim " + k);
                }
            }
            total += s[dim];
        }
        int[] os = s0.clone();
        os[dim] = total;
        NDArray out = parts[0].newEmpty(os);
        int[] oim = Reductions.around(os, dim);
        int at = 0;
        for (NDArray p : parts) {
            int len = p.shapeRef()[dim] * oim[2];
            for (int o = 0; o < oim[0]; o++) copy(p, o * len, out, o * total * oim[2] + at, len);
            at += len;
        }
        return out;
    }

    private static int[] indices(String where, NDArray idx, int bound) {
        int[] out = new int[idx.numel()];
        for (int i = 0; i < out.length; i++) {
            double v = idx.getDouble(i);
            int k = (int) v;
            if (k != v || k < 0 || k >= bound) {
                throw new IndexOutOfBoundsException(Errors.format(where, "index out of range", "an integer in [0, " + bound + ")",
                        v, "position " + i));
            }
            out[i] = k;
        }
        return out;
    }

    /** Rows {@code index} (1-D) along {@code dim}. */
    public static NDArray indexSelect(NDArray a, int dim, NDArray index) {
        dim = Errors.dim("indexSelect", dim, a.dim());
        if (index.dim() > 1) throw Errors.shape("indexSelect", "index must be 1-D", 1, index.dim(), "index shape " + Shapes.str(index.shapeRef()));
        int[] oim = Reductions.around(a.shapeRef(), dim);
        int[] ix = indices("indexSelect", index, oim[1]);
        int[] os = a.shape();
        os[dim] = ix.length;
        NDArray out = a.newEmpty(os);
        for (int o = 0; o < oim[0]; o++) {
            for (int j = 0; j < ix.length; j++) {
                copy(a, (o * oim[1] + ix[j]) * oim[2], out, (o * ix.length + j) * oim[2], oim[2]);
            }
        }
        return out;
    }

    /** Adjoint of indexSelect: a tensor of {@code shape} with g's slices added at {@code index}. */
    public static NDArray indexAdd(int[] shape, int dim, NDArray index, NDArray g) {
        NDArray out = g.newEmpty(shape);
        int[] oim = Reductions.around(shape, dim);
        int[] ix = indices("indexAdd", index, oim[1]);
        for (int o = 0; o < oim[0]; o++) {
            for (int j = 0; j < ix.length; j++) {
                int dst = (o * oim[1] + ix[j]) * oim[2], src = (o * ix.length + j) * oim[2];
                if (out.f != null) { float[] y = out.f, x = g.f; for (int k = 0; k < oim[2]; k++) y[dst + k] += x[src + k]; }
                else for (int k = 0; k < oim[2]; k++) out.setDouble(dst + k, out.getDouble(dst + k) + g.getDouble(src + k));
            }
        }
        return out;
    }

    private static void checkGather(String where, NDArray a, int dim, NDArray index) {
        if (index.dim() != a.dim()) throw Errors.shape(where, "index must have the input's rank", a.dim(), index.dim(),
                "input " + Shapes.str(a.shapeRef()) + ", index " + Shapes.str(index.shapeRef()));
        for (int k = 0; k < a.dim(); k++) {
            if (k != dim && index.shapeRef()[k] > a.shapeRef()[k]) {
                throw Errors.shape(where, "index size must not exceed input size outside dim", a.shapeRef()[k],
                        index.shapeRef()[k], "dim " + k);
            }
        }
    }

    /** {@code out[i][j][k] = a[i][index[i][j][k]][k]} for dim 1 (PyTorch gather). */
    public static NDArray gather(NDArray a, int dim, NDArray index) {
        dim = Errors.dim("gather", dim, a.dim());
        checkGather("gather", a, dim, index);
        int[] is = index.shapeRef(), as = a.shapeRef();
        int[] ix = indices("gather", index, as.length == 0 ? 1 : as[dim]);
        NDArray out = a.newEmpty(is);
        int[] ast = Shapes.strides(as);
        int[] idx = new int[is.length];
        for (int i = 0; i < ix.length; i++) {
            int src = 0;
            for (int k = 0; k < is.length; k++) src += (k == dim ? ix[i] : idx[k]) * ast[k];
            out.setDouble(i, a.getDouble(src));
            for (int k = is.length - 1; k >= 0; k--) { if (++idx[k] < is[k]) break; idx[k] = 0; }
        }
        return out;
    }

    /** Adjoint of gather: zeros of {@code shape} with g scattered (added) at index along dim. */
    public static NDArray scatterAdd(int[] shape, int dim, NDArray index, NDArray g) {
        NDArray out = g.newEmpty(shape);
        int[] is = index.shapeRef();
        int[] ix = indices("scatterAdd", index, shape.length == 0 ? 1 : shape[dim]);
        int[] ost = Shapes.strides(shape);
        int[] idx = new int[is.length];
        for (int i = 0; i < ix.length; i++) {
            int dst = 0;
            for (int k = 0; k < is.length; k++) dst += (k == dim ? ix[i] : idx[k]) * ost[k];
            out.setDouble(dst, out.getDouble(dst) + g.getDouble(i));
            for (int k = is.length - 1; k >= 0; k--) { if (++idx[k] < is[k]) break; idx[k] = 0; }
        }
        return out;
    }
}
