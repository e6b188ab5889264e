package io.sequoia.nn.tree;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Parameter;

import java.util.Map;

/**
 * A binary Tree-GRU. Leaf: {@code h = tanh(W x + b_x)}. Parent of h_l, h_r with
 * {@code s = [h_l; h_r]}: {@code [r_l, r_r, z] = σ(U s + b_h)} (a reset gate per child),
 * {@code ĥ = tanh(U_n (r ⊙ s) + b_n)}, {@code h = z ⊙ ĥ + (1 − z) ⊙ (h_l + h_r) / 2}.
 * Parameters {@code weight_ih} (H, H_in), {@code bias_ih} (H), {@code weight_hh} (3H, 2H) rows
 * r_l|r_r|z, {@code bias_hh} (3H), {@code weight_hn} (H, 2H), {@code bias_hn} (H), U(−1/√H, 1/√H).
 * <pre>
 * leaf x (n, H_in) → (n, H);   compose left (n, H), right (n, H) → (n, H)
 * </pre>
 */
public class TreeGRUCell extends TreeCell {
    public final Parameter weightIh, biasIh, weightHh, biasHh, weightHn, biasHn;

    public TreeGRUCell(int inputSize, int hiddenSize) {
        super("TreeGRUCell", inputSize, hiddenSize);
        double k = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", new Parameter(Init.uniform(k, hiddenSize, inputSize)));
        biasIh = registerParameter("bias_ih", new Parameter(Init.uniform(k, hiddenSize)));
        weightHh = registerParameter("weight_hh", new Parameter(Init.uniform(k, 3 * hiddenSize, 2 * hiddenSize)));
        biasHh = registerParameter("bias_hh", new Parameter(Init.uniform(k, 3 * hiddenSize)));
        weightHn = registerParameter("weight_hn", new Parameter(Init.uniform(k, hiddenSize, 2 * hiddenSize)));
        biasHn = registerParameter("bias_hn", new Parameter(Init.uniform(k, hiddenSize)));
    }

    public static TreeGRUCell fromConfig(Map<String, Object> c) {
        io.sequoia.nn.Config k = io.sequoia.nn.Config.of("TreeGRUCell", c);
        return new TreeGRUCell(k.integer("input_size"), k.integer("hidden_size"));
    }

    @Override public boolean binary() { return true; }

    @Override public Tensor leaf(Tensor x) {
        checkRows("leaf", "x", x, inputSize);
        return Functional.linear(x, weightIh, biasIh).tanh();                      // (n, H)
    }

    @Override public Tensor compose(Tensor left, Tensor right) {
        checkPair(left, right);
        int h = hiddenSize;
        Tensor s = Tensor.concat(1, left, right);                                    // (n, 2H)
        Tensor g = Functional.linear(s, weightHh, biasHh).sigmoid();                 // (n, 3H) r_l|r_r|z
        Tensor cand = Functional.linear(g.narrow(1, 0, 2 * h).mul(s), weightHn, biasHn).tanh();  // (n, H)
        Tensor z = g.narrow(1, 2 * h, h);
        Tensor avg = left.add(right).mul(0.5);
        return z.mul(cand).add(z.rsub(1).mul(avg));                                  // (n, H)
    }
}
