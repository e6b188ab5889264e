package io.sequoia.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch values of the loss and metrics, train and validation ("loss", "val_loss", "accuracy", ...). */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

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
