package io.sequoia.nn.tree;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * The recursive neural tensor network of Socher et al. (2013): with {@code c = [c1; c2]},
 * {@code p_k = tanh(cᵀ V_k c + (W c + b)_k)}. Leaves are word vectors (inputSize = hiddenSize).
 * Parameters {@code weight} (H, 2H), {@code bias} (H) and the tensor {@code bilinear_weight}
 * (H, 2H, 2H) laid out as PyTorch's {@code nn.Bilinear.weight} (out, in1, in2). Initialised as
 * Socher et al.'s code (Stanford CoreNLP's {@code SentimentModel}) does: {@code weight = [I I]} plus
 * U(−1/(2√H), 1/(2√H)) noise, so a new node starts near {@code tanh(c1 + c2)}; {@code bias} zero;
 * the tensor U(−1/(4H), 1/(4H)) so the quadratic term starts small.
 * <p>With {@code tanhLeaf} a leaf's state is {@code tanh(x)} of its word vector, as in that code
 * ({@code SentimentCostAndGradient.forwardPropagateTree}: a preterminal's node vector is the tanh of
 * the word vector); without it the word vector itself (the first Sequoia RNTN).
 * <pre>
 * leaf x (n, H) → (n, H);   compose left (n, H), right (n, H) → (n, H)
 * </pre>
 */
public class RNTNCell extends TreeCell {
    public final Parameter weight, bias, bilinearWeight;
    private final boolean tanhLeaf;

    public RNTNCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, false); }

    public RNTNCell(int inputSize, int hiddenSize, boolean tanhLeaf) {
        super("RNTNCell", inputSize, hiddenSize);
        this.tanhLeaf = tanhLeaf;
        if (inputSize != hiddenSize) {
            throw Errors.arg("RNTNCell", "leaves are word vectors, so inputSize must equal hiddenSize", hiddenSize, inputSize,
                    "Hint: use an embedding of dimension hiddenSize");
        }
        int h2 = 2 * hiddenSize;
        NDArray w = Init.uniform(1 / (2 * Math.sqrt(hiddenSize)), hiddenSize, h2);
        for (int k = 0; k < hiddenSize; k++) {                                       // [I I]: each child passes through
            w.setDouble(k * h2 + k, w.getDouble(k * h2 + k) + 1);
            w.setDouble(k * h2 + hiddenSize + k, w.getDouble(k * h2 + hiddenSize + k) + 1);
        }
        weight = registerParameter("weight", new Parameter(w));
        bias = registerParameter("bias", new Parameter(Init.zeros(hiddenSize)));
        bilinearWeight = registerParameter("bilinear_weight", new Parameter(Init.uniform(1.0 / (4 * hiddenSize), hiddenSize, h2, h2)));
    }

    public static RNTNCell fromConfig(Map<String, Object> c) {
        io.sequoia.nn.Config k = io.sequoia.nn.Config.of("RNTNCell", c);
        return new RNTNCell(k.integer("input_size"), k.integer("hidden_size"), k.bool("paper_leaf", false));
    }

    /** Whether a leaf is {@code tanh} of its word vector. */
    public boolean tanhLeaf() { return tanhLeaf; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("paper_leaf", tanhLeaf);
        return c;
    }

    @Override public boolean binary() { return true; }

    @Override public Tensor leaf(Tensor x) {
        checkRows("leaf", "x", x, inputSize);
        return tanhLeaf ? x.tanh() : x;
    }

    @Override public Tensor compose(Tensor left, Tensor right) {
        checkPair(left, right);
        int n = left.size(0), h = hiddenSize, h2 = 2 * h;
        Tensor c = Tensor.concat(1, left, right);                                   // (n, 2H)
        Tensor v = bilinearWeight.permute(1, 0, 2).reshape(h2, h * h2);             // (2H, H·2H): v[i, k·2H + j] = V[k, i, j]
        Tensor cv = c.matmul(v).reshape(n, h, h2);                                   // (n, H, 2H): Σ_i c_i V[k, i, j]
        Tensor quad = cv.mul(c.unsqueeze(1)).sum(2, false);                          // (n, H): cᵀ V_k c
        return Functional.linear(c, weight, bias).add(quad).tanh();                  // (n, H)
    }
}
