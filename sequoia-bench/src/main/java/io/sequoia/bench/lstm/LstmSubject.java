package io.sequoia.bench.lstm;

import io.sequoia.bench.StepSubject;

/**
 * One library's side of the LSTM comparison. Every implementation runs the same workload:
 * <ul>
 *   <li>train step: forward of an {@code L}-layer LSTM over a fixed random {@code (T, N, I)} batch,
 *       a {@code Linear(H, 1)} head on the last step's output, MSE against a fixed random
 *       {@code (N, 1)} target, backward, plain SGD update of every weight (LSTM and head);</li>
 *   <li>infer step: the same forward without gradients.</li>
 * </ul>
 */
public interface LstmSubject extends StepSubject {

    /** Builds the model, the input and the target for {@code shape}; called once, before any step. */
    void setup(LstmShape shape, int threads) throws Exception;

    @Override default void setup(String shape, int threads) throws Exception {
        setup(LstmShape.parse(shape), threads);
    }
}
