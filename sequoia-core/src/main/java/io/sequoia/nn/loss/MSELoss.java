package io.sequoia.nn.loss;

import io.sequoia.autograd.Tensor;

/** Mean squared error, PyTorch's {@code nn.MSELoss}: input and target of the same shape. */
public class MSELoss extends Loss {
    public MSELoss() { this(Reduction.MEAN); }
    public MSELoss(Reduction reduction) { super(reduction); }

    @Override public Tensor forward(Tensor input, Tensor target) {
        checkSameShape(input, target);
        checkFinite(input, "input");
        return reduction.apply(input.sub(target).square());
    }

    @Override public String name() { return "mse"; }
}
