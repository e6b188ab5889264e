package io.sequoia.nn.conv;

import io.sequoia.nn.Config;
import java.util.Map;
/**
 * PyTorch's {@code nn.MaxPool1d(kernelSize, stride, padding, dilation, ceilMode)}: the maximum over
 * each window (padding counts as −∞). The gradient goes to the first maximal element of each window.
 * <pre>
 * input (N, C, L) or (C, L)   output (N, C, L_out) or (C, L_out)   (L_out as in {@link Pool1d})
 * </pre>
 */
public class MaxPool1d extends Pool1d {
    /** stride = kernelSize, no padding, dilation 1, floor mode: PyTorch's defaults. */
    public MaxPool1d(int kernelSize) { this(kernelSize, kernelSize, 0, 1, false); }

    public MaxPool1d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        super("MaxPool1d", kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override void rowForward(double[] x, int xo, int l, double[] out, int oo, int lout, int[] saved, int so) {
        for (int t = 0; t < lout; t++) {
            double best = Double.NEGATIVE_INFINITY;
            int arg = -1;
            for (int k = 0; k < kernelSize; k++) {
                int p = t * stride - padding + k * dilation;
                if (p < 0 || p >= l) continue;
                double v = x[xo + p];
                if (v > best || arg < 0 || Double.isNaN(v)) { best = v; arg = p; }
                if (Double.isNaN(v)) break;
            }
            out[oo + t] = best;
            saved[so + t] = arg;
        }
    }

    @Override void rowBackward(double[] g, int go, int lout, double[] dx, int xo, int l, int[] saved, int so) {
        for (int t = 0; t < lout; t++) if (saved[so + t] >= 0) dx[xo + saved[so + t]] += g[go + t];
    }

    /** Rebuilds a MaxPool1d from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static MaxPool1d fromConfig(Map<String, Object> config) {
        Config c = Config.of("MaxPool1d", config);
        return new MaxPool1d(c.integer("kernel_size"), c.integer("stride"), c.integer("padding"), c.integer("dilation"), c.bool("ceil_mode"));
    }
}
