package io.sequoia.timeseries.data;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target series with its time labels and named covariates, all of the same length, oldest first.
 * Immutable: slicing returns copies.
 */
public final class TimeSeries {
    private final String targetName;
    private final String[] times;
    private final double[] target;
    private final LinkedHashMap<String, double[]> covariates;

    public TimeSeries(String targetName, String[] times, double[] target, Map<String, double[]> covariates) {
        this.targetName = targetName;
        this.target = target.clone();
        this.times = times == null ? defaultTimes(target.length) : times.clone();
        if (this.times.length != target.length) {
            throw Errors.arg("TimeSeries", "times and target must have the same length", target.length, this.times.length, "target " + targetName);
        }
        this.covariates = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : covariates.entrySet()) {
            if (e.getValue().length != target.length) {
                throw Errors.arg("TimeSeries", "every covariate must have the target's length", target.length, e.getValue().length, "covariate " + e.getKey());
            }
            this.covariates.put(e.getKey(), e.getValue().clone());
        }
    }

    /** A series without time labels or covariates (labels become 0, 1, 2, ...). */
    public static TimeSeries of(String name, double... values) {
        return new TimeSeries(name, null, values, Map.of());
    }

    private static String[] defaultTimes(int n) {
        String[] t = new String[n];
        for (int i = 0; i < n; i++) t[i] = Integer.toString(i);
        return t;
    }

    public String targetName() { return targetName; }
    public int length() { return target.length; }
    public double[] target() { return target.clone(); }
    public String[] times() { return times.clone(); }
    public List<String> covariateNames() { return new ArrayList<>(covariates.keySet()); }

    /** The named covariate's values. */
    public double[] covariate(String name) {
        double[] c = covariates.get(name);
        if (c == null) throw Errors.arg("TimeSeries.covariate", "unknown covariate", "one of " + covariates.keySet(), name, null);
        return c.clone();
    }

    /** The given covariates as a {@code [time][k]} matrix, or {@code null} for an empty list. */
    public double[][] matrix(List<String> names) {
        if (names == null || names.isEmpty()) return null;
        double[][] m = new double[target.length][names.size()];
        for (int j = 0; j < names.size(); j++) {
            double[] c = covariate(names.get(j));
            for (int t = 0; t < c.length; t++) m[t][j] = c[t];
        }
        return m;
    }

    /** Rows {@code [from, to)}. */
    public TimeSeries slice(int from, int to) {
        if (from < 0 || to > target.length || from > to) {
            throw Errors.arg("TimeSeries.slice", "range must lie within the series", "0 <= from <= to <= " + target.length, "[" + from + ", " + to + ")", null);
        }
        Map<String, double[]> cov = new LinkedHashMap<>();
        covariates.forEach((k, v) -> cov.put(k, Arrays.copyOfRange(v, from, to)));
        return new TimeSeries(targetName, Arrays.copyOfRange(times, from, to), Arrays.copyOfRange(target, from, to), cov);
    }
}
