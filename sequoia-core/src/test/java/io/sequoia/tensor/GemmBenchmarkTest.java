package io.sequoia.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shapes both GEMM benchmarks use. */
class GemmBenchmarkTest {
    @Test
    void shapesByName() {
        assertEquals(4, GemmBenchmark.parse("squares").size());
        assertEquals(27, GemmBenchmark.parse("lstm").size());
        GemmBenchmark.Shape abt = GemmBenchmark.parse("lstm:32:128:ABt").get(0);
        assertEquals(new GemmBenchmark.Shape("lstm B=32 H=128 ABt", false, true, 32, 256, 512), abt);
        GemmBenchmark.Shape t = GemmBenchmark.parse("3x4x5:tn").get(0);
        assertTrue(t.transA() && !t.transB() && t.m() == 3 && t.n() == 4 && t.k() == 5 && t.lda() == 3 && t.ldb() == 4);
        assertEquals(2.0 * 3 * 4 * 5, t.flops());
        var e = assertThrows(IllegalArgumentException.class, () -> GemmBenchmark.parse("huge"));
        assertTrue(e.getMessage().startsWith("GemmBenchmark.parse: unknown shape;") && e.getMessage().endsWith("got huge"), e.getMessage());
        assertEquals(2.0, GemmBenchmark.median(new double[]{3, 1, 2}));
    }
}
