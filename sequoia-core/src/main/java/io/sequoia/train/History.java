package io.sequoia.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch values of the loss and metrics, train and validation ("loss", "val_loss", "accuracy", ...). */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private boolean interrupted;

    /** The epochs recorded before a checkpoint (resuming a run). */
    void restore(Map<String, List<Double>> saved) {
        values.clear();
        saved.forEach((k, v) -> values.put(k, new ArrayList<>(v)));
    }

    /** Copies of the values (for a checkpoint). */
    Map<String, List<Double>> copy() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    void markInterrupted() { interrupted = true; }

    /** Whether fit stopped at an interruption (after writing a checkpoint) rather than at the end. */
    public boolean interrupted() { return interrupted; }

    void record(Map<String, Double> logs) {
        logs.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    /** The values of one key, one per epoch. */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) throw new IllegalArgumentException("History.get: unknown key; expected one of " + values.keySet() + ", got " + key);
        return Collections.unmodifiableList(v);
    }

    public Map<String, List<Double>> asMap() { return Collections.unmodifiableMap(values); }

    public int epochs() { return values.isEmpty() ? 0 : values.values().iterator().next().size(); }

    @Override public String toString() { return "History" + values; }
}
