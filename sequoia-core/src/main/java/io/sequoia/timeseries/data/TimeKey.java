package io.sequoia.timeseries.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a time label into a number that sorts like the time it names, so the reader can check that
 * times increase. Understood: plain numbers, {@code 1949-01}, {@code 2014-01-01},
 * {@code 2014-01-01T00:30:00Z} (and without zone), {@code 2002 Jan}, {@code 1970 Q1}.
 * Anything else gives {@code NaN} (such labels are kept but their order is not checked).
 */
public final class TimeKey {
    private TimeKey() {}

    private static final Pattern YEAR_MONTH = Pattern.compile("(\\d{4})-(\\d{1,2})");
    private static final Pattern YEAR_MON = Pattern.compile("(\\d{4})\\s+([A-Za-z]{3})[A-Za-z]*");
    private static final Pattern YEAR_QUARTER = Pattern.compile("(\\d{4})\\s*[-]?\\s*Q([1-4])");
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    /** The sort key of {@code label}, or {@code NaN} if the label is not a time this class knows. */
    public static double of(String label) {
        String s = label.trim();
        if (s.isEmpty()) return Double.NaN;
        try { return Double.parseDouble(s); } catch (NumberFormatException ignored) { /* not a number */ }
        Matcher m = YEAR_MONTH.matcher(s);
        if (m.matches()) return Integer.parseInt(m.group(1)) * 12.0 + Integer.parseInt(m.group(2)) - 1;
        m = YEAR_MON.matcher(s);
        if (m.matches()) {
            int i = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT));
            if (i >= 0 && i % 3 == 0) return Integer.parseInt(m.group(1)) * 12.0 + i / 3;
        }
        m = YEAR_QUARTER.matcher(s);
        if (m.matches()) return Integer.parseInt(m.group(1)) * 4.0 + Integer.parseInt(m.group(2)) - 1;
        try { return LocalDate.parse(s).toEpochDay() * 86400.0; } catch (RuntimeException ignored) { /* next */ }
        try { return Instant.parse(s).getEpochSecond(); } catch (RuntimeException ignored) { /* next */ }
        try { return LocalDateTime.parse(s).toEpochSecond(java.time.ZoneOffset.UTC); } catch (RuntimeException ignored) { /* next */ }
        return Double.NaN;
    }
}
