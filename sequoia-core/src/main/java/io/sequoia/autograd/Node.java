package io.sequoia.autograd;

import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

/** A recorded primitive in the graph: its inputs, its output shapes and its backward. */
public final class Node {
    final String op;
    final Tensor[] inputs;
    final int[][] outputShapes;
    private Backward backward;
    private Runnable onRelease;
    /** Outputs declared {@link Autograd#intermediate}, recycled when this node is released; or null. */
    java.util.List<Tensor> intermediates;
    /** Where the forward was called, kept in anomaly mode only (for the backward's message). */
    final String origin = Anomaly.enabled() ? Anomaly.caller() : null;

    Node(String op, Tensor[] inputs, int[][] outputShapes, Backward backward, Runnable onRelease) {
        this.op = op;
        this.inputs = inputs;
        this.outputShapes = outputShapes;
        this.backward = backward;
        this.onRelease = onRelease;
    }

    /** The primitive's name, e.g. "matmul". */
    public String op() { return op; }

    NDArray[] apply(NDArray[] gradOutputs) {
        if (backward == null) {
            throw Errors.state("Tensor.backward", "trying to backward through the graph a second time (its saved tensors were freed at '" + op + "')",
                    "call backward(seed, true) the first time to retain the graph, or recompute the forward pass");
        }
        boolean[] needs = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needs[i] = inputs[i] != null && inputs[i].requiresGrad();
        return backward.apply(gradOutputs, needs);
    }

    void release() {
        backward = null;
        if (onRelease != null) { Runnable r = onRelease; onRelease = null; r.run(); }
    }

    @Override public String toString() { return "Node(" + op + ")"; }
}
