package io.sequoia.nn.loss;

import io.sequoia.autograd.Tensor;

/** Mean absolute error, PyTorch's {@code nn.L1Loss}. */
public class L1Loss extends Loss {
    public L1Loss() { this(Reduction.MEAN); }
    public L1Loss(Reduction reduction) { super(reduction); }

    @Override public Tensor forward(Tensor input, Tensor target) {
        checkSameShape(input, target);
        checkFinite(input, "input");
        return reduction.apply(input.sub(target).abs());
    }

    @Override public String name() { return "l1"; }
}
