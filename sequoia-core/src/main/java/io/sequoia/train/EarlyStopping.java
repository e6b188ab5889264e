package io.sequoia.train;

import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * Stops training when {@code monitor} stops improving for {@code patience} epochs, Keras-style;
 * with {@code restoreBestWeights} the best epoch's weights are put back at the end.
 */
public class EarlyStopping implements ResumableCallback {
    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean maximize, restoreBestWeights;
    private double best;
    private int wait, bestEpoch = -1, stoppedEpoch = -1;
    private Map<String, NDArray> bestWeights;

    public EarlyStopping(String monitor, int patience) { this(monitor, 0, patience, "auto", false); }

    /** mode "min", "max" or "auto" (max for names containing "acc", else min). */
    public EarlyStopping(String monitor, double minDelta, int patience, String mode, boolean restoreBestWeights) {
        if (patience < 0) throw Errors.arg("EarlyStopping", "patience must be non-negative", ">= 0", patience, null);
        if (!mode.equals("min") && !mode.equals("max") && !mode.equals("auto")) {
            throw Errors.arg("EarlyStopping", "unknown mode", "min, max or auto", mode, null);
        }
        this.monitor = monitor;
        this.minDelta = Math.abs(minDelta);
        this.patience = patience;
        this.maximize = mode.equals("max") || (mode.equals("auto") && monitor.contains("acc"));
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override public void onTrainBegin(Model model) {
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        bestEpoch = -1;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        Double v = logs.get(monitor);
        if (v == null) {
            throw Errors.arg("EarlyStopping", "monitored value is not in the logs", "one of " + logs.keySet(), monitor,
                    "Hint: val_* values need validation data");
        }
        boolean better = maximize ? v > best + minDelta : v < best - minDelta;
        if (better) {
            best = v;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = model.module().stateDict();
        } else if (++wait >= patience) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    @Override public void onTrainEnd(Model model) {
        if (restoreBestWeights && bestWeights != null) model.module().loadStateDict(bestWeights, true);
    }

    @Override public Map<String, Object> saveState() {
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("best", Double.toString(best));            // as text: ±Infinity survives JSON
        s.put("wait", wait);
        s.put("best_epoch", bestEpoch);
        s.put("stopped_epoch", stoppedEpoch);
        return s;
    }

    @Override public void restoreState(Map<String, Object> s) {
        best = Double.parseDouble((String) s.get("best"));
        wait = ((Number) s.get("wait")).intValue();
        bestEpoch = ((Number) s.get("best_epoch")).intValue();
        stoppedEpoch = ((Number) s.get("stopped_epoch")).intValue();
    }

    @Override public Map<String, NDArray> saveTensors() { return bestWeights == null ? Map.of() : bestWeights; }

    @Override public void restoreTensors(Map<String, NDArray> t) { bestWeights = t.isEmpty() ? null : new java.util.LinkedHashMap<>(t); }

    public int bestEpoch() { return bestEpoch; }
    public int stoppedEpoch() { return stoppedEpoch; }
    public double best() { return best; }
}
