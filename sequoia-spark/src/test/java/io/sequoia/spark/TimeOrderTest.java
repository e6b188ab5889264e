package io.sequoia.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** String time labels are ordered as the times they name where every label is one (as {@code sequoia forecast} reads them), else as strings. */
class TimeOrderTest {
    @SuppressWarnings("unchecked")
    static String[] sorted(String... labels) {
        Comparable<Object>[] keys = new Comparable[labels.length];
        for (int i = 0; i < labels.length; i++) keys[i] = (Comparable<Object>) (Comparable<?>) labels[i];
        String[] times = labels.clone();
        SequoiaSpark.timeKeys(keys);
        SeriesForecaster.sortByTime(keys, times, new double[labels.length]);
        return times;
    }

    @Test void numbersAndMonthsSortAsTimesOtherLabelsAsStrings() {
        assertArrayEquals(new String[]{"2", "9", "10"}, sorted("10", "2", "9"));
        assertArrayEquals(new String[]{"2020-2", "2020-9", "2020-10", "2021-1"}, sorted("2020-10", "2021-1", "2020-2", "2020-9"));
        assertArrayEquals(new String[]{"1960 Q4", "1961 Q1"}, sorted("1961 Q1", "1960 Q4"));
        assertArrayEquals(new String[]{"10", "2", "x"}, sorted("x", "10", "2"));   // one label that is no time: string order
    }
}
