package io.sequoia.nn.tree;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Parameter;

import java.util.Map;

/**
 * The binary N-ary Tree-LSTM of Tai et al. (2015) for constituency trees, where only leaves read
 * an input. Leaf: {@code [i, o, u] = W x + b_x}, {@code c = σ(i) ⊙ tanh(u)}. Parent of children
 * (h_l, c_l), (h_r, c_r): {@code [i, f_l, f_r, o, u] = U [h_l; h_r] + b_h},
 * {@code c = σ(i) ⊙ tanh(u) + σ(f_l) ⊙ c_l + σ(f_r) ⊙ c_r}; both: {@code h = σ(o) ⊙ tanh(c)}.
 * A forget gate per child. The state row is {@code [h; c]} (S = 2H).
 * Parameters {@code weight_ih} (3H, H_in) rows i|o|u, {@code bias_ih} (3H), {@code weight_hh}
 * (5H, 2H) rows i|f_l|f_r|o|u, {@code bias_hh} (5H), all U(−1/√H, 1/√H) as PyTorch's LSTM.
 * <p>With {@code paperLeaf} the leaf is the one of Tai et al.'s code ({@code BinaryTreeLSTM.lua}):
 * no input gate, {@code c = W_c x + b_c}, {@code h = σ(W_o x + b_o) ⊙ tanh(c)}; then
 * {@code weight_ih} is (2H, H_in) rows c|o and {@code bias_ih} (2H), U(−1/√H_in, 1/√H_in) as
 * Torch's {@code nn.Linear}.
 * <pre>
 * leaf x (n, H_in) → (n, 2H);   compose left (n, 2H), right (n, 2H) → (n, 2H)
 * </pre>
 */
public class BinaryTreeLSTMCell extends TreeCell {
    public final Parameter weightIh, biasIh, weightHh, biasHh;
    private final boolean paperLeaf;

    public BinaryTreeLSTMCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, false); }

    public BinaryTreeLSTMCell(int inputSize, int hiddenSize, boolean paperLeaf) {
        super("BinaryTreeLSTMCell", inputSize, hiddenSize);
        this.paperLeaf = paperLeaf;
        double k = 1 / Math.sqrt(hiddenSize), kIn = paperLeaf ? 1 / Math.sqrt(inputSize) : k;
        int leafRows = (paperLeaf ? 2 : 3) * hiddenSize;
        weightIh = registerParameter("weight_ih", new Parameter(Init.uniform(kIn, leafRows, inputSize)));
        biasIh = registerParameter("bias_ih", new Parameter(Init.uniform(kIn, leafRows)));
        weightHh = registerParameter("weight_hh", new Parameter(Init.uniform(k, 5 * hiddenSize, 2 * hiddenSize)));
        biasHh = registerParameter("bias_hh", new Parameter(Init.uniform(k, 5 * hiddenSize)));
    }

    public static BinaryTreeLSTMCell fromConfig(Map<String, Object> c) {
        io.sequoia.nn.Config k = io.sequoia.nn.Config.of("BinaryTreeLSTMCell", c);
        return new BinaryTreeLSTMCell(k.integer("input_size"), k.integer("hidden_size"), k.bool("paper_leaf", false));
    }

    /** Whether the leaf is Tai et al.'s (no input gate) rather than an LSTM step from a zero state. */
    public boolean paperLeaf() { return paperLeaf; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("paper_leaf", paperLeaf);
        return c;
    }

    @Override public boolean binary() { return true; }
    @Override public int stateSize() { return 2 * hiddenSize; }

    @Override public Tensor leaf(Tensor x) {
        checkRows("leaf", "x", x, inputSize);
        Tensor g = Functional.linear(x, weightIh, biasIh);
        if (!paperLeaf) return leafState(g, hiddenSize);
        Tensor c = g.narrow(1, 0, hiddenSize);                                       // (n, H) c = W_c x + b_c
        return Tensor.concat(1, gate(g.narrow(1, hiddenSize, hiddenSize), c), c);   // (n, 2H) [σ(o) ⊙ tanh(c); c]
    }

    /** {@code [h; c]} from leaf gates i|o|u (n, 3H). */
    static Tensor leafState(Tensor g, int h) {
        Tensor c = gate(g.narrow(1, 0, h), g.narrow(1, 2 * h, h));                 // (n, H)
        return Tensor.concat(1, gate(g.narrow(1, h, h), c), c);                     // (n, 2H)
    }

    @Override public Tensor compose(Tensor left, Tensor right) {
        checkPair(left, right);
        int h = hiddenSize;
        Tensor hs = Tensor.concat(1, left.narrow(1, 0, h), right.narrow(1, 0, h));   // (n, 2H)
        Tensor z = Functional.linear(hs, weightHh, biasHh);                         // (n, 5H) i|f_l|f_r|o|u
        Tensor c = gate(z.narrow(1, 0, h), z.narrow(1, 4 * h, h))
                .add(z.narrow(1, h, h).sigmoid().mul(left.narrow(1, h, h)))
                .add(z.narrow(1, 2 * h, h).sigmoid().mul(right.narrow(1, h, h)));  // (n, H)
        return Tensor.concat(1, gate(z.narrow(1, 3 * h, h), c), c);                 // (n, 2H)
    }
}
