package io.sequoia.nn.loss;

import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Tensor;

/** Mean squared error, PyTorch's {@code nn.MSELoss}: input and target of the same shape. */
public class MSELoss extends Loss {
    public MSELoss() { this(Reduction.MEAN); }
    public MSELoss(Reduction reduction) { super(reduction); }

    @Override public Tensor forward(Tensor input, Tensor target) {
        checkSameShape(input, target);
        checkFinite(input, "input");
        Tensor diff = input.sub(target), sq = diff.square(), loss = reduction.apply(sq);
        Autograd.intermediate(diff, input, target, loss);            // storage reused after backward
        Autograd.intermediate(sq, input, target, loss);
        return loss;
    }

    @Override public String name() { return "mse"; }
}
