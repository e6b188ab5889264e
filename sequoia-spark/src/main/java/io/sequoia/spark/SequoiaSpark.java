package io.sequoia.spark;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.ForecastTable;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.data.SeriesCsv;
import io.sequoia.timeseries.data.TimeKey;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Sequoia on Spark's DataFrames. {@link #forecast}: many series in long format (one row per series,
 * time and value, as statsforecast and Spark users keep them) partitioned by series and forecast on the
 * executors by {@link SeriesForecaster}, the same catalogue code as {@code sequoia forecast}.
 * Batch inference over a text column is {@link TextScoring}; data-parallel training is
 * {@link DataParallelTrainer}.
 */
public final class SequoiaSpark {
    private SequoiaSpark() {}

    /**
     * The columns of {@link #forecast}'s result, in order: {@link ForecastTable#COLUMNS}, the columns of the forecasts file of
     * {@code sequoia forecast --id-col} and {@code sequoia spark forecast} (id, time, model, actual, mean, lower, upper, step,
     * chosen, smape, intervals, error).
     */
    public static final StructType FORECAST_SCHEMA = new StructType(new StructField[]{
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("time", DataTypes.StringType, true),
            DataTypes.createStructField("model", DataTypes.StringType, false),
            DataTypes.createStructField("actual", DataTypes.DoubleType, true),
            DataTypes.createStructField("mean", DataTypes.DoubleType, true),
            DataTypes.createStructField("lower", DataTypes.DoubleType, true),
            DataTypes.createStructField("upper", DataTypes.DoubleType, true),
            DataTypes.createStructField("step", DataTypes.IntegerType, true),
            DataTypes.createStructField("chosen", DataTypes.StringType, true),
            DataTypes.createStructField("smape", DataTypes.DoubleType, true),
            DataTypes.createStructField("intervals", DataTypes.StringType, true),
            DataTypes.createStructField("error", DataTypes.StringType, true)});

    /** A row of {@link #FORECAST_SCHEMA}. */
    public static Row toRow(ForecastTable.Row f) {
        return RowFactory.create(f.id(), f.time(), f.model(), f.actual(), f.mean(), f.lower(), f.upper(), f.step(), f.chosen(), f.smape(), f.intervals(), f.error());
    }

    /** A row of {@link #FORECAST_SCHEMA} as the forecasts file's row ({@link ForecastTable#write}). */
    public static ForecastTable.Row fromRow(Row r) {
        return new ForecastTable.Row(r.getString(0), r.getString(1), r.getString(2), dbl(r, 3), dbl(r, 4), dbl(r, 5), dbl(r, 6),
                r.isNullAt(7) ? null : r.getInt(7), r.getString(8), dbl(r, 9), r.getString(10), r.getString(11));
    }

    private static Double dbl(Row r, int i) { return r.isNullAt(i) ? null : r.getDouble(i); }

    /**
     * Forecasts every series of {@code data}: rows grouped by {@code idCol}, ordered by {@code timeCol}
     * (any orderable column: dates, timestamps, numbers, ISO-like strings), values from {@code valueCol}
     * (numeric). The result has the columns of {@link #FORECAST_SCHEMA}: per series and model,
     * {@code horizon} rows (time, step, mean, lower, upper at the spec's level), or one row with an
     * {@code error} when the model fails on that series (a missing value, a repeated time, too short).
     * Time labels that are strings are ordered as times where {@link TimeKey} reads them all (numbers, year-months, dates,
     * {@code 1960 Q1}, …), else as strings; the labels are the series' own.
     * Rows whose id is null belong to no series and are skipped.
     */
    public static Dataset<Row> forecast(Dataset<Row> data, String idCol, String timeCol, String valueCol, ForecastSpec spec) {
        return forecast(data, idCol, timeCol, valueCol, spec, 4 * data.sparkSession().sparkContext().defaultParallelism());
    }

    /**
     * As above, with the series dealt into {@code partitions} tasks by their expected cost ({@link SeriesPartitions}:
     * longest-processing-time-first on the series' numbers of points, counted by a small job before this one), not by
     * a hash of their id, so that the tasks, and the slots that run them, end at about the same time. The work is
     * CPU-heavy and the data small, so the series are shuffled with an explicit partitioner (an RDD's
     * {@code repartitionAndSortWithinPartitions}, which adaptive query execution does not coalesce) rather than a
     * {@code groupByKey}, whose shuffle AQE would coalesce into a few partitions by bytes, leaving cores idle.
     * The forecasts do not depend on the partitioning.
     */
    public static Dataset<Row> forecast(Dataset<Row> data, String idCol, String timeCol, String valueCol, ForecastSpec spec, int partitions) {
        if (partitions < 1) throw Errors.arg("SequoiaSpark.forecast", "partitions must be at least 1", ">= 1", partitions, null);
        List<String> cols = Arrays.asList(data.columns());
        for (String[] c : new String[][]{{"idCol", idCol}, {"timeCol", timeCol}, {"valueCol", valueCol}}) {
            if (!cols.contains(c[1])) throw Errors.arg("SequoiaSpark.forecast", c[0] + " must name a column of the data", "one of " + cols, c[1], null);
        }
        Dataset<Row> long3 = data.select(col(idCol).cast(DataTypes.StringType).as("id"), col(timeCol).as("t"), col(valueCol).cast(DataTypes.DoubleType).as("v"))
                .where(col("id").isNotNull());
        Map<String, Long> points = new HashMap<>();
        for (Row r : long3.groupBy("id").count().collectAsList()) points.put(r.getString(0), r.getLong(1));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        SeriesPartitions.ByAssignment byCost = new SeriesPartitions.ByAssignment(jsc.broadcast(SeriesPartitions.assign(points, partitions)), partitions);
        GroupForecast g = new GroupForecast(spec);
        int threads = ExecutorThreads.perTask(data.sparkSession().sparkContext());   // one layer of threads: each task gets its share of the cores
        JavaRDD<Row> out = long3.javaRDD().mapToPair(r -> new Tuple2<>(r.getString(0), r))
                .repartitionAndSortWithinPartitions(byCost)
                .mapPartitions(rows -> {
                    ExecutorThreads.set(threads);
                    return bySeries(new Iterator<Row>() {
                        @Override public boolean hasNext() { return rows.hasNext(); }
                        @Override public Row next() { return rows.next()._2(); }
                    }, g);
                });
        return data.sparkSession().createDataFrame(out, FORECAST_SCHEMA);
    }

