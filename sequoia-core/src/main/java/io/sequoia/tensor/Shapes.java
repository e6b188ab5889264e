package io.sequoia.tensor;

import java.util.Arrays;

/** Arithmetic on shapes ({@code int[]}, row-major). */
public final class Shapes {
    private Shapes() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE - 8) {
            throw Errors.arg("Shapes.numel", "tensor too large", "at most 2^31-9 elements", n, "shape " + Arrays.toString(shape));
        }
        return (int) n;
    }

    public static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]; }
        return st;
    }

    public static void checkValid(String where, int[] shape) {
        for (int s : shape) {
            if (s < 0) throw Errors.arg(where, "sizes must be non-negative", "sizes >= 0", Arrays.toString(shape), null);
        }
    }

    /** PyTorch broadcasting: align right, sizes equal or 1. */
    public static int[] broadcast(String where, int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw Errors.shape(where, "shapes cannot be broadcast together",
                        "equal sizes or 1 at dim " + i, Arrays.toString(a) + " and " + Arrays.toString(b), null);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides of {@code shape} read as {@code out} by broadcasting (0 on broadcast dims). */
    public static int[] broadcastStrides(int[] shape, int[] out) {
        int[] st = strides(shape);
        int[] res = new int[out.length];
        int off = out.length - shape.length;
        for (int i = 0; i < shape.length; i++) res[i + off] = shape[i] == 1 ? 0 : st[i];
        return res;
    }

    /** Resolves one {@code -1} in a requested shape for a tensor of {@code numel} elements. */
    public static int[] infer(String where, int[] requested, int numel) {
        int[] s = requested.clone();
        int neg = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (neg >= 0) throw Errors.arg(where, "only one dimension can be -1", "at most one -1", Arrays.toString(requested), null);
                neg = i;
            } else if (s[i] < 0) {
                throw Errors.arg(where, "invalid size", "sizes >= 0 or a single -1", Arrays.toString(requested), null);
            } else known *= s[i];
        }
        if (neg >= 0) {
            if (known == 0 || numel % known != 0) {
                throw Errors.shape(where, "shape is invalid for the input size", "a shape with " + numel + " elements",
                        Arrays.toString(requested), null);
            }
            s[neg] = (int) (numel / known);
        } else if (known != numel) {
            throw Errors.shape(where, "shape is invalid for the input size", "a shape with " + numel + " elements",
                    Arrays.toString(requested), null);
        }
        return s;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }
}
