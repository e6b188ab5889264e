package io.sequoia.timeseries;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time labels of the steps after a series' end, continuing its last two labels in their own format: whole
 * numbers ({@code 58, 59 → 60}), {@code 1960-12 → 1961-01}, dates ({@code 2014-01-01 → 2014-02-01} when the
 * labels are whole months apart, else by their days), date-times, {@code 1960 Q4 → 1961 Q1},
 * {@code 2002 Dec → 2003 Jan}. A label this does not understand gives {@code +1, +2, …} (steps after the end).
 */
public final class TimeLabels {
    private TimeLabels() {}

    private static final Pattern INT = Pattern.compile("-?\\d+");
    private static final Pattern YEAR_MONTH = Pattern.compile("(\\d{4})-(\\d{1,2})");
    private static final Pattern YEAR_MON = Pattern.compile("(\\d{4})(\\s+)([A-Za-z]{3})");
    private static final Pattern YEAR_QUARTER = Pattern.compile("(\\d{4})(\\s*-?\\s*)Q([1-4])");
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** The labels of the {@code h} steps after {@code times}' last one. */
    public static String[] after(String[] times, int h) {
        String[] out = new String[h];
        for (int i = 0; i < h; i++) out[i] = "+" + (i + 1);
        if (times.length < 2) return out;
        String a = times[times.length - 2].trim(), b = times[times.length - 1].trim();
        try {
            if (INT.matcher(a).matches() && INT.matcher(b).matches()) {
                long x = Long.parseLong(a), y = Long.parseLong(b), d = y - x;
                if (d > 0) for (int i = 0; i < h; i++) out[i] = Long.toString(y + d * (i + 1));
                return out;
            }
            Matcher ma = YEAR_MONTH.matcher(a), mb = YEAR_MONTH.matcher(b);
            if (ma.matches() && mb.matches()) {
                YearMonth x = YearMonth.of(Integer.parseInt(ma.group(1)), Integer.parseInt(ma.group(2))), y = YearMonth.of(Integer.parseInt(mb.group(1)), Integer.parseInt(mb.group(2)));
                long d = ChronoUnit.MONTHS.between(x, y);
                boolean pad = mb.group(2).length() == 2;
                if (d > 0) for (int i = 0; i < h; i++) {
                    YearMonth z = y.plusMonths(d * (i + 1));
                    out[i] = z.getYear() + "-" + (pad ? String.format(Locale.ROOT, "%02d", z.getMonthValue()) : Integer.toString(z.getMonthValue()));
                }
                return out;
            }
            ma = YEAR_MON.matcher(a); mb = YEAR_MON.matcher(b);
            if (ma.matches() && mb.matches()) {
                int x = Integer.parseInt(ma.group(1)) * 12 + month(ma.group(3)), y = Integer.parseInt(mb.group(1)) * 12 + month(mb.group(3)), d = y - x;
                if (month(ma.group(3)) >= 0 && month(mb.group(3)) >= 0 && d > 0) {
                    for (int i = 0; i < h; i++) { int z = y + d * (i + 1); out[i] = (z / 12) + mb.group(2) + MONTHS[z % 12]; }
                }
                return out;
            }
            ma = YEAR_QUARTER.matcher(a); mb = YEAR_QUARTER.matcher(b);
            if (ma.matches() && mb.matches()) {
                int x = Integer.parseInt(ma.group(1)) * 4 + Integer.parseInt(ma.group(3)) - 1, y = Integer.parseInt(mb.group(1)) * 4 + Integer.parseInt(mb.group(3)) - 1, d = y - x;
                if (d > 0) for (int i = 0; i < h; i++) { int z = y + d * (i + 1); out[i] = (z / 4) + mb.group(2) + "Q" + (z % 4 + 1); }
                return out;
            }
            if (a.length() == 10 && b.length() == 10) {
                LocalDate x = LocalDate.parse(a), y = LocalDate.parse(b);
                long months = ChronoUnit.MONTHS.between(x, y);
                if (months > 0 && x.plusMonths(months).equals(y) && x.getDayOfMonth() == y.getDayOfMonth()) {
                    for (int i = 0; i < h; i++) out[i] = y.plusMonths(months * (i + 1)).toString();
                } else {
                    long days = ChronoUnit.DAYS.between(x, y);
                    if (days > 0) for (int i = 0; i < h; i++) out[i] = y.plusDays(days * (i + 1)).toString();
                }
                return out;
            }
            if (a.endsWith("Z") && b.endsWith("Z")) {
                Instant x = Instant.parse(a), y = Instant.parse(b);
                long s = y.getEpochSecond() - x.getEpochSecond();
                if (s > 0) for (int i = 0; i < h; i++) out[i] = y.plusSeconds(s * (i + 1)).toString();
                return out;
            }
            LocalDateTime x = LocalDateTime.parse(a), y = LocalDateTime.parse(b);
            long s = ChronoUnit.SECONDS.between(x, y);
            if (s > 0) for (int i = 0; i < h; i++) out[i] = y.plusSeconds(s * (i + 1)).toString();
        } catch (RuntimeException notATime) {
            // a label of another kind: the steps after the end
        }
        return out;
    }

    private static int month(String mon) {
        for (int i = 0; i < 12; i++) if (MONTHS[i].equalsIgnoreCase(mon)) return i;
        return -1;
    }
}
