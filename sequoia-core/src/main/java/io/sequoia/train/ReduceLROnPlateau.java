package io.sequoia.train;

import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * Keras's {@code ReduceLROnPlateau} callback: after each epoch it feeds {@code monitor} (e.g.
 * {@code val_loss}) to {@link io.sequoia.optim.ReduceLROnPlateau}, which multiplies the learning
 * rate by {@code factor} once the value has not improved for {@code patience} epochs. The current
 * learning rate is logged as {@code lr}.
 */
public class ReduceLROnPlateau implements ResumableCallback {
    private final String monitor, mode;
    private final double factor, minLr;
    private final int patience;
    private io.sequoia.optim.ReduceLROnPlateau scheduler;

    /** mode "min", "max" or "auto" (max for names containing "acc" or "f1", else min). */
    public ReduceLROnPlateau(String monitor, double factor, int patience, String mode, double minLr) {
        if (monitor == null || monitor.isEmpty()) throw Errors.arg("ReduceLROnPlateau", "monitor must name a logged value", "e.g. val_loss", monitor, null);
        if (!mode.equals("min") && !mode.equals("max") && !mode.equals("auto")) {
            throw Errors.arg("ReduceLROnPlateau", "unknown mode", "min, max or auto", mode, null);
        }
        this.monitor = monitor;
        this.mode = mode.equals("auto") ? (monitor.contains("acc") || monitor.contains("f1") ? "max" : "min") : mode;
        this.factor = factor;
        this.patience = patience;
        this.minLr = minLr;
        if (!(factor >= 0 && factor < 1)) throw Errors.arg("ReduceLROnPlateau", "factor must be in [0, 1)", "0 <= factor < 1", factor, null);
        if (patience < 0) throw Errors.arg("ReduceLROnPlateau", "patience must be non-negative", ">= 0", patience, null);
        if (!(minLr >= 0)) throw Errors.arg("ReduceLROnPlateau", "minLr must be non-negative", ">= 0", minLr, null);
    }

    /** Halves the learning rate after {@code patience} epochs without improvement of {@code monitor}. */
    public ReduceLROnPlateau(String monitor, int patience) { this(monitor, 0.5, patience, "auto", 0); }

    @Override public void onTrainBegin(Model model) {
        scheduler = new io.sequoia.optim.ReduceLROnPlateau(model.optimizer(), mode, factor, patience,
                io.sequoia.optim.ReduceLROnPlateau.DEFAULT_THRESHOLD, io.sequoia.optim.ReduceLROnPlateau.DEFAULT_THRESHOLD_MODE,
                io.sequoia.optim.ReduceLROnPlateau.DEFAULT_COOLDOWN, minLr, io.sequoia.optim.ReduceLROnPlateau.DEFAULT_EPS);
    }

    @Override public Map<String, Object> saveState() {
        io.sequoia.optim.ReduceLROnPlateau.Counters c = scheduler.counters();
        return Map.of("best", Double.toString(c.best()), "num_bad_epochs", c.numBadEpochs(), "cooldown_counter", c.cooldownCounter(),
                "last_epoch", c.lastEpoch());
    }

    @Override public void restoreState(Map<String, Object> s) {
        scheduler.restoreCounters(new io.sequoia.optim.ReduceLROnPlateau.Counters(Double.parseDouble((String) s.get("best")),
                ((Number) s.get("num_bad_epochs")).intValue(), ((Number) s.get("cooldown_counter")).intValue(),
                ((Number) s.get("last_epoch")).intValue()));
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        Double v = logs.get(monitor);
        if (v == null) {
            throw Errors.arg("ReduceLROnPlateau", "monitored value is not in the logs", "one of " + logs.keySet(), monitor,
                    "Hint: val_* values need validation data");
        }
        scheduler.step(v);
        logs.put("lr", model.optimizer().lr());
    }
}
