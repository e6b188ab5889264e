package io.sequoia.train.keras;

import io.sequoia.nn.Config;
import java.util.Map;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

/**
 * Keras's {@code Flatten}: every dimension but the batch folded into one (PyTorch's
 * {@code nn.Flatten()}; named {@code Flatten} so the PyTorch name stays free). The output is
 * 2-D, so a mask ends here.
 * <pre>
 * input (N, d1, d2, ...)   output (N, d1·d2·...); input (N) → (N, 1)
 * </pre>
 */
public class Flatten extends Module {
    @Override public Tensor forward(Tensor x) {
        if (x.dim() == 0) throw Errors.shape("Flatten.forward", "input needs a batch dim", ">= 1 dims", 0, "input shape " + x.shapeString());
        return x.dim() == 1 ? x.unsqueeze(1) : x.flatten(1, -1);                            // (N, rest)
    }

    /** Rebuilds a Flatten from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Flatten fromConfig(Map<String, Object> config) {
        Config c = Config.of("Flatten", config);
        return new Flatten();
    }
}
