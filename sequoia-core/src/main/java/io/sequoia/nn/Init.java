package io.sequoia.nn;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;

/** PyTorch's default initialisations, drawn from the global {@link Generator}. */
public final class Init {
    private Init() {}

    /** U(−bound, bound). */
    public static NDArray uniform(double bound, int... shape) {
        return NDArray.uniform(DType.FLOAT32, Generator.global(), -bound, bound, shape);
    }

    /** N(0, 1). */
    public static NDArray normal(int... shape) { return NDArray.randn(DType.FLOAT32, Generator.global(), shape); }

    /** Xavier/Glorot uniform: U(±√(6/(fanIn+fanOut))). */
    public static NDArray xavierUniform(int fanOut, int fanIn) {
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)), fanOut, fanIn);
    }

    public static NDArray ones(int... shape) { return NDArray.full(DType.FLOAT32, 1, shape); }
    public static NDArray zeros(int... shape) { return NDArray.zeros(DType.FLOAT32, shape); }
}
