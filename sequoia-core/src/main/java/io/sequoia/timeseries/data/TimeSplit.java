package io.sequoia.timeseries.data;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * A split by time: the first {@code trainEnd} points train, the next {@code testLength} test.
 * Nothing is shuffled; test points always come after every training point.
 */
public record TimeSplit(int trainEnd, int testLength) {

    /** Holds out the last {@code test} of {@code n} points. */
    public static TimeSplit holdOut(int n, int test) {
        if (test < 1 || test >= n) throw Errors.arg("TimeSplit.holdOut", "test must leave at least one training point", "1 <= test < " + n, test, "series length " + n);
        return new TimeSplit(n - test, test);
    }

    /**
     * Rolling-origin (walk-forward) backtest: {@code folds} splits, each testing the {@code horizon}
     * points after its origin; origins step by {@code horizon} and the last fold ends at {@code n}.
     */
    public static List<TimeSplit> rollingOrigin(int n, int folds, int horizon, int minTrain) {
        String where = "TimeSplit.rollingOrigin";
        if (folds < 1) throw Errors.arg(where, "folds must be at least 1", ">= 1", folds, null);
        if (horizon < 1) throw Errors.arg(where, "horizon must be at least 1", ">= 1", horizon, null);
        int first = n - folds * horizon;
        if (first < Math.max(1, minTrain)) {
            throw Errors.arg(where, "the first fold must keep at least minTrain training points", ">= " + Math.max(1, minTrain), first,
                    "n " + n + ", folds " + folds + ", horizon " + horizon);
        }
        List<TimeSplit> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) out.add(new TimeSplit(first + f * horizon, horizon));
        return out;
    }
}
