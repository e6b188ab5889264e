package io.sequoia.timeseries.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WindowsTest {
    @Test void cutsLookbackHorizonSamplesWithStride() {
        double[] y = {0, 1, 2, 3, 4, 5, 6};
        double[][] past = {{10}, {11}, {12}, {13}, {14}, {15}, {16}};
        double[][] fut = {{20}, {21}, {22}, {23}, {24}, {25}, {26}};
        Windows w = Windows.of(y, past, fut, 3, 2, 2);
        assertEquals(2, w.size());
        assertArrayEquals(new double[]{2, 12}, w.past()[0][2]);
        assertArrayEquals(new double[]{3, 4}, w.target()[0]);
        assertArrayEquals(new double[]{23}, w.future()[0][0]);
        assertArrayEquals(new double[]{5, 6}, w.target()[1]);
        assertArrayEquals(new int[]{3, 5}, w.origins());
    }

    @Test void tooShortSeriesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Windows.of(new double[4], null, null, 3, 2, 1));
        assertEquals("Windows.of: series must be at least lookback + horizon long; expected >= 5, got 4 (lookback 3, horizon 2)", e.getMessage());
    }

    @Test void holdOutAndRollingOrigin() {
        assertEquals(new TimeSplit(120, 24), TimeSplit.holdOut(144, 24));
        List<TimeSplit> folds = TimeSplit.rollingOrigin(100, 3, 10, 20);
        assertEquals(List.of(new TimeSplit(70, 10), new TimeSplit(80, 10), new TimeSplit(90, 10)), folds);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeSplit.rollingOrigin(30, 3, 10, 5));
        assertEquals("TimeSplit.rollingOrigin: the first fold must keep at least minTrain training points; expected >= 5, got 0 (n 30, folds 3, horizon 10)", e.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> TimeSplit.holdOut(10, 10));
        assertEquals("TimeSplit.holdOut: test must leave at least one training point; expected 1 <= test < 10, got 10 (series length 10)", h.getMessage());
    }

    @Test void sliceKeepsCovariates() {
        TimeSeries s = new TimeSeries("y", null, new double[]{1, 2, 3}, java.util.Map.of("x", new double[]{4, 5, 6}));
        assertArrayEquals(new double[]{5, 6}, s.slice(1, 3).covariate("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.covariate("z"));
        assertEquals("TimeSeries.covariate: unknown covariate; expected one of [x], got z", e.getMessage());
    }
}
