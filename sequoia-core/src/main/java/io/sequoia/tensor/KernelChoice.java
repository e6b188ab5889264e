package io.sequoia.tensor;

/**
 * The one switch between the Vector API kernels and their plain-Java twins: {@code
 * -Dsequoia.kernels=scalar} makes the GEMM, the elementwise/softmax row kernels and the recurrent
 * gate kernels all run their scalar twins (the reference every vector kernel is tested against).
 * Without it the vector kernels run wherever the JVM has {@code jdk.incubator.vector}.
 */
public final class KernelChoice {
    private KernelChoice() {}

    /** The system property. */
    public static final String PROPERTY = "sequoia.kernels";

    /** Whether the scalar twins are forced. */
    public static boolean scalarForced() { return "scalar".equalsIgnoreCase(System.getProperty(PROPERTY, "")); }
}
