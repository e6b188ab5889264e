package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackedSequenceTest {
    @Test
    void packLaysOutStepsAsPyTorchDoes() {
        // (T=5, N=3, 1) with value 10·n + t
        float[] v = new float[15];
        for (int t = 0; t < 5; t++) for (int n = 0; n < 3; n++) v[t * 3 + n] = 10 * n + t;
        PackedSequence p = PackedSequence.pack(Tensor.of(v, 5, 3, 1), new int[]{3, 5, 2}, false, false);
        assertArrayEquals(new int[]{3, 3, 2, 1, 1}, p.batchSizes());
        assertArrayEquals(new int[]{1, 0, 2}, p.sortedIndices());
        assertArrayEquals(new int[]{1, 0, 2}, p.unsortedIndices());
        assertArrayEquals(new float[]{10, 0, 20, 11, 1, 21, 12, 2, 13, 14}, p.data().toFloatArray());
        assertArrayEquals(new int[]{3, 5, 2}, p.lengths());
        PackedSequence.Padded back = p.pad(false, -1, 6);
        assertArrayEquals(new int[]{6, 3, 1}, back.padded().shape());
        assertEquals(12, back.padded().get(2, 1, 0));
        assertEquals(-1, back.padded().get(3, 0, 0));
        assertEquals(-1, back.padded().get(5, 1, 0));
    }

    @Test
    void packedLstmEqualsLengthsAndGradientsFlow() {
        Generator.manualSeed(4);
        LSTM m = new LSTM(3, 4, 2, true, true, 0, true);
        Tensor x = Tensor.randn(3, 5, 3).requiresGrad(true);
        int[] lengths = {3, 5, 2};
        LstmOutput ref = m.forward(x, null, null, lengths);
        PackedOutput po = m.forward(PackedSequence.pack(x, lengths, true, false), null, null);
        PackedSequence.Padded out = po.output().pad(true, 0, 0);
        assertArrayEquals(ref.output().toFloatArray(), out.padded().toFloatArray(), 1e-6f);
        assertArrayEquals(ref.hN().toFloatArray(), po.hN().toFloatArray(), 1e-6f);
        assertArrayEquals(ref.cN().toFloatArray(), po.cN().toFloatArray(), 1e-6f);
        out.padded().sum().backward();
        for (int t = 3; t < 5; t++) assertEquals(0, x.grad().get(0, t, 1));
        assertTrue(x.grad().get(0, 2, 1) != 0);
    }

    @Test
    void badLengthsAreNamed() {
        Tensor x = Tensor.zeros(4, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PackedSequence.pack(x, new int[]{2, 3}, false, true));
        assertTrue(e.getMessage().contains("enforceSorted") && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PackedSequence.pack(x, new int[]{0, 3}, false, false));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
