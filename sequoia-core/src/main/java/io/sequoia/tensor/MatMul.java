package io.sequoia.tensor;

/** Matrix products with PyTorch's matmul rules (1-D promotion, broadcast batch dims), through {@link Gemm}. */
public final class MatMul {
    private MatMul() {}

    /**
     * Batched product of a (…, m, k) and b (…, k, n) with broadcast batch dims; either operand may be
     * read transposed in its last two dims without materialising the transpose.
     */
    public static NDArray matmul(NDArray a, NDArray b, boolean transA, boolean transB) {
        if (b.dtype() != a.dtype()) b = b.to(a.dtype());
        int[] as = a.shapeRef(), bs = b.shapeRef();
        if (as.length < 2 || bs.length < 2) {
            throw Errors.shape("matmul", "operands must be at least 2-D here", ">= 2 dims",
                    Shapes.str(as) + " and " + Shapes.str(bs), null);
        }
        int ra = as.length, rb = bs.length;
        int m = transA ? as[ra - 1] : as[ra - 2], ka = transA ? as[ra - 2] : as[ra - 1];
        int kb = transB ? bs[rb - 1] : bs[rb - 2], n = transB ? bs[rb - 2] : bs[rb - 1];
        if (ka != kb) {
            throw Errors.shape("matmul", "inner dimensions must match", ka, kb,
                    "shapes " + Shapes.str(as) + " and " + Shapes.str(bs) + (transA || transB ? ", transA=" + transA + ", transB=" + transB : ""));
        }
        int[] batchA = java.util.Arrays.copyOf(as, ra - 2), batchB = java.util.Arrays.copyOf(bs, rb - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int[] os = java.util.Arrays.copyOf(batch, batch.length + 2);
        os[batch.length] = m;
        os[batch.length + 1] = n;
        NDArray out = a.newEmpty(os);
        int nb = Shapes.numel(batch);
        int[] sa = Shapes.broadcastStrides(batchA, batch), sb = Shapes.broadcastStrides(batchB, batch);
        int matA = as[ra - 2] * as[ra - 1], matB = bs[rb - 2] * bs[rb - 1];
        int lda = as[ra - 1], ldb = bs[rb - 1];
        if (rb == 2 && !transA && nb > 1) {
            // b has no batch dims: the stacked rows of a are one (nb·m, k) matrix, so one product
            // instead of nb (PyTorch folds the same way). A (k, 1, d) · (d, V) decoding step was k
            // one-row products on the scalar kernel.
            if (a.f != null) Gemm.sgemm(false, transB, nb * m, n, ka, 1f, a.f, 0, lda, b.f, 0, ldb, 0f, out.f, 0, n);
            else Gemm.dgemm(false, transB, nb * m, n, ka, 1.0, a.d, 0, lda, b.d, 0, ldb, 0.0, out.d, 0, n);
            return out;
        }
        int[] idx = new int[batch.length];
        for (int t = 0; t < nb; t++) {
            int ia = 0, ib = 0;
            for (int k = 0; k < batch.length; k++) { ia += idx[k] * sa[k]; ib += idx[k] * sb[k]; }
            if (a.f != null) {
                Gemm.sgemm(transA, transB, m, n, ka, 1f, a.f, ia * matA, lda, b.f, ib * matB, ldb, 0f, out.f, t * m * n, n);
            } else {
                Gemm.dgemm(transA, transB, m, n, ka, 1.0, a.d, ia * matA, lda, b.d, ib * matB, ldb, 0.0, out.d, t * m * n, n);
            }
            for (int k = batch.length - 1; k >= 0; k--) { if (++idx[k] < batch[k]) break; idx[k] = 0; }
        }
        return out;
    }
}