    /** A partition sorted by id, forecast series by series (the rows of one id are consecutive). */
    private static Iterator<Row> bySeries(Iterator<Row> rows, GroupForecast g) {
        List<Row> out = new ArrayList<>();
        List<Row> series = new ArrayList<>();
        String id = null;
        while (rows.hasNext()) {
            Row r = rows.next();
            if (id != null && !id.equals(r.getString(0))) {
                g.call(id, series.iterator()).forEachRemaining(out::add);
                series.clear();
            }
            id = r.getString(0);
            series.add(r);
        }
        if (id != null) g.call(id, series.iterator()).forEachRemaining(out::add);
        return out.iterator();
    }

    /**
     * String time labels that {@link TimeKey} reads, all of them, replaced by their keys (so that 2, 10 and 2020-2, 2020-10 sort
     * as times, as {@code sequoia forecast} reads them); other keys as they are.
     */
    @SuppressWarnings("unchecked")
    static void timeKeys(Comparable<Object>[] keys) {
        double[] k = new double[keys.length];
        for (int i = 0; i < keys.length; i++) {
            Object key = keys[i];
            if (!(key instanceof String label)) return;
            k[i] = TimeKey.of(label);
            if (Double.isNaN(k[i])) return;
        }
        for (int i = 0; i < keys.length; i++) keys[i] = (Comparable<Object>) (Comparable<?>) Double.valueOf(k[i]);
    }

    /**
     * One group: the series' rows (id, time, value), sorted by time, forecast by {@link SeriesForecaster}
     * into rows of {@link #FORECAST_SCHEMA}; also callable in a loop on one machine.
     */
    public static final class GroupForecast implements FlatMapGroupsFunction<String, Row, Row> {
        private final ForecastSpec spec;

        public GroupForecast(ForecastSpec spec) { this.spec = spec; }

        @Override
        public Iterator<Row> call(String id, Iterator<Row> rows) {
            List<Row> rs = new ArrayList<>();
            rows.forEachRemaining(rs::add);
            Series s = series(rs, spec.options());
            List<Row> out = new ArrayList<>();
            if (s.problem() != null) {
                ModelKind.Selection names = spec.selection();
                for (ModelKind k : spec.models()) out.add(toRow(ForecastTable.failure(id, names.label(k), s.problem())));
                return out.iterator();
            }
            for (ForecastTable.Row f : SeriesForecaster.forecast(id, s.times(), s.y(), spec)) out.add(toRow(f));
            return out.iterator();
        }
    }

    /** One series in time order: its time labels and values, or why it cannot be forecast ({@code problem}, else null). */
    public record Series(String[] times, double[] y, String problem) {}

    /**
     * A series' rows (id, time, value; a null or NaN value is missing) in time order, read as {@code sequoia forecast} reads a
     * series: with {@link ForecastSpec.Options#trimEnds()} (a wide file) the missing values before the first value and after
     * the last are not part of it; a missing value inside it is filled linearly with {@link ForecastSpec.Options#interpolate()}
     * ({@link SeriesCsv#interpolate}, the local reader's), else the series' problem, as are a row without a time and a repeated time.
     */
    @SuppressWarnings("unchecked")
    public static Series series(List<Row> rs, ForecastSpec.Options o) {
        int n = rs.size();
        Comparable<Object>[] keys = new Comparable[n];
        String[] times = new String[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rs.get(i);
            if (r.isNullAt(1)) return new Series(null, null, "a row has no time");
            keys[i] = (Comparable<Object>) r.get(1);
            times[i] = String.valueOf(r.get(1));
            y[i] = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
        }
        timeKeys(keys);
        SeriesForecaster.sortByTime(keys, times, y);
        for (int i = 1; i < n; i++) if (keys[i].compareTo(keys[i - 1]) == 0) return new Series(null, null, "time " + times[i] + " appears twice");
        if (o.trimEnds()) {
            int first = 0, last = n - 1;
            while (first < n && Double.isNaN(y[first])) first++;
            while (last >= first && Double.isNaN(y[last])) last--;
            if (first > last) return new Series(null, null, "the series has no values");
            times = Arrays.copyOfRange(times, first, last + 1);
            y = Arrays.copyOfRange(y, first, last + 1);
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i])) continue;
            if (!o.interpolate()) return new Series(null, null, "missing value at time " + times[i] + " (pass --interpolate to fill gaps linearly)");
            SeriesCsv.interpolate(y);
            break;
        }
        return new Series(times, y, null);
    }
}
