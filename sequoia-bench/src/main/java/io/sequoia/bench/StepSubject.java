package io.sequoia.bench;

/**
 * One library's side of a side-by-side step benchmark ({@code lstm.LstmVersus},
 * {@code encoder.EncoderVersus}): a training step (forward, loss, backward, plain SGD update) and an
 * inference step (forward without gradients) on a fixed random batch. The shape is a comma-separated
 * key whose first field is the batch size. Implementations have a public no-argument constructor;
 * {@link StepChild} loads them by name.
 */
public interface StepSubject extends AutoCloseable {

    /** The learning rate of the SGD update (small, so weights stay sane over many steps). */
    double LR = 1e-3;

    /** The library as it appears in the table, e.g. {@code "libtorch"}. */
    String name();

    /** Builds the model, the input and the target for {@code shape}; called once, before any step. */
    void setup(String shape, int threads) throws Exception;

    /** The thread count the library reports it will use, or -1 if it cannot say. */
    default int reportedThreads() { return -1; }

    /** One training step; returns the loss (so the work cannot be optimised away). */
    double trainStep();

    /** One inference step; returns some element of the output. */
    double inferStep();

    @Override default void close() throws Exception { }
}
