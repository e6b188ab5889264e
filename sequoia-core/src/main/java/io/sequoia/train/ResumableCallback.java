package io.sequoia.train;

import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * A callback whose state a checkpoint saves, so a resumed run behaves as if it had never stopped
 * (EarlyStopping's best value and patience count, ReduceLROnPlateau's counters, ...). State is
 * restored after {@link Callback#onTrainBegin}, which resets it.
 */
public interface ResumableCallback extends Callback {
    /** JSON-able values (numbers, strings, booleans, lists, maps). */
    Map<String, Object> saveState();

    void restoreState(Map<String, Object> state);

    /** Tensors to save beside the state (e.g. the best weights); empty by default. */
    default Map<String, NDArray> saveTensors() { return Map.of(); }

    default void restoreTensors(Map<String, NDArray> tensors) {}
}
