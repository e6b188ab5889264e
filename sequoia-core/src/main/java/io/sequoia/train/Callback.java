package io.sequoia.train;

import java.util.Map;

/** Hooks into {@link Model#fit}; {@code logs} hold the epoch's loss and metrics ("loss", "val_loss", ...). */
public interface Callback {
    default void onTrainBegin(Model model) {}
    default void onEpochBegin(Model model, int epoch) {}
    default void onBatchEnd(Model model, int batch, Map<String, Double> logs) {}
    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {}
    default void onTrainEnd(Model model) {}
}
