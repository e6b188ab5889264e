package io.sequoia.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The generator is SplittableRandom's stream, and its state restores the stream exactly. */
class GeneratorStateTest {
    @Test
    void sameStreamAsSplittableRandom() {
        for (long seed : new long[]{0, 42, -7, 0x5EC0_1A5EL}) {
            Generator g = new Generator(seed);
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 20_000; i++) {
                switch (i % 5) {
                    case 0 -> assertEquals(r.nextLong(), g.nextLong());
                    case 1 -> assertEquals(r.nextDouble(), g.nextDouble());
                    case 2 -> assertEquals(r.nextInt(1 + i % 97), g.nextInt(1 + i % 97));
                    case 3 -> assertEquals(r.nextInt(64), g.nextInt(64));
                    default -> assertEquals(r.nextInt(Integer.MAX_VALUE - i), g.nextInt(Integer.MAX_VALUE - i));
                }
            }
        }
    }

    @Test
    void stateRestoresTheRestOfTheStream() {
        Generator g = new Generator(3);
        g.nextGaussian();                         // leaves a spare
        Generator.State s = g.state();
        double[] a = {g.nextGaussian(), g.nextDouble(), g.nextInt(10), g.nextLong(), g.nextGaussian()};
        int[] pa = g.permutation(50);
        Generator h = new Generator(99);
        h.setState(s);
        double[] b = {h.nextGaussian(), h.nextDouble(), h.nextInt(10), h.nextLong(), h.nextGaussian()};
        assertArrayEquals(a, b);
        assertArrayEquals(pa, h.permutation(50));
    }

    @Test
    void scopedGeneratorReplacesTheGlobalOnItsThreadOnlyAndIsRestored() throws Exception {
        Generator.manualSeed(5);
        long expectedGlobal = new Generator(5).nextLong();
        Generator mine = new Generator(11);
        long[] otherThread = new long[1];
        long inside = Generator.scoped(mine, () -> {
            Thread t = new Thread(() -> otherThread[0] = Generator.global().nextLong());   // sees the shared generator
            t.start();
            try { t.join(); } catch (InterruptedException e) { throw new RuntimeException(e); }
            Generator.manualSeed(13);                                               // seeds the scoped one
            return Generator.scoped(new Generator(1), () -> Generator.global().nextLong()) ^ Generator.global().nextLong();
        });
        assertEquals(expectedGlobal, otherThread[0]);
        assertEquals(new Generator(1).nextLong() ^ new Generator(13).nextLong(), inside);
        assertEquals(new Generator(5).state().seed() + 0x9e3779b97f4a7c15L, Generator.global().state().seed());   // one draw, by the other thread
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Generator.scoped(mine, () -> { throw new IllegalStateException("x"); }));
        org.junit.jupiter.api.Assertions.assertSame(Generator.global(), Generator.global());
        org.junit.jupiter.api.Assertions.assertNotSame(mine, Generator.global());
    }
}
