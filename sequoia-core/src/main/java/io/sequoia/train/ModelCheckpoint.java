package io.sequoia.train;

import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Keras's ModelCheckpoint: saves the model folder after an epoch — every epoch, or only when
 * {@code monitor} improves ({@code saveBestOnly}). {@code {epoch}} in the path is replaced by the
 * 1-based epoch number. Each file is written to a temporary name and renamed, so a finished
 * checkpoint is never lost to a crash mid-save.
 */
public class ModelCheckpoint implements ResumableCallback {
    private final String path, monitor;
    private final boolean saveBestOnly, maximize;
    private double best;
    private int saves;

    public ModelCheckpoint(Path path) { this(path.toString(), "val_loss", false, "auto"); }

    public ModelCheckpoint(String path, String monitor, boolean saveBestOnly, String mode) {
        if (!mode.equals("min") && !mode.equals("max") && !mode.equals("auto")) {
            throw Errors.arg("ModelCheckpoint", "unknown mode", "min, max or auto", mode, null);
        }
        this.path = path;
        this.monitor = monitor;
        this.saveBestOnly = saveBestOnly;
        this.maximize = mode.equals("max") || (mode.equals("auto") && monitor.contains("acc"));
    }

    @Override public void onTrainBegin(Model model) {
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            Double v = logs.get(monitor);
            if (v == null) {
                throw Errors.arg("ModelCheckpoint", "monitored value is not in the logs", "one of " + logs.keySet(), monitor,
                        "Hint: val_* values need validation data");
            }
            if (!(maximize ? v > best : v < best)) return;
            best = v;
        }
        Path dir = Path.of(path.replace("{epoch}", Integer.toString(epoch + 1)));
        try {
            model.save(dir);
            saves++;
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save to " + dir, e);
        }
    }

    @Override public Map<String, Object> saveState() { return Map.of("best", Double.toString(best), "saves", saves); }

    @Override public void restoreState(Map<String, Object> s) {
        best = Double.parseDouble((String) s.get("best"));
        saves = ((Number) s.get("saves")).intValue();
    }

    /** How many times a checkpoint was written. */
    public int saves() { return saves; }
}
