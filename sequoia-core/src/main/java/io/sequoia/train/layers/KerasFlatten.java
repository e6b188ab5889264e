package io.sequoia.train.layers;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

/**
 * Keras's {@code Flatten}: every dimension but the batch folded into one (PyTorch's
 * {@code nn.Flatten()}; named {@code KerasFlatten} so the PyTorch name stays free). The output is
 * 2-D, so a mask ends here.
 * <pre>
 * input (N, d1, d2, ...)   output (N, d1·d2·...); input (N) → (N, 1)
 * </pre>
 */
public class KerasFlatten extends Module {
    @Override public Tensor forward(Tensor x) {
        if (x.dim() == 0) throw Errors.shape("KerasFlatten.forward", "input needs a batch dim", ">= 1 dims", 0, "input shape " + x.shapeString());
        return x.dim() == 1 ? x.unsqueeze(1) : x.flatten(1, -1);                            // (N, rest)
    }
}
