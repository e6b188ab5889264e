package io.sequoia.nn.conv;

import io.sequoia.nn.Config;
import java.util.Map;

/**
 * PyTorch's {@code nn.AvgPool1d(kernelSize, stride, padding, ceilMode, countIncludePad)}: the mean of
 * each window. With {@code countIncludePad} (default) the divisor is the window's size clipped to the
 * padded input; without, only the real elements count.
 * <pre>
 * input (N, C, L) or (C, L)   output (N, C, L_out) or (C, L_out)   (L_out as in {@link Pool1d}, dilation 1)
 * </pre>
 */
public class AvgPool1d extends Pool1d {
    private final boolean countIncludePad;

    /** stride = kernelSize, no padding, floor mode, padding counted: PyTorch's defaults. */
    public AvgPool1d(int kernelSize) { this(kernelSize, kernelSize, 0, false, true); }

    public AvgPool1d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        super("AvgPool1d", kernelSize, stride, padding, 1, ceilMode);
        this.countIncludePad = countIncludePad;
    }

    /** The divisor of window t; its real elements are [lo, hi). */
    private int divisor(int t, int l) {
        int start = t * stride - padding, end = Math.min(start + kernelSize, l + padding);
        if (countIncludePad) return end - start;
        return Math.min(end, l) - Math.max(start, 0);
    }

    @Override void rowForward(double[] x, int xo, int l, double[] out, int oo, int lout, int[] saved, int so) {
        for (int t = 0; t < lout; t++) {
            int start = t * stride - padding;
            double s = 0;
            for (int p = Math.max(start, 0); p < Math.min(start + kernelSize, l); p++) s += x[xo + p];
            out[oo + t] = s / Math.max(divisor(t, l), 1);
        }
    }

    @Override void rowBackward(double[] g, int go, int lout, double[] dx, int xo, int l, int[] saved, int so) {
        for (int t = 0; t < lout; t++) {
            int start = t * stride - padding;
            double v = g[go + t] / Math.max(divisor(t, l), 1);
            for (int p = Math.max(start, 0); p < Math.min(start + kernelSize, l); p++) dx[xo + p] += v;
        }
    }

    /** Rebuilds a AvgPool1d from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static AvgPool1d fromConfig(Map<String, Object> config) {
        Config c = Config.of("AvgPool1d", config);
        return new AvgPool1d(c.integer("kernel_size"), c.integer("stride"), c.integer("padding"), c.bool("ceil_mode"), c.bool("count_include_pad"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.remove("dilation");
        c.put("count_include_pad", countIncludePad);
        return c;
    }
}
