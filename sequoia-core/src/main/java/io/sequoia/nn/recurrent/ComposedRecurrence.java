package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.NDArray;

/**
 * One layer and direction of a recurrent module as a loop of composed cells ({@link CellMath}):
 * the reference twin of {@link RecurrentKernel}, and the path for float64. Same packed semantics:
 * inactive rows keep their state and output zeros.
 */
final class ComposedRecurrence {
    private ComposedRecurrence() {}

    /** x (T, N, in), h0 (N, P), c0 (N, H) or null → {output (T, N, P), hN, cN or null}. */
    static Tensor[] run(RNNBase m, Tensor x, Tensor h0, Tensor c0, int layer, int dir, int[] lengths) {
        int T = x.size(0), N = x.size(1);
        Parameter wih = m.p("weight_ih", layer, dir), whh = m.p("weight_hh", layer, dir);
        Parameter bih = m.bias ? m.p("bias_ih", layer, dir) : null, bhh = m.bias ? m.p("bias_hh", layer, dir) : null;
        Parameter whr = m.projSize > 0 ? m.p("weight_hr", layer, dir) : null;
        Tensor h = h0, c = c0;
        Tensor[] outs = new Tensor[T];
        for (int s = 0; s < T; s++) {
            int t = dir == 1 ? T - 1 - s : s;
            Tensor xt = x.select(0, t);                                                 // (N, in)
            Tensor h2, c2 = null;
            switch (m.cell) {
                case LSTM: {
                    Tensor[] hc = CellMath.lstm(xt, h, c, wih, whh, bih, bhh, whr);
                    h2 = hc[0];
                    c2 = hc[1];
                    break;
                }
                case GRU: h2 = CellMath.gru(xt, h, wih, whh, bih, bhh); break;
                default: h2 = CellMath.rnn(xt, h, wih, whh, bih, bhh, m.cell == CellType.RNN_RELU);
            }
            if (lengths != null) {
                Tensor active = activeMask(lengths, t, h.dtype());                      // (N, 1)
                outs[t] = h2.mul(active);
                h = Tensor.where(active, h2, h);
                if (c2 != null) c = Tensor.where(active, c2, c);
            } else {
                outs[t] = h2;
                h = h2;
                if (c2 != null) c = c2;
            }
        }
        return new Tensor[]{Tensor.stack(0, outs), h, c};
    }

    static Tensor activeMask(int[] lengths, int t, io.sequoia.tensor.DType dtype) {
        NDArray a = NDArray.zeros(dtype, lengths.length, 1);
        for (int n = 0; n < lengths.length; n++) a.setDouble(n, t < lengths[n] ? 1 : 0);
        return new Tensor(a);
    }
}
