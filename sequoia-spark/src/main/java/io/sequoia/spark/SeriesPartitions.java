package io.sequoia.spark;

import io.sequoia.tensor.Errors;
import org.apache.spark.Partitioner;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Series dealt into partitions by their expected cost, not by a hash of their id: many-series forecasting is
 * CPU-bound and a series' fit costs roughly in proportion to its length, so hashing leaves some tasks with
 * more work than others and the job waits for the slowest slot. {@link #assign} is the longest-processing-time-first
 * greedy (LPT, Graham 1969): series in decreasing cost, each to the partition with the least cost so far; its
 * largest partition is at most 4/3 of the optimum (and at most the mean plus the longest series). Ties are
 * broken by id and by partition index, so the assignment, like the forecasts, does not depend on the input's
 * row order.
 */
public final class SeriesPartitions {
    private SeriesPartitions() {}

    /**
     * Partition of each series: {@code cost} (series id → expected cost, e.g. its number of points) dealt into
     * {@code partitions} partitions, largest cost first, each to the least-loaded partition (the lowest index among
     * equals); equal costs are taken in id order.
     */
    public static Map<String, Integer> assign(Map<String, Long> cost, int partitions) {
        if (partitions < 1) throw Errors.arg("SeriesPartitions.assign", "partitions must be at least 1", ">= 1", partitions, null);
        List<Map.Entry<String, Long>> order = new ArrayList<>(cost.entrySet());
        order.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        PriorityQueue<long[]> load = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));   // {load, index}
        for (int p = 0; p < partitions; p++) load.add(new long[]{0, p});
        Map<String, Integer> out = new HashMap<>(order.size() * 2);
        for (Map.Entry<String, Long> e : order) {
            long[] least = load.poll();
            out.put(e.getKey(), (int) least[1]);
            least[0] += Math.max(0, e.getValue());
            load.add(least);
        }
        return out;
    }

    /** Each partition's summed cost under {@code assignment} (for reports and tests). */
    public static long[] loads(Map<String, Long> cost, Map<String, Integer> assignment, int partitions) {
        long[] out = new long[partitions];
        cost.forEach((id, c) -> out[assignment.get(id)] += c);
        return out;
    }

    /** Spark's partitioner for an assignment (broadcast once); a key not in it (none is expected) falls back to a hash. */
    static final class ByAssignment extends Partitioner {
        private final Broadcast<Map<String, Integer>> assignment;
        private final int partitions;

        ByAssignment(Broadcast<Map<String, Integer>> assignment, int partitions) {
            this.assignment = assignment;
            this.partitions = partitions;
        }

        @Override public int numPartitions() { return partitions; }

        @Override public int getPartition(Object key) {
            Integer p = assignment.value().get((String) key);
            return p != null ? p : Math.floorMod(key.hashCode(), partitions);
        }
    }
}
