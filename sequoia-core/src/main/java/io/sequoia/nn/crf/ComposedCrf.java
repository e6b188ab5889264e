package io.sequoia.nn.crf;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.NDArray;

/**
 * The CRF log-likelihood built from autograd primitives only: the reference twin of
 * {@link CrfKernel} (slow: a few nodes per step). Forbidden moves get {@value #FORBIDDEN} instead of −∞.
 */
final class ComposedCrf {
    static final double FORBIDDEN = -1e4;

    private ComposedCrf() {}

    static Tensor logLikelihood(CRF.Batch b, Tensor emissions, Tensor start, Tensor end, Tensor trans, TransitionConstraints c) {
        int L = b.steps(), N = b.batch(), T = b.numTags();
        Tensor em = b.batchFirst() ? emissions.transpose(0, 1) : emissions;                 // (L, N, T)
        if (c != null) {
            start = start.add(penalty(c.start(), T, start));
            end = end.add(penalty(c.end(), T, end));
            double[] pen = new double[T * T];
            for (int i = 0; i < T; i++) for (int j = 0; j < T; j++) pen[i * T + j] = c.allowed()[i][j] ? 0 : FORBIDDEN;
            trans = trans.add(new Tensor(NDArray.wrap(pen, T, T).to(trans.dtype())));
        }
        double[] mask = new double[L * N], tagIdx = new double[L * N], pairIdx = new double[L * N], last = new double[N];
        for (int n = 0; n < N; n++) {
            int[] y = b.tags()[n];
            for (int t = 0; t < y.length; t++) {
                mask[t * N + n] = 1;
                tagIdx[t * N + n] = y[t];
                if (t > 0) pairIdx[t * N + n] = y[t - 1] * T + y[t];
            }
            last[n] = y[y.length - 1];
        }
        Tensor m = new Tensor(NDArray.wrap(mask, L, N).to(em.dtype()));
        Tensor tags = new Tensor(NDArray.wrap(tagIdx, L, N, 1).to(em.dtype()));
        // gold score
        Tensor emit = em.gather(2, tags).squeeze(2).mul(m).sum(0, false);                  // (N)
        Tensor pairs = new Tensor(NDArray.wrap(pairIdx, L * N).to(em.dtype()));
        Tensor tr = trans.reshape(T * T).indexSelect(0, pairs).reshape(L, N).mul(m);        // (L, N), step 0 masked below
        Tensor trSum = L > 1 ? tr.narrow(0, 1, L - 1).sum(0, false) : tr.select(0, 0).mul(0);
        Tensor first = tags.select(0, 0).reshape(N);
        Tensor score = emit.add(trSum).add(start.indexSelect(0, first))
                .add(end.indexSelect(0, new Tensor(NDArray.wrap(last, N).to(em.dtype()))));
        // log-partition
        Tensor alpha = start.unsqueeze(0).add(em.select(0, 0));                              // (N, T)
        for (int t = 1; t < L; t++) {
            Tensor next = alpha.unsqueeze(2).add(trans.unsqueeze(0)).logsumexp(1, false).add(em.select(0, t)); // (N, T)
            Tensor on = m.select(0, t).unsqueeze(1);                                          // (N, 1)
            alpha = next.mul(on).add(alpha.mul(on.rsub(1)));
        }
        Tensor logZ = alpha.add(end.unsqueeze(0)).logsumexp(1, false);                        // (N)
        return score.sub(logZ);
    }

    private static Tensor penalty(boolean[] ok, int T, Tensor like) {
        double[] p = new double[T];
        for (int i = 0; i < T; i++) p[i] = ok[i] ? 0 : FORBIDDEN;
        return new Tensor(NDArray.wrap(p, T).to(like.dtype()));
    }
}
