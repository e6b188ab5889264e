package io.sequoia.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Series dealt into partitions by expected cost (longest processing time first), and the forecast job using that assignment. */
class SeriesPartitionsTest {
    @Test void longestFirstToTheLeastLoadedPartition() {
        Map<String, Long> cost = new LinkedHashMap<>();
        String[] ids = {"a", "b", "c", "d", "e", "f"};
        long[] c = {7, 6, 5, 4, 3, 2};
        for (int i = 0; i < ids.length; i++) cost.put(ids[i], c[i]);
        Map<String, Integer> p = SeriesPartitions.assign(cost, 2);
        // 7 -> 0; 6 -> 1; 5 -> 1 (11); 4 -> 0 (11); 3 -> 0 (the lower index of two equal loads: 14); 2 -> 1 (13)
        assertEquals(Map.of("a", 0, "b", 1, "c", 1, "d", 0, "e", 0, "f", 1), p);
        assertArrayEquals(new long[]{14, 13}, SeriesPartitions.loads(cost, p, 2));
        assertThrows(IllegalArgumentException.class, () -> SeriesPartitions.assign(cost, 0));
    }

    /** Varied lengths (M3-like, 20 to 140 points): the largest partition within the mean plus the longest series, and the order of the input irrelevant. */
    @Test void balancedWithinOneSeriesOfTheMeanWhateverTheInputOrder() {
        Random r = new Random(11);
        Map<String, Long> cost = new HashMap<>();
        for (int i = 0; i < 500; i++) cost.put("s" + i, 20L + r.nextInt(121));
        long total = cost.values().stream().mapToLong(Long::longValue).sum(), longest = cost.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (int parts : new int[]{2, 8, 32}) {
            Map<String, Integer> p = SeriesPartitions.assign(cost, parts);
            long[] loads = SeriesPartitions.loads(cost, p, parts);
            long max = Arrays.stream(loads).max().orElseThrow(), min = Arrays.stream(loads).min().orElseThrow();
            assertTrue(max <= total / parts + longest, parts + " partitions: " + Arrays.toString(loads));
            assertTrue(max - min <= longest, parts + " partitions differ by at most the longest series: " + Arrays.toString(loads));
            long[] hashed = new long[parts];
            cost.forEach((id, c) -> hashed[Math.floorMod(id.hashCode(), parts)] += c);
            assertTrue(max < Arrays.stream(hashed).max().orElseThrow(), parts + " partitions: by cost " + Arrays.toString(loads) + ", by hash " + Arrays.toString(hashed));
            assertEquals(p, SeriesPartitions.assign(new TreeMap<>(cost), parts), "the same assignment from another map order");
        }
    }

    /** The forecast job puts each series in the partition the assignment gives (its output rows keep the partitioning). */
    @Test void theForecastJobDealsSeriesByCost() {
        Map<String, double[]> series = SequoiaSparkForecastTest.series();   // 48, 60, 72 and 55 points
        Dataset<Row> out = SequoiaSpark.forecast(SequoiaSparkForecastTest.frame(series, List.of()), "unique_id", "ds", "y",
                ForecastSpec.of(3, io.sequoia.timeseries.ModelKind.DRIFT), 2);
        Map<String, Integer> seen = new HashMap<>();
        for (Row row : out.select(col("id"), spark_partition_id()).collectAsList()) seen.put(row.getString(0), row.getInt(1));
        Map<String, Long> points = new HashMap<>();
        series.forEach((id, y) -> points.put(id, (long) y.length));
        Map<String, Integer> expected = SeriesPartitions.assign(points, 2);
        assertEquals(expected, seen);
        assertArrayEquals(new long[]{72 + 48, 60 + 55}, SeriesPartitions.loads(points, expected, 2));
    }
}
