package io.sequoia.nn.tree;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * The Child-Sum Tree-LSTM of Tai et al. (2015), for trees with any number of children per node
 * (dependency trees), with inputs at the leaves. Leaf: {@code [i, o, u] = W x + b_x},
 * {@code c = σ(i) ⊙ tanh(u)}. Parent of children k: {@code h̃ = Σ_k h_k},
 * {@code [i, o, u] = U h̃ + b_h}, {@code f_k = σ(U_f h_k + b_f)},
 * {@code c = σ(i) ⊙ tanh(u) + Σ_k f_k ⊙ c_k}; both: {@code h = σ(o) ⊙ tanh(c)}. State {@code [h; c]}.
 * Parameters {@code weight_ih} (3H, H_in), {@code bias_ih} (3H), {@code weight_hh} (3H, H),
 * {@code bias_hh} (3H), {@code weight_fh} (H, H), {@code bias_fh} (H), all U(−1/√H, 1/√H).
 * <pre>
 * leaf x (n, H_in) → (n, 2H);   composeAll children (m, 2H), assign (n, m) → (n, 2H)
 * </pre>
 */
public class ChildSumTreeLSTMCell extends TreeCell {
    public final Parameter weightIh, biasIh, weightHh, biasHh, weightFh, biasFh;

    public ChildSumTreeLSTMCell(int inputSize, int hiddenSize) {
        super("ChildSumTreeLSTMCell", inputSize, hiddenSize);
        double k = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", new Parameter(Init.uniform(k, 3 * hiddenSize, inputSize)));
        biasIh = registerParameter("bias_ih", new Parameter(Init.uniform(k, 3 * hiddenSize)));
        weightHh = registerParameter("weight_hh", new Parameter(Init.uniform(k, 3 * hiddenSize, hiddenSize)));
        biasHh = registerParameter("bias_hh", new Parameter(Init.uniform(k, 3 * hiddenSize)));
        weightFh = registerParameter("weight_fh", new Parameter(Init.uniform(k, hiddenSize, hiddenSize)));
        biasFh = registerParameter("bias_fh", new Parameter(Init.uniform(k, hiddenSize)));
    }

    public static ChildSumTreeLSTMCell fromConfig(Map<String, Object> c) {
        io.sequoia.nn.Config k = io.sequoia.nn.Config.of("ChildSumTreeLSTMCell", c);
        return new ChildSumTreeLSTMCell(k.integer("input_size"), k.integer("hidden_size"));
    }

    @Override public boolean binary() { return false; }
    @Override public int stateSize() { return 2 * hiddenSize; }

    @Override public Tensor leaf(Tensor x) {
        checkRows("leaf", "x", x, inputSize);
        return BinaryTreeLSTMCell.leafState(Functional.linear(x, weightIh, biasIh), hiddenSize);
    }

    @Override public Tensor composeAll(Tensor children, Tensor assign) {
        checkRows("compose", "children", children, stateSize());
        if (assign.dim() != 2 || assign.size(1) != children.size(0)) {
            throw Errors.shape("ChildSumTreeLSTMCell.compose", "assign must be (n, m) with m = children rows", "(n, " + children.size(0) + ")",
                    assign.shapeString(), null);
        }
        int h = hiddenSize;
        Tensor hk = children.narrow(1, 0, h), ck = children.narrow(1, h, h);       // (m, H) each
        Tensor z = Functional.linear(assign.matmul(hk), weightHh, biasHh);          // (n, 3H) i|o|u from h̃
        Tensor fc = assign.matmul(Functional.linear(hk, weightFh, biasFh).sigmoid().mul(ck));  // (n, H): Σ_k f_k ⊙ c_k
        Tensor c = gate(z.narrow(1, 0, h), z.narrow(1, 2 * h, h)).add(fc);          // (n, H)
        return Tensor.concat(1, gate(z.narrow(1, h, h), c), c);                     // (n, 2H)
    }
}
