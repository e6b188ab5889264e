package io.sequoia.nn.conv;

import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * What {@link MaxPool1d} and {@link AvgPool1d} share: PyTorch's window arithmetic
 * (kernelSize, stride = kernelSize by default, padding ≤ kernelSize/2, dilation, ceilMode) and the
 * loop over (N·C) rows. Each subclass supplies the forward and backward of one row.
 * <pre>
 * input (N, C, L) or (C, L)   output (N, C, L_out) or (C, L_out)
 * L_out = floor-or-ceil((L + 2·padding − dilation·(kernelSize − 1) − 1) / stride) + 1; with ceilMode the
 * last window must start inside the input or the left padding
 * </pre>
 */
public abstract class Pool1d extends Module {
    protected final int kernelSize, stride, padding, dilation;
    protected final boolean ceilMode;

    protected Pool1d(String where, int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        if (kernelSize <= 0) throw Errors.arg(where, "kernelSize must be positive", "> 0", kernelSize, null);
        if (stride <= 0) throw Errors.arg(where, "stride must be positive", "> 0", stride, null);
        if (dilation <= 0) throw Errors.arg(where, "dilation must be positive", "> 0", dilation, null);
        if (padding < 0 || padding > kernelSize / 2) {
            throw Errors.arg(where, "padding must be at most half the kernel size", "0.." + kernelSize / 2, padding, "as PyTorch");
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
    }

    int outputLength(String where, int l) {
        int span = dilation * (kernelSize - 1) + 1, num = l + 2 * padding - span;
        if (num < 0) throw Errors.shape(where, "the padded input is shorter than the window", ">= " + span, l + 2 * padding, "input length " + l);
        int lout = (ceilMode ? (num + stride - 1) / stride : num / stride) + 1;
        if (ceilMode && (lout - 1) * stride >= l + padding) lout--;
        return lout;
    }

    /** Forward of one row: {@code out[t]} from {@code x[xo ..]}; may record what backward needs at {@code saved[so + t]}. */
    abstract void rowForward(double[] x, int xo, int l, double[] out, int oo, int lout, int[] saved, int so);

    /** Backward of one row: adds into {@code dx[xo ..]}. */
    abstract void rowBackward(double[] g, int go, int lout, double[] dx, int xo, int l, int[] saved, int so);

    @Override public Tensor forward(Tensor input) {
        String where = getClass().getSimpleName() + ".forward";
        if (input.dim() != 2 && input.dim() != 3) {
            throw Errors.shape(where, "input must be (N, C, L) or (C, L)", "2 or 3 dims", input.dim(), "input shape " + input.shapeString());
        }
        int l = input.size(-1), rows = input.numel() / Math.max(l, 1), lout = outputLength(where, l);
        double[] x = input.data().toDoubleArray(), out = new double[rows * lout];
        int[] saved = new int[rows * lout];
        for (int r = 0; r < rows; r++) rowForward(x, r * l, l, out, r * lout, lout, saved, r * lout);
        int[] shape = input.shape();
        shape[shape.length - 1] = lout;
        NDArray o = NDArray.wrap(out, shape).to(input.dtype());
        return Autograd.record(getClass().getSimpleName().toLowerCase(), o, (grad, needs) -> {
            double[] g = grad.toDoubleArray(), dx = new double[rows * l];
            for (int r = 0; r < rows; r++) rowBackward(g, r * lout, lout, dx, r * l, l, saved, r * lout);
            return new NDArray[]{NDArray.wrap(dx, input.shape()).to(input.dtype())};
        }, input);
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("kernel_size", kernelSize);
        c.put("stride", stride);
        c.put("padding", padding);
        c.put("dilation", dilation);
        c.put("ceil_mode", ceilMode);
        return c;
    }
}
