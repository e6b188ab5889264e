package io.sequoia.spark;

/** Starts the shared test session for test classes in other packages. */
public final class LocalSparkAccess {
    private LocalSparkAccess() {}

    public static void start() { LocalSpark.get(); }
}
