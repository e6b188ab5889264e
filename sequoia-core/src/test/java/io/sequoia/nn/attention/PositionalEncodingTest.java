package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Fixtures;
import io.sequoia.nn.LayerTest;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sequoia.nn.LayerTest.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PositionalEncodingTest {
    @BeforeEach
    void seed() { Generator.manualSeed(1); }

    @Test
    void sinusoidalTableFollowsVaswani() {
        Tensor pe = SinusoidalPositionalEncoding.table(6, 5, DType.FLOAT64);
        for (int p = 0; p < 6; p++) {
            for (int i = 0; 2 * i < 5; i++) {
                double div = Math.pow(10000, -2.0 * i / 5);
                assertEquals(Math.sin(p * div), pe.get(p, 2 * i), 1e-12);
                if (2 * i + 1 < 5) assertEquals(Math.cos(p * div), pe.get(p, 2 * i + 1), 1e-12);
            }
        }
    }

    @Test
    void modulesAddThePositionsInEveryLayout() {
        SinusoidalPositionalEncoding seqFirst = new SinusoidalPositionalEncoding(4, 0, 10, false);
        SinusoidalPositionalEncoding batchFirst = new SinusoidalPositionalEncoding(4, 0, 10, true);
        Tensor x = Tensor.zeros(3, 2, 4);
        Tensor table = SinusoidalPositionalEncoding.table(10, 4, DType.FLOAT32);
        Fixtures.assertClose("seq first", table.narrow(0, 0, 3).data(), seqFirst.forward(x).select(1, 1).data(), 0);
        Fixtures.assertClose("batch first", table.narrow(0, 0, 2).data(), batchFirst.forward(x).select(0, 2).data(), 0);
        Fixtures.assertClose("offset", table.narrow(0, 4, 1).data(), seqFirst.forward(Tensor.zeros(1, 4), 4).data(), 0);
        LearnedPositionalEncoding learned = new LearnedPositionalEncoding(10, 4, 0, true);
        LayerTest.check(learned, params("weight", new int[]{10, 4}), Tensor.zeros(2, 3, 4), new int[]{2, 3, 4});
        Fixtures.assertClose("learned", learned.weight.narrow(0, 0, 3).data(), learned.forward(Tensor.zeros(2, 3, 4)).select(0, 1).data(), 0);
    }

    @Test
    void tokenPlusPositionEmbedding() {
        TokenPositionEmbedding sin = new TokenPositionEmbedding(7, 4, 8, "sinusoidal", 0, true);
        assertEquals(List.of("token.weight"), List.copyOf(sin.namedParameters().keySet()));
        Tensor ids = Tensor.of(new float[]{1, 2, 3, 0, 6, 5}, 2, 3);
        Tensor expected = sin.token.forward(ids).mul(2).add(SinusoidalPositionalEncoding.table(8, 4, DType.FLOAT32).narrow(0, 0, 3));
        Fixtures.assertClose("sinusoidal", expected.data(), sin.forward(ids).data(), 1e-6);
        TokenPositionEmbedding learned = new TokenPositionEmbedding(7, 4, 8, "learned", 0, false);
        LayerTest.check(learned, params("token.weight", new int[]{7, 4}, "position.weight", new int[]{8, 4}), ids.transpose(0, 1), new int[]{3, 2, 4});
    }

    @Test
    void errorsNameTheArgumentAndTheValues() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(4, 0, 5, false);
        ShapeMismatchException e1 = assertThrows(ShapeMismatchException.class, () -> pe.forward(Tensor.zeros(6, 1, 4)));
        assertEquals("SinusoidalPositionalEncoding.forward: positions must lie within maxLen; expected offset + L <= 5, got 6 "
                + "(offset 0, input shape [6, 1, 4])", e1.getMessage());
        ShapeMismatchException e2 = assertThrows(ShapeMismatchException.class, () -> pe.forward(Tensor.zeros(2, 1, 3)));
        assertEquals("SinusoidalPositionalEncoding.forward: input.size(-1) must equal dModel; expected 4, got 3 (input shape [2, 1, 3])", e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> new TokenPositionEmbedding(5, 4, 8, "rotary", 0, true));
        assertEquals("TokenPositionEmbedding: unknown positional encoding; expected sinusoidal or learned, got rotary", e3.getMessage());
        assertArrayEquals(new int[]{3, 4}, new LearnedPositionalEncoding(5, 4).forward(Tensor.zeros(3, 4)).shape());
    }
}
