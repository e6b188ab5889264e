package io.sequoia.cli.bench;

import java.util.Arrays;

/**
 * Times a training or inference step the way every {@code sequoia bench} step command does: run it
 * for a warm-up time, then {@code reps} timed repetitions; the median and the fastest step in ms and
 * the bytes allocated per step (HotSpot's per-thread allocation counters, all threads).
 */
record StepTiming(double medianMs, double minMs, double allocMbPerStep) {
    static StepTiming of(Runnable step, int warmupMs, int reps) {
        long end = System.nanoTime() + warmupMs * 1_000_000L;
        do {
            step.run();
        } while (System.nanoTime() < end);
        double[] ms = new double[reps];
        long alloc0 = allocatedBytes();
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            step.run();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        double mb = (allocatedBytes() - alloc0) / 1e6 / reps;
        Arrays.sort(ms);
        return new StepTiming(ms[reps / 2], ms[0], mb);
    }

    /** Bytes allocated so far by all live threads (HotSpot's per-thread counters). */
    static long allocatedBytes() {
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long b : bean.getThreadAllocatedBytes(bean.getAllThreadIds())) if (b > 0) total += b;
        return total;
    }
}
