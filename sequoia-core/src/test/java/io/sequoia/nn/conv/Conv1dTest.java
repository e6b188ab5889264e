package io.sequoia.nn.conv;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerTest;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Conv1dTest {
    private static Conv1d conv64(int cin, int cout, int k, int stride, String pad, int dil, int groups) {
        Generator.manualSeed(5);
        Conv1d c = new Conv1d(cin, cout, k, stride, pad, dil, groups, true);
        c.to(DType.FLOAT64);
        return c;
    }

    @Test void pytorchNamesShapesAndATrainingStep() {
        Generator.manualSeed(1);
        LayerTest.check(new Conv1d(4, 6, 3), LayerTest.params("weight", new int[]{6, 4, 3}, "bias", new int[]{6}),
                Tensor.randn(2, 4, 10), new int[]{2, 6, 8});
    }

    @Test void gradientCheckAcrossPaddingStrideDilationGroups() {
        String[][] cases = {{"0", "1", "1", "1"}, {"2", "2", "1", "1"}, {"same", "1", "2", "1"}, {"1", "1", "1", "2"}, {"valid", "3", "2", "2"}};
        for (String[] c : cases) {
            Conv1d m = conv64(4, 6, 3, Integer.parseInt(c[1]), c[0], Integer.parseInt(c[2]), Integer.parseInt(c[3]));
            Tensor x = GradCheck.randn(9, 2, 4, 11);
            GradCheck.check("conv1d " + String.join(",", c), in -> m.forward(in[0]), x);
            GradCheck.check("conv1d weights " + String.join(",", c), in -> m.forward(x.detach()), m.weight, m.bias);
        }
    }

    @Test void fusedKernelAgreesWithComposedTwin() {
        Conv1d m = conv64(6, 4, 5, 2, "2", 1, 2);
        Tensor x = GradCheck.randn(3, 3, 6, 17);
        Tensor a = m.forward(x);
        a.mul(a).sum().backward();
        double[] gx = x.gradData().toDoubleArray(), gw = m.weight.gradData().toDoubleArray();
        x.zeroGrad();
        m.zeroGrad();
        Tensor b = m.forwardComposed(x);
        b.mul(b).sum().backward();
        assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 1e-12);
        assertArrayEquals(x.gradData().toDoubleArray(), gx, 1e-10);
        assertArrayEquals(m.weight.gradData().toDoubleArray(), gw, 1e-10);
    }

    @Test void float32MatchesFloat64() {
        Generator.manualSeed(2);
        Conv1d m = new Conv1d(32, 16, 3, 1, "same", 1, 1, true);
        Tensor x = Tensor.randn(4, 32, 40);
        float[] y32 = m.forward(x).toFloatArray();
        m.to(DType.FLOAT64);
        double[] y64 = m.forward(x.to(DType.FLOAT64)).toDoubleArray();
        for (int i = 0; i < y32.length; i++) assertEquals(y64[i], y32[i], 1e-4);
    }

    @Test void samePaddingKeepsTheLengthAndUnbatchedInputWorks() {
        Generator.manualSeed(3);
        assertArrayEquals(new int[]{2, 5, 9}, new Conv1d(3, 5, 4, 1, "same", 1, 1, true).forward(Tensor.randn(2, 3, 9)).shape());
        assertArrayEquals(new int[]{5, 3}, new Conv1d(3, 5, 3, 3, "valid", 1, 1, false).forward(Tensor.randn(3, 9)).shape());
    }

    @Test void argumentErrors() {
        assertEquals("Conv1d: groups must divide inChannels and outChannels; expected a divisor of 4 and 6, got 4",
                assertThrows(IllegalArgumentException.class, () -> new Conv1d(4, 6, 3, 1, "0", 1, 4, true)).getMessage());
        assertEquals("Conv1d: padding 'same' needs stride 1; expected 1, got 2 (as PyTorch)",
                assertThrows(IllegalArgumentException.class, () -> new Conv1d(4, 6, 3, 2, "same", 1, 1, true)).getMessage());
        assertEquals("Conv1d: padding must be 'valid', 'same' or a non-negative integer; expected valid, same or >= 0, got full",
                assertThrows(IllegalArgumentException.class, () -> new Conv1d(4, 6, 3, 1, "full", 1, 1, true)).getMessage());
    }

    @Test void shapeErrors() {
        Conv1d m = new Conv1d(4, 6, 3);
        assertEquals("Conv1d.forward: input.size(1) must equal inChannels; expected 4, got 5 (input shape [2, 5, 10])",
                assertThrows(ShapeMismatchException.class, () -> m.forward(Tensor.zeros(2, 5, 10))).getMessage());
        assertEquals("Conv1d.forward: the padded input is shorter than the kernel's span; expected >= 3, got 2 (input shape [1, 4, 2], padding 0)",
                assertThrows(ShapeMismatchException.class, () -> m.forward(Tensor.zeros(1, 4, 2))).getMessage());
    }

    /** The lab-sized shape (a Kim CNN on IMDB): spot values against the definition; the time is printed, not asserted. */
    @Test void bigConvolutionMatchesTheDefinition() {
        Generator.manualSeed(4);
        Conv1d m = new Conv1d(128, 100, 5);
        Tensor x = Tensor.randn(64, 128, 400);
        long t0 = System.nanoTime();
        Tensor y = m.forward(x);
        System.out.printf("Conv1d(128, 100, 5) on (64, 128, 400): forward %.3f s%n", (System.nanoTime() - t0) / 1e9);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{64, 100, 396}, y.shape());
        float[] w = m.weight.data().toFloatArray(), b = m.bias.data().toFloatArray(), xs = x.toFloatArray(), ys = y.toFloatArray();
        int[][] at = {{0, 0, 0}, {63, 99, 395}, {17, 42, 200}, {5, 3, 7}};
        for (int[] p : at) {
            double ref = b[p[1]];
            for (int c = 0; c < 128; c++) for (int k = 0; k < 5; k++) ref += w[(p[1] * 128 + c) * 5 + k] * xs[(p[0] * 128 + c) * 400 + p[2] + k];
            org.junit.jupiter.api.Assertions.assertEquals(ref, ys[(p[0] * 100 + p[1]) * 396 + p[2]], 1e-4, java.util.Arrays.toString(p));
        }
    }
}
