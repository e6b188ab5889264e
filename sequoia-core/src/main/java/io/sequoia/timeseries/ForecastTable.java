package io.sequoia.timeseries;

import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.data.TimeSplit;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The forecasts file of many series, one table for {@code sequoia forecast --id-col ... --out DIR} ({@code DIR/forecasts.csv})
 * and {@code sequoia spark forecast ... --out FILE.csv} (and the columns of {@code SequoiaSpark.forecast}'s Dataset), so that the
 * two files compare line by line ({@code diff}): the same columns ({@link #COLUMNS}), the same rows for the same series and
 * options, in the same order ({@link #sort}: by id, then the models in the order given, then time), with the same text for
 * numbers ({@link Double#toString}), time labels (the series' own; past the end {@link TimeLabels#after}) and failures.
 * <ul>
 * <li>{@code id, time, model}: the series, the time label of the forecast step, the model as named on the command line
 *     ({@code comb(ses,holt,damped)} for {@code comb});</li>
 * <li>{@code actual}: the observed value at that time (empty past the end of the series);</li>
 * <li>{@code mean, lower, upper}: the forecast and its interval at the run's level (empty bounds: a model without intervals);</li>
 * <li>{@code step}: 1 … horizon after the forecast's origin (each backtest fold starts again at 1);</li>
 * <li>{@code chosen}: the model {@code auto} picked for the series (else the model itself);</li>
 * <li>{@code smape}: the series' sMAPE in percent over its tested points, the same on each of its rows (empty without a test);</li>
 * <li>{@code intervals}: {@code model} (the model's own), {@code conformal}, or {@code model: } and the reason where conformal
 *     intervals were asked for and the series is too short for them;</li>
 * <li>{@code error}: where the model failed on the series, one row with {@code id}, {@code model} and the message, the other
 *     cells empty; the other series go on.</li>
 * </ul>
 */
public final class ForecastTable {
    private ForecastTable() {}

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("id", "time", "model", "actual", "mean", "lower", "upper", "step", "chosen", "smape", "intervals", "error");

    /** The header line (without the line end). */
    public static final String HEADER = String.join(",", COLUMNS);

    /** Where conformal intervals were asked for and the series kept the model's own: the intervals cell's prefix. */
    public static final String FALLBACK = "model: ";

    /** One line of the table; see the class comment for the cells. Null cells are written empty. */
    public record Row(String id, String time, String model, Double actual, Double mean, Double lower, Double upper, Integer step,
                      String chosen, Double smape, String intervals, String error) implements Serializable {
        /** True for the row of a model that failed on the series. */
        public boolean failed() { return error != null; }
    }

    /**
     * The rows of one series and one model: each fold's forecast steps, labelled with the series' times ({@code times}, as
     * long as {@code y}) and past its end with {@code after} ({@link TimeLabels#after} of the series; null: computed here).
     */
    public static List<Row> rows(String id, String model, String[] times, double[] y, List<TimeSplit> folds, Backtest.Result r, String[] after) {
        int n = y.length;
        Double smape = r.metrics().get("smape");
        String intervals = r.conformal() == null ? Conformal.Intervals.MODEL.id()
                : r.conformal().isFallback() ? FALLBACK + r.conformal().fallback() : Conformal.Intervals.CONFORMAL.id();
        String chosen = r.chosen().id();
        List<Row> out = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            Forecast fc = r.forecasts().get(f);
            int start = folds.get(f).trainEnd(), h = fc.mean().length;
            if (start + h > n && (after == null || after.length < start + h - n)) after = TimeLabels.after(times, start + h - n);
            for (int i = 0; i < h; i++) {
                int t = start + i;
                out.add(new Row(id, t < n ? times[t] : after[t - n], model, t < n ? y[t] : null, fc.mean()[i],
                        fc.lower() == null ? null : fc.lower()[i], fc.upper() == null ? null : fc.upper()[i], i + 1, chosen, smape, intervals, null));
            }
        }
        return out;
    }

    /** The row of a model that failed on a series: {@link #message} of the failure. */
    public static Row failure(String id, String model, RuntimeException e) { return failure(id, model, message(e)); }

    /** The error cell of a failure: its message (the exception's class when it has none). */
    public static String message(RuntimeException e) { return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(); }

    /** The row of a model that failed on a series, with {@code message}. */
    public static Row failure(String id, String model, String message) {
        return new Row(id, null, model, null, null, null, null, null, null, null, null, message);
    }

    /**
     * Sorts {@code rows} into the file's order: by id (as strings), keeping the order the rows of one id were made in (the
     * models in the order given, each model's folds and steps in time order). Stable.
     */
    public static void sort(List<Row> rows) { rows.sort(Comparator.comparing(Row::id)); }

    /** One line of the file (without the line end). */
    public static String line(Row r) {
        return String.join(",", cell(r.id()), cell(r.time()), cell(r.model()), num(r.actual()), num(r.mean()), num(r.lower()), num(r.upper()),
                r.step() == null ? "" : r.step().toString(), cell(r.chosen()), num(r.smape()), cell(r.intervals()), cell(r.error()));
    }

    /** The whole file: the header and {@code rows} in the order given, each line ending in {@code \n}. */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) sb.append(line(r)).append('\n');
        return sb.toString();
    }

    /** Writes {@link #csv} of {@code rows}, sorted ({@link #sort}), to {@code file} (atomically: all or nothing). */
    public static void write(Path file, List<Row> rows) throws IOException {
        List<Row> sorted = new ArrayList<>(rows);
        sort(sorted);
        io.sequoia.io.AtomicFiles.writeString(file, csv(sorted));
    }

    private static String num(Double v) { return v == null ? "" : Double.toString(v); }

    /** A text cell, quoted when it holds a comma, a quote or a line end (null: empty). */
    public static String cell(String v) {
        if (v == null) return "";
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
