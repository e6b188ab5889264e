package io.sequoia.timeseries.data;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * Supervised samples cut from a series: each sample has {@code lookback} past steps of the target
 * (and of past covariates), the next {@code horizon} target values, and the future covariates over
 * those horizon steps. Samples start every {@code stride} steps.
 *
 * @param past    {@code [n][lookback][1 + kPast]}: target first, then past covariates
 * @param future  {@code [n][horizon][kFuture]} known-in-advance covariates (empty arrays if none)
 * @param target  {@code [n][horizon]}
 * @param origins index of the first forecast step of each sample in the original series
 */
public record Windows(double[][][] past, double[][][] future, double[][] target, int[] origins) {

    /** Number of samples. */
    public int size() { return target.length; }

    /**
     * Cuts windows from {@code y} with optional covariate matrices {@code pastCov} and
     * {@code futureCov} ({@code [time][k]}, may be null).
     */
    public static Windows of(double[] y, double[][] pastCov, double[][] futureCov, int lookback, int horizon, int stride) {
        String where = "Windows.of";
        if (lookback < 1) throw Errors.arg(where, "lookback must be at least 1", ">= 1", lookback, null);
        if (horizon < 1) throw Errors.arg(where, "horizon must be at least 1", ">= 1", horizon, null);
        if (stride < 1) throw Errors.arg(where, "stride must be at least 1", ">= 1", stride, null);
        if (y.length < lookback + horizon) {
            throw Errors.arg(where, "series must be at least lookback + horizon long", ">= " + (lookback + horizon), y.length, "lookback " + lookback + ", horizon " + horizon);
        }
        check(where, "pastCov", pastCov, y.length);
        check(where, "futureCov", futureCov, y.length);
        int kp = pastCov == null ? 0 : pastCov[0].length, kf = futureCov == null ? 0 : futureCov[0].length;
        List<Integer> starts = new ArrayList<>();
        for (int s = 0; s + lookback + horizon <= y.length; s += stride) starts.add(s);
        int n = starts.size();
        double[][][] past = new double[n][lookback][1 + kp];
        double[][][] fut = new double[n][horizon][kf];
        double[][] tgt = new double[n][horizon];
        int[] origins = new int[n];
        for (int i = 0; i < n; i++) {
            int s = starts.get(i);
            origins[i] = s + lookback;
            for (int l = 0; l < lookback; l++) {
                past[i][l][0] = y[s + l];
                for (int j = 0; j < kp; j++) past[i][l][1 + j] = pastCov[s + l][j];
            }
            for (int h = 0; h < horizon; h++) {
                tgt[i][h] = y[s + lookback + h];
                for (int j = 0; j < kf; j++) fut[i][h][j] = futureCov[s + lookback + h][j];
            }
        }
        return new Windows(past, fut, tgt, origins);
    }

    private static void check(String where, String name, double[][] m, int n) {
        if (m != null && m.length != n) throw Errors.arg(where, name + " must have one row per time step", n, m.length, null);
    }
}
