package io.sequoia.nn.tree;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * The recursive neural network of Socher et al. (2011): a leaf's state is its input (a word
 * vector, so inputSize must equal hiddenSize) and a parent's is {@code p = tanh(W [c1; c2] + b)}.
 * Parameters {@code weight} (H, 2H) and {@code bias} (H), U(−1/√(2H), 1/√(2H)).
 * <pre>
 * leaf x (n, H) → (n, H);   compose left (n, H), right (n, H) → (n, H)
 * </pre>
 */
public class RecNNCell extends TreeCell {
    public final Parameter weight, bias;

    public RecNNCell(int inputSize, int hiddenSize) {
        super("RecNNCell", inputSize, hiddenSize);
        if (inputSize != hiddenSize) {
            throw Errors.arg("RecNNCell", "leaves are word vectors, so inputSize must equal hiddenSize", hiddenSize, inputSize,
                    "Hint: use an embedding of dimension hiddenSize");
        }
        double bound = 1 / Math.sqrt(2.0 * hiddenSize);
        weight = registerParameter("weight", new Parameter(Init.uniform(bound, hiddenSize, 2 * hiddenSize)));
        bias = registerParameter("bias", new Parameter(Init.uniform(bound, hiddenSize)));
    }

    public static RecNNCell fromConfig(Map<String, Object> c) {
        io.sequoia.nn.Config k = io.sequoia.nn.Config.of("RecNNCell", c);
        return new RecNNCell(k.integer("input_size"), k.integer("hidden_size"));
    }

    @Override public boolean binary() { return true; }

    @Override public Tensor leaf(Tensor x) {
        checkRows("leaf", "x", x, inputSize);
        return x;
    }

    @Override public Tensor compose(Tensor left, Tensor right) {
        checkPair(left, right);
        return Functional.linear(Tensor.concat(1, left, right), weight, bias).tanh();  // (n, H)
    }
}
