package io.sequoia.train;

import java.util.Map;
import java.util.function.IntToDoubleFunction;

/** Keras's LearningRateScheduler: sets the optimizer's learning rate to {@code schedule(epoch)} before each epoch. */
public class LearningRateScheduler implements Callback {
    private final IntToDoubleFunction schedule;

    public LearningRateScheduler(IntToDoubleFunction schedule) { this.schedule = schedule; }

    @Override public void onEpochBegin(Model model, int epoch) {
        double lr = schedule.applyAsDouble(epoch);
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateScheduler: schedule must give a finite lr >= 0; expected lr >= 0, got " + lr + " (epoch " + epoch + ")");
        }
        model.optimizer().setLr(lr);
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        logs.put("lr", model.optimizer().lr());
    }
}
