package io.sequoia.autograd;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Reductions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The float32 row kernel of the (log-)softmax backward equals the general loop (run in float64, then rounded). */
class ReduceSoftmaxBackwardTest {
    @Test
    void floatRowsEqualTheGeneralLoop() {
        Generator gen = new Generator(4);
        for (int[] shape : new int[][]{{3, 7}, {2, 5, 11}, {600, 300}}) {          // the last is split over threads
            for (boolean log : new boolean[]{true, false}) {
                NDArray x = NDArray.randn(DType.FLOAT32, gen, shape), g = NDArray.randn(DType.FLOAT32, gen, shape);
                NDArray y = Reductions.softmax(x, shape.length - 1, log);
                NDArray fast = Reduce.softmaxBackward(g, y, shape.length - 1, log);
                NDArray general = Reduce.softmaxBackward(g.to(DType.FLOAT64), y.to(DType.FLOAT64), shape.length - 1, log).to(DType.FLOAT32);
                assertArrayEquals(general.floatData(), fast.floatData(), 0f, (log ? "log_softmax " : "softmax ") + java.util.Arrays.toString(shape));
            }
        }
    }
}
