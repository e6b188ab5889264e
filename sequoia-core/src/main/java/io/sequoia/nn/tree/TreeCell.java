package io.sequoia.nn.tree;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

/**
 * A cell applied over a tree: {@link #leaf} turns a leaf's input into its state, {@code compose}
 * makes a parent's state from its children's. States are rows of width {@link #stateSize()}; the
 * first {@link #hiddenSize()} columns are the node's output {@code h} (an LSTM keeps {@code [h; c]}).
 * Every method works on many nodes at once (n rows), which is what level-wise batching uses; the
 * per-node reference runs the same code with n = 1.
 * <pre>
 * leaf:    x (n, H_in)                                   → (n, S)
 * binary:  left (n, S), right (n, S)                     → (n, S)
 * any:     composeAll children (m, S), assign (n, m) 0/1 parent-of  → (n, S)
 * </pre>
 */
public abstract class TreeCell extends Module {
    protected final int inputSize, hiddenSize;

    protected TreeCell(String name, int inputSize, int hiddenSize) {
        if (inputSize <= 0) throw Errors.arg(name, "inputSize must be positive", "> 0", inputSize, null);
        if (hiddenSize <= 0) throw Errors.arg(name, "hiddenSize must be positive", "> 0", hiddenSize, null);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
    }

    public int inputSize() { return inputSize; }
    public int hiddenSize() { return hiddenSize; }
    /** Width of a node's state row. */
    public int stateSize() { return hiddenSize; }
    /** True if every inner node must have exactly two children (left, right). */
    public abstract boolean binary();

    /** States of n leaves from their inputs {@code x} (n, inputSize). */
    public abstract Tensor leaf(Tensor x);

    /** Binary cells: parents from their left and right children's states. */
    public Tensor compose(Tensor left, Tensor right) {
        throw Errors.state(getClass().getSimpleName() + ".compose", "this cell takes any number of children, not a left and a right",
                "call composeAll(children, assign)");
    }

    /** Cells for any number of children: {@code assign[p][j] = 1} if child row j belongs to parent p. */
    public Tensor composeAll(Tensor children, Tensor assign) {
        throw Errors.state(getClass().getSimpleName() + ".compose", "this cell is binary; it takes a left and a right child",
                "call compose(left, right)");
    }

    /** The output {@code h} of state rows: the first hiddenSize columns. */
    public Tensor hidden(Tensor states) {
        return states.size(1) == hiddenSize ? states : states.narrow(1, 0, hiddenSize);  // (n, H)
    }

    protected void checkRows(String where, String name, Tensor t, int width) {
        if (t.dim() != 2 || t.size(1) != width) {
            throw Errors.shape(getClass().getSimpleName() + "." + where, name + " must be (n, " + width + ")", "(n, " + width + ")",
                    t.shapeString(), null);
        }
    }

    protected void checkPair(Tensor left, Tensor right) {
        checkRows("compose", "left", left, stateSize());
        checkRows("compose", "right", right, stateSize());
        if (left.size(0) != right.size(0)) {
            throw Errors.shape(getClass().getSimpleName() + ".compose", "left and right must have the same number of rows",
                    left.size(0), right.size(0), null);
        }
    }

    @Override public java.util.Map<String, Object> config() {
        java.util.Map<String, Object> c = super.config();
        c.put("input_size", inputSize);
        c.put("hidden_size", hiddenSize);
        return c;
    }

    /** {@code sigmoid(a) * tanh(b)}. */
    static Tensor gate(Tensor a, Tensor b) { return a.sigmoid().mul(b.tanh()); }
}
