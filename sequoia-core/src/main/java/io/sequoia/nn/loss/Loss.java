package io.sequoia.nn.loss;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

import java.util.Arrays;
import java.util.Map;

/** A loss function: {@code forward(input, target)} → a scalar (or per-element values with reduction none). */
public abstract class Loss extends Module {
    protected final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) throw Errors.arg(getClass().getSimpleName(), "reduction must not be null", "none, mean or sum", null, null);
        this.reduction = reduction;
    }

    public abstract Tensor forward(Tensor input, Tensor target);

    public Reduction reduction() { return reduction; }

    /** A short name for logs and config ("mse", "cross_entropy", ...). */
    public abstract String name();

    /** Rejects NaN in the input, naming the loss and the position: a NaN loss should never be silent. */
    protected void checkFinite(Tensor input, String arg) {
        var d = input.data();
        for (int i = 0; i < d.numel(); i++) {
            if (Double.isNaN(d.getDouble(i))) {
                throw Errors.arg(getClass().getSimpleName() + ".forward", arg + " must not contain NaN", "no NaN",
                        "NaN at flat index " + i, arg + " shape " + input.shapeString());
            }
        }
    }

    protected void checkSameShape(Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw Errors.shape(getClass().getSimpleName() + ".forward", "target must have the input's shape",
                    input.shapeString(), target.shapeString(), null);
        }
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("reduction", reduction.name().toLowerCase());
        return c;
    }
}
