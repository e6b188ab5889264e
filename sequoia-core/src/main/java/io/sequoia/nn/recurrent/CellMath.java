package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;

/**
 * One step of each recurrent cell composed from autograd primitives: the reference the fused
 * kernel is tested against, and the body of {@link RNNCell}, {@link LSTMCell} and {@link GRUCell}.
 * Shapes: x (N, I), h (N, P), c (N, H); weights as in PyTorch.
 */
final class CellMath {
    private CellMath() {}

    static Tensor rnn(Tensor x, Tensor h, Tensor wih, Tensor whh, Tensor bih, Tensor bhh, boolean relu) {
        Tensor a = Functional.linear(x, wih, bih).add(Functional.linear(h, whh, bhh));
        return relu ? a.relu() : a.tanh();
    }

    /** Returns {h', c'}; {@code whr} (P, H) projects the hidden state when non-null. */
    static Tensor[] lstm(Tensor x, Tensor h, Tensor c, Tensor wih, Tensor whh, Tensor bih, Tensor bhh, Tensor whr) {
        Tensor[] g = Functional.linear(x, wih, bih).add(Functional.linear(h, whh, bhh)).chunk(4, -1);
        Tensor i = g[0].sigmoid(), f = g[1].sigmoid(), gg = g[2].tanh(), o = g[3].sigmoid();
        Tensor c2 = f.mul(c).add(i.mul(gg));
        Tensor h2 = o.mul(c2.tanh());
        if (whr != null) h2 = Functional.linear(h2, whr, null);
        return new Tensor[]{h2, c2};
    }

    static Tensor gru(Tensor x, Tensor h, Tensor wih, Tensor whh, Tensor bih, Tensor bhh) {
        Tensor[] gi = Functional.linear(x, wih, bih).chunk(3, -1);
        Tensor[] gh = Functional.linear(h, whh, bhh).chunk(3, -1);
        Tensor r = gi[0].add(gh[0]).sigmoid(), z = gi[1].add(gh[1]).sigmoid();
        Tensor n = gi[2].add(r.mul(gh[2])).tanh();
        return z.rsub(1).mul(n).add(z.mul(h));
    }
}
