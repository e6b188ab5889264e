package io.sequoia.timeseries;

import io.sequoia.timeseries.data.TimeKey;

/** The seasonal period of a series, inferred from its time labels. */
public final class SeasonalPeriod {
    private SeasonalPeriod() {}

    /**
     * Monthly labels ({@code 1949-01}, {@code 2002 Jan}, or dates a month apart) give 12, quarterly
     * ({@code 1970 Q1}, dates three months apart) 4, daily dates 7 (weekly season), half-hourly 48,
     * hourly 24; anything else (plain numbers, one label) 1, no season.
     */
    public static int infer(String[] times) {
        if (times.length < 2) return 1;
        String a = times[0].trim();
        if (a.matches("\\d{4}-\\d{1,2}") || a.matches("\\d{4}\\s+[A-Za-z]{3}.*")) return 12;
        if (a.matches("\\d{4}\\s*-?\\s*Q[1-4]")) return 4;
        double d = TimeKey.of(times[1]) - TimeKey.of(a);
        if (Double.isNaN(d) || !a.contains("-")) return 1;
        double days = d / 86400.0;
        if (Math.abs(days - 1) < 0.01) return 7;
        if (days >= 28 && days <= 31) return 12;
        if (days >= 89 && days <= 92) return 4;
        if (Math.abs(d - 1800) < 1) return 48;
        if (Math.abs(d - 3600) < 1) return 24;
        return 1;
    }
}
