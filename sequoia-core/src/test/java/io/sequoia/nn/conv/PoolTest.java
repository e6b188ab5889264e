package io.sequoia.nn.conv;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PoolTest {
    private static final Tensor X = Tensor.of(new float[]{1, 5, 2, 4, 3, 0, 7}, 1, 1, 7);

    @Test void maxPoolValuesAsPyTorch() {
        assertArrayEquals(new float[]{5, 4, 3, 7}, new MaxPool1d(2, 2, 0, 1, true).forward(X).toFloatArray(), "ceil mode keeps the last partial window");
        assertArrayEquals(new float[]{5, 4, 3}, new MaxPool1d(2).forward(X).toFloatArray());
        assertArrayEquals(new float[]{5, 5, 4, 7}, new MaxPool1d(3, 2, 1, 1, false).forward(X).toFloatArray(), "padding counts as -inf");
        assertArrayEquals(new float[]{2, 3, 7}, new MaxPool1d(2, 2, 0, 2, false).forward(X).toFloatArray(), "dilation 2");
    }

    @Test void avgPoolValuesAsPyTorch() {
        assertArrayEquals(new float[]{3, 3, 1.5f}, new AvgPool1d(2).forward(X).toFloatArray());
        assertArrayEquals(new float[]{2, 3, 7 / 3f}, new AvgPool1d(3, 3, 1, false, true).forward(X).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[]{3, 3, 3.5f}, new AvgPool1d(3, 3, 1, false, false).forward(X).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[]{3, 3, 1.5f, 7}, new AvgPool1d(2, 2, 0, true, true).forward(X).toFloatArray());
    }

    @Test void gradientChecks() {
        Tensor x = GradCheck.randn(11, 2, 3, 9);
        GradCheck.check("maxpool1d", in -> new MaxPool1d(3, 2, 1, 1, true).forward(in[0]), x);
        GradCheck.check("avgpool1d", in -> new AvgPool1d(3, 2, 1, true, false).forward(in[0]), x);
        GradCheck.check("avgpool1d unbatched", in -> new AvgPool1d(2).forward(in[0]), GradCheck.randn(12, 3, 8));
    }

    @Test void errors() {
        assertEquals("MaxPool1d: padding must be at most half the kernel size; expected 0..1, got 2 (as PyTorch)",
                assertThrows(IllegalArgumentException.class, () -> new MaxPool1d(3, 1, 2, 1, false)).getMessage());
        assertEquals("AvgPool1d.forward: input must be (N, C, L) or (C, L); expected 2 or 3 dims, got 1 (input shape [7])",
                assertThrows(IllegalArgumentException.class, () -> new AvgPool1d(2).forward(Tensor.zeros(7))).getMessage());
    }
}
