package io.sequoia.bench.lstm;

/**
 * One library's side of the LSTM comparison. Every implementation runs the same workload:
 * <ul>
 *   <li>train step: forward of an {@code L}-layer LSTM over a fixed random {@code (T, N, I)} batch,
 *       a {@code Linear(H, 1)} head on the last step's output, MSE against a fixed random
 *       {@code (N, 1)} target, backward, plain SGD update of every weight (LSTM and head);</li>
 *   <li>infer step: the same forward without gradients.</li>
 * </ul>
 * Implementations have a public no-argument constructor; {@link LstmChild} loads them by name.
 */
public interface LstmSubject extends AutoCloseable {

    /** The learning rate of the SGD update (small, so weights stay sane over many steps). */
    double LR = 1e-3;

    /** The library as it appears in the table, e.g. {@code "libtorch 2.5.1 (DJL 0.32.0)"}. */
    String name();

    /** Builds the model, the input and the target for {@code shape}; called once, before any step. */
    void setup(LstmShape shape, int threads) throws Exception;

    /** The thread count the library reports it will use, or -1 if it cannot say. */
    default int reportedThreads() { return -1; }

    /** One training step; returns the loss (so the work cannot be optimised away). */
    double trainStep();

    /** One inference step; returns some element of the output. */
    double inferStep();

    @Override default void close() throws Exception { }
}
