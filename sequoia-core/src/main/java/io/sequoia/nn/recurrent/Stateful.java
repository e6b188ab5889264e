package io.sequoia.nn.recurrent;

import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * A layer that can carry its recurrent state from one call to the next: streaming inference
 * (feed one step or a chunk at a time, what DL4J calls {@code rnnTimeStep}) and truncated
 * backpropagation through time. Off by default: every call starts from h0 (or zeros).
 */
public interface Stateful {
    /** Turns carrying on or off; turning it on starts from zeros (or the state set last). */
    void setStateful(boolean on);

    boolean isStateful();

    /** Forgets the carried state: the next call starts from zeros. */
    void resetStates();

    /** Keeps the carried state's values but cuts it from the graph (between TBPTT chunks). */
    void detachStates();

    /** The carried state ("h", "c") as arrays, empty when there is none; for saving with the model. */
    Map<String, NDArray> states();

    /** Restores a carried state saved by {@link #states()}. */
    void loadStates(Map<String, NDArray> states);
}
