package io.sequoia.timeseries.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SeriesCsvTest {
    @TempDir Path dir;

    Path csv(String text) throws Exception {
        Path p = dir.resolve("s.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test void readsTheAirlineFileWithQuotesAndCrlf() throws Exception {
        TimeSeries s = SeriesCsv.read(Path.of("..", "..", "shared", "data", "timeseries", "airline-passengers.csv"), "Passengers");
        assertEquals(144, s.length());
        assertEquals("1949-01", s.times()[0]);
        assertEquals(112, s.target()[0]);
        assertEquals(432, s.target()[143]);
    }

    @Test void readsCovariatesByName() throws Exception {
        TimeSeries s = SeriesCsv.read(csv("t,y,x\n1,10,0.5\n2,11,0.7\n"), "y", "t", List.of("x"), SeriesCsv.Missing.ERROR);
        assertArrayEquals(new double[]{0.5, 0.7}, s.covariate("x"));
        assertArrayEquals(new double[][]{{0.5}, {0.7}}, s.matrix(List.of("x")));
    }

    @Test void nonNumericCellNamesFileLineAndColumn() throws Exception {
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> SeriesCsv.read(csv("t,y\n1,10\n2,abc\n"), "y"));
        assertEquals("SeriesCsv.read: cells must be numeric; expected a number, got \"abc\" (s.csv:3, column y)", e.getMessage());
        assertEquals(3, e.line());
    }

    @Test void missingValueIsAnErrorWithAHint() throws Exception {
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> SeriesCsv.read(csv("t,y\n1,10\n2,\n3,12\n"), "y"));
        assertEquals("SeriesCsv.read: values must not be missing; expected a number, got an empty cell (s.csv:3, column y). Hint: pass --interpolate to fill gaps linearly", e.getMessage());
    }

    @Test void interpolateFillsGapsLinearlyAndEndsWithTheNearestValue() throws Exception {
        TimeSeries s = SeriesCsv.read(csv("t,y\n1,NA\n2,10\n3,NA\n4,NA\n5,16\n6,\n"), "y", "t", List.of(), SeriesCsv.Missing.INTERPOLATE);
        assertArrayEquals(new double[]{10, 10, 12, 14, 16, 16}, s.target(), 1e-12);
    }

    @Test void unsortedTimesAreRejected() throws Exception {
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> SeriesCsv.read(csv("m,y\n2001-02,1\n2001-01,2\n"), "y"));
        assertEquals("SeriesCsv.read: times must increase; expected a time after \"2001-02\", got \"2001-01\" (s.csv:3, column m)", e.getMessage());
    }

    @Test void duplicateTimesAreRejected() throws Exception {
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> SeriesCsv.read(csv("d,y\n2002 Jan,1\n2002 Feb,2\n2002 Jan,3\n"), "y"));
        assertEquals("SeriesCsv.read: times must be unique; expected a new time, got \"2002 Jan\" again (first on line 2) (s.csv:4, column d)", e.getMessage());
    }

    @Test void unknownColumnListsTheHeader() throws Exception {
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> SeriesCsv.read(csv("t,y\n1,2\n"), "z"));
        assertEquals("SeriesCsv.read: column --target must be in the header; expected one of [t, y], got z (s.csv:1)", e.getMessage());
    }

    @Test void raggedRowIsRejected() throws Exception {
        SeriesFormatException e = assertThrows(SeriesFormatException.class, () -> SeriesCsv.read(csv("t,y\n1,2\n2,3,4\n"), "y"));
        assertEquals("SeriesCsv.read: every row must have as many cells as the header; expected 2 cells, got 3 cells (s.csv:3)", e.getMessage());
    }

    @Test void timeKeysOrderCommonFormats() {
        assertTrue(TimeKey.of("2002 Feb") > TimeKey.of("2002 Jan"));
        assertTrue(TimeKey.of("1970 Q2") > TimeKey.of("1970 Q1"));
        assertTrue(TimeKey.of("2014-01-01T00:30:00Z") > TimeKey.of("2014-01-01T00:00:00Z"));
        assertTrue(TimeKey.of("1970-04-01") > TimeKey.of("1970-01-01"));
        assertTrue(Double.isNaN(TimeKey.of("spring")));
    }
}
