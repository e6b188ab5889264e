package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mean (or median) of several models' forecasts, each model fitted to the same series; the
 * interval bounds are combined the same way (a common, uncalibrated practice). With SES, Holt and
 * damped-trend smoothing on the seasonally adjusted series it is the M4 benchmark "Comb".
 */
public final class Combination implements Forecaster {
    private final List<Forecaster> members;
    private final List<String> names;
    private final boolean median;
    private boolean fitted;

    /** Combines {@code members}, named {@code names} (fitted together by {@link #fit}); {@code median} instead of the mean. */
    public Combination(List<Forecaster> members, List<String> names, boolean median) {
        if (members.isEmpty()) throw Errors.arg("Combination", "at least one member is needed", ">= 1", 0, null);
        if (names.size() != members.size()) throw Errors.arg("Combination", "one name per member", members.size(), names.size(), null);
        this.members = List.copyOf(members);
        this.names = List.copyOf(names);
        this.median = median;
    }

    /** Combines members that are already fitted to the same series. */
    public static Combination ofFitted(List<Forecaster> members, List<String> names, boolean median) {
        Combination c = new Combination(members, names, median);
        c.fitted = true;
        return c;
    }

    @Override public String name() { return (median ? "median(" : "comb(") + String.join(",", names) + ")"; }

    @Override public Combination fit(double[] y, double[][] xreg) {
        for (Forecaster f : members) f.fit(y, xreg);
        fitted = true;
        return this;
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level) {
        if (!fitted) throw Errors.state("Combination.forecast", "the model has not been fitted", "call fit(y, xreg) first");
        List<Forecast> fs = new ArrayList<>();
        for (Forecaster f : members) fs.add(f.forecast(h, futureXreg, level));
        return combine(fs, median);
    }

    /** Combines forecasts of the same horizon point by point; intervals only when every member has one. */
    public static Forecast combine(List<Forecast> fs, boolean median) {
        int h = fs.get(0).mean().length, k = fs.size();
        boolean intervals = fs.stream().allMatch(f -> f.lower() != null && f.upper() != null);
        double[] mean = new double[h], lo = intervals ? new double[h] : null, hi = intervals ? new double[h] : null;
        double[] buf = new double[k];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < k; j++) buf[j] = fs.get(j).mean()[i];
            mean[i] = pool(buf, median);
            if (intervals) {
                for (int j = 0; j < k; j++) buf[j] = fs.get(j).lower()[i];
                lo[i] = pool(buf, median);
                for (int j = 0; j < k; j++) buf[j] = fs.get(j).upper()[i];
                hi[i] = pool(buf, median);
            }
        }
        return new Forecast(mean, lo, hi, fs.get(0).level());
    }

    private static double pool(double[] v, boolean median) {
        if (!median) { double s = 0; for (double x : v) s += x; return s / v.length; }
        double[] c = v.clone();
        Arrays.sort(c);
        int k = c.length;
        return k % 2 == 1 ? c[k / 2] : (c[k / 2 - 1] + c[k / 2]) / 2;
    }

    @Override public Map<String, Double> parameters() {
        Map<String, Double> p = new LinkedHashMap<>();
        if (!fitted) return p;
        for (int i = 0; i < members.size(); i++) {
            String prefix = names.get(i) + ".";
            members.get(i).parameters().forEach((k, v) -> p.put(prefix + k, v));
        }
        return p;
    }
}
