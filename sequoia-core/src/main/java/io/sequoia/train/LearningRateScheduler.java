package io.sequoia.train;

import io.sequoia.optim.LrScheduler;

import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Keras's LearningRateScheduler: sets the optimizer's learning rate to {@code schedule(epoch)}
 * before each epoch — or drives one of the PyTorch-style schedulers in {@code io.sequoia.optim}
 * (stepped once at the end of each epoch). The epoch's lr is logged as "lr".
 */
public class LearningRateScheduler implements Callback {
    private final IntToDoubleFunction schedule;
    private final LrScheduler scheduler;

    public LearningRateScheduler(IntToDoubleFunction schedule) { this.schedule = schedule; this.scheduler = null; }

    public LearningRateScheduler(LrScheduler scheduler) { this.schedule = null; this.scheduler = scheduler; }

    @Override public void onEpochBegin(Model model, int epoch) {
        if (schedule == null) return;
        double lr = schedule.applyAsDouble(epoch);
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateScheduler: schedule must give a finite lr >= 0; expected lr >= 0, got " + lr + " (epoch " + epoch + ")");
        }
        model.optimizer().setLr(lr);
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        logs.put("lr", model.optimizer().lr());
        if (scheduler != null) scheduler.step();
    }
}
