package io.sequoia.nn.conv;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * PyTorch's {@code nn.Conv1d(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias)}
 * with zero padding. {@code padding} is a number of zeros on each side, or {@code "valid"} (0) or
 * {@code "same"} (output length = input length; stride 1 only; an odd total goes to the right, as
 * PyTorch). Parameters {@code weight} (outChannels, inChannels/groups, kernelSize) and {@code bias}
 * (outChannels), initialised U(−1/√(inChannels/groups·kernelSize), +) as PyTorch.
 * <pre>
 * input (N, C_in, L) or (C_in, L)   output (N, C_out, L_out) or (C_out, L_out)
 * L_out = floor((L + padLeft + padRight − dilation·(kernelSize − 1) − 1) / stride) + 1
 * </pre>
 * Fast path: im2col + one GEMM per group ({@code ConvKernel}), with a composed twin tested against it.
 * For Keras's channels-last layout (N, L, C) transpose first: {@code x.transpose(1, 2)}.
 */
public class Conv1d extends Module {
    public static final int DEFAULT_STRIDE = 1, DEFAULT_DILATION = 1, DEFAULT_GROUPS = 1;
    public static final boolean DEFAULT_BIAS = true;

    private final int inChannels, outChannels, kernelSize, stride, dilation, groups;
    private final String padding;      // "valid", "same" or a number
    public final Parameter weight, bias;

    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, DEFAULT_STRIDE, "0", DEFAULT_DILATION, DEFAULT_GROUPS, DEFAULT_BIAS);
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, Integer.toString(padding), DEFAULT_DILATION, DEFAULT_GROUPS, DEFAULT_BIAS);
    }

    /** @param padding "valid", "same" or a non-negative number of zeros per side */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups, boolean bias) {
        String w = "Conv1d";
        if (inChannels <= 0) throw Errors.arg(w, "inChannels must be positive", "> 0", inChannels, null);
        if (outChannels <= 0) throw Errors.arg(w, "outChannels must be positive", "> 0", outChannels, null);
        if (kernelSize <= 0) throw Errors.arg(w, "kernelSize must be positive", "> 0", kernelSize, null);
        if (stride <= 0) throw Errors.arg(w, "stride must be positive", "> 0", stride, null);
        if (dilation <= 0) throw Errors.arg(w, "dilation must be positive", "> 0", dilation, null);
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw Errors.arg(w, "groups must divide inChannels and outChannels", "a divisor of " + inChannels + " and " + outChannels, groups, null);
        }
        if (padding == null || !(padding.equals("valid") || padding.equals("same") || padding.matches("\\d+"))) {
            throw Errors.arg(w, "padding must be 'valid', 'same' or a non-negative integer", "valid, same or >= 0", padding, null);
        }
        if (padding.equals("same") && stride != 1) {
            throw Errors.arg(w, "padding 'same' needs stride 1", 1, stride, "as PyTorch");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding.equals("valid") ? "0" : padding;
        this.dilation = dilation;
        this.groups = groups;
        double bound = 1 / Math.sqrt((double) inChannels / groups * kernelSize);
        this.weight = registerParameter("weight", new Parameter(Init.uniform(bound, outChannels, inChannels / groups, kernelSize)));
        this.bias = registerParameter("bias", bias ? new Parameter(Init.uniform(bound, outChannels)) : null);
    }

    /** {padLeft, padRight}. */
    int[] pads() {
        if (padding.equals("same")) {
            int total = dilation * (kernelSize - 1);
            return new int[]{total / 2, total - total / 2};
        }
        int p = Integer.parseInt(padding);
        return new int[]{p, p};
    }

    ConvKernel.Geometry geometry(String where, Tensor input) {
        if (input.dim() != 3) {
            throw Errors.shape(where, "input must be (N, C_in, L) or (C_in, L)", "2 or 3 dims", input.dim(), "input shape " + input.shapeString());
        }
        if (input.size(1) != inChannels) {
            throw Errors.shape(where, "input.size(1) must equal inChannels", inChannels, input.size(1), "input shape " + input.shapeString());
        }
        int[] p = pads();
        int l = input.size(2), span = dilation * (kernelSize - 1) + 1;
        if (l + p[0] + p[1] < span) {
            throw Errors.shape(where, "the padded input is shorter than the kernel's span", ">= " + span, l + p[0] + p[1],
                    "input shape " + input.shapeString() + ", padding " + padding);
        }
        int lout = (l + p[0] + p[1] - span) / stride + 1;
        return new ConvKernel.Geometry(input.size(0), inChannels, l, outChannels, kernelSize, stride, p[0], dilation, groups, lout);
    }

    /**
     * <pre>
     * input (N, C_in, L) or (C_in, L)   output (N, C_out, L_out) or (C_out, L_out)
     * </pre>
     */
    @Override public Tensor forward(Tensor input) {
        boolean unbatched = input.dim() == 2;
        Tensor x = unbatched ? input.unsqueeze(0) : input;                                 // (N, C_in, L)
        ConvKernel.Geometry g = geometry("Conv1d.forward", x);
        Tensor y = weight.dtype() == io.sequoia.tensor.DType.FLOAT32 ? ConvKernel.forward(x, weight, bias, g)
                : ConvKernel.composed(x.dtype() == weight.dtype() ? x : x.to(weight.dtype()), weight, bias, g);   // float64: the composed twin
        return unbatched ? y.squeeze(0) : y;
    }

    /** The same result from autograd primitives (the fused kernel's twin, for tests). */
    public Tensor forwardComposed(Tensor input) {
        boolean unbatched = input.dim() == 2;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        Tensor y = ConvKernel.composed(x, weight, bias, geometry("Conv1d.forwardComposed", x));
        return unbatched ? y.squeeze(0) : y;
    }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public int kernelSize() { return kernelSize; }

    /** Rebuilds a Conv1d from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Conv1d fromConfig(Map<String, Object> config) {
        Config c = Config.of("Conv1d", config);
        Object padding = c.value("padding");
        String pad = padding instanceof Number n ? Integer.toString(c.integer("padding")) : c.string("padding");
        return new Conv1d(c.integer("in_channels"), c.integer("out_channels"), c.integer("kernel_size"), c.integer("stride"), pad,
                c.integer("dilation"), c.integer("groups"), c.bool("bias"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("in_channels", inChannels);
        c.put("out_channels", outChannels);
        c.put("kernel_size", kernelSize);
        c.put("stride", stride);
        c.put("padding", padding);
        c.put("dilation", dilation);
        c.put("groups", groups);
        c.put("bias", bias != null);
        return c;
    }
}
