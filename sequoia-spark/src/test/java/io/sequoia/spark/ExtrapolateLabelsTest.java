package io.sequoia.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The time labels of the forecast rows past a series' end: its own labels continued, as {@code sequoia forecast} prints them. */
class ExtrapolateLabelsTest {
    @Test
    void continuesIntegersMonthsDatesAndQuartersAndGivesNullOtherwise() {
        assertEquals("60", SeriesForecaster.future(new String[]{"56", "58"}, 1)[0]);
        assertEquals("2021-02", SeriesForecaster.future(new String[]{"2020-11", "2020-12"}, 2)[1]);
        assertEquals("2015-03-01", SeriesForecaster.future(new String[]{"2014-12-01", "2015-01-01"}, 2)[1]);
        assertEquals("1961 Q1", SeriesForecaster.future(new String[]{"1960 Q3", "1960 Q4"}, 1)[0]);
        assertNull(SeriesForecaster.future(new String[]{"mon", "tue"}, 1)[0]);
        assertNull(SeriesForecaster.future(new String[]{"7"}, 1)[0]);
    }
}
