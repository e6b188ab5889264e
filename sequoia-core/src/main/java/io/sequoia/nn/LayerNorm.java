package io.sequoia.nn;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

import java.util.Arrays;
import java.util.Map;

/**
 * PyTorch's {@code nn.LayerNorm} over the trailing {@code normalizedShape} dims (biased variance),
 * with {@code weight} = 1 and {@code bias} = 0 when {@code elementwiseAffine}.
 */
public class LayerNorm extends Module {
    public static final double DEFAULT_EPS = 1e-5;
    private final int[] normalizedShape;
    private final double eps;
    public final Parameter weight, bias;

    public LayerNorm(int... normalizedShape) { this(normalizedShape, DEFAULT_EPS, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) throw Errors.arg("LayerNorm", "normalizedShape must not be empty", ">= 1 dims", 0, null);
        for (int s : normalizedShape) if (s <= 0) throw Errors.arg("LayerNorm", "normalizedShape sizes must be positive", "> 0", Arrays.toString(normalizedShape), null);
        if (!(eps > 0)) throw Errors.arg("LayerNorm", "eps must be positive", "> 0", eps, null);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = registerParameter("weight", elementwiseAffine ? new Parameter(Init.ones(normalizedShape)) : null);
        this.bias = registerParameter("bias", elementwiseAffine ? new Parameter(Init.zeros(normalizedShape)) : null);
    }

    @Override public Tensor forward(Tensor input) { return Functional.layerNorm(input, normalizedShape, weight, bias, eps); }

    /** Rebuilds a LayerNorm from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static LayerNorm fromConfig(Map<String, Object> config) {
        Config c = Config.of("LayerNorm", config);
        return new LayerNorm(c.ints("normalized_shape"), c.real("eps", DEFAULT_EPS), c.bool("elementwise_affine", true));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("normalized_shape", normalizedShape.clone());
        c.put("eps", eps);
        c.put("elementwise_affine", weight != null);
        return c;
    }
}
