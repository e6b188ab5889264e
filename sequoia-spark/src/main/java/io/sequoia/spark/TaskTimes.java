package io.sequoia.spark;

import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tasks' own account of a job, from Spark's task metrics: how many tasks ended, the sum of their
 * run times and the sum of their executor threads' CPU times. CPU time over wall time is the number of
 * cores the job really used, whatever else ran on the machine: on a shared machine a second core
 * only shows in wall time when the scheduler gives the process more CPU, and this tells the two apart.
 */
public final class TaskTimes extends SparkListener {
    private final AtomicLong tasks = new AtomicLong(), runMs = new AtomicLong(), cpuNs = new AtomicLong(), gcMs = new AtomicLong(), maxRunMs = new AtomicLong(), maxCpuNs = new AtomicLong();

    /** A listener added to {@code s}'s context; it counts the tasks that end from now on. */
    public static TaskTimes listen(SparkSession s) {
        TaskTimes t = new TaskTimes();
        s.sparkContext().addSparkListener(t);
        return t;
    }

    @Override public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics m = end.taskMetrics();
        if (m == null) return;
        tasks.incrementAndGet();
        runMs.addAndGet(m.executorRunTime());
        maxRunMs.accumulateAndGet(m.executorRunTime(), Math::max);
        cpuNs.addAndGet(m.executorCpuTime());
        maxCpuNs.accumulateAndGet(m.executorCpuTime(), Math::max);
        gcMs.addAndGet(m.jvmGCTime());
    }

    /** Waits (up to 10 s) until Spark's listener bus has delivered the events of the jobs run so far. */
    public static void settle(SparkSession s) {
        try {
            s.sparkContext().listenerBus().waitUntilEmpty(10_000L);
        } catch (java.util.concurrent.TimeoutException e) {
            // the figures then miss the last tasks; they are a report, not a result
        }
    }

    public long tasks() { return tasks.get(); }
    public double runSeconds() { return runMs.get() / 1e3; }
    public double cpuSeconds() { return cpuNs.get() / 1e9; }
    public double gcSeconds() { return gcMs.get() / 1e3; }
    /** The longest task's run time: the job cannot end sooner than that, however many slots it has. */
    public double longestTaskSeconds() { return maxRunMs.get() / 1e3; }
    /** The largest CPU time of one task: its work, whatever the machine's load made of its run time. */
    public double largestTaskCpuSeconds() { return maxCpuNs.get() / 1e9; }

    /** One line: tasks, summed run and CPU time, and the cores used over {@code wallSeconds}. */
    public String summary(double wallSeconds) {
        return String.format(Locale.ROOT, "tasks %d: run time %.1f s, CPU time %.1f s, GC %.1f s summed, longest task %.1f s (largest task CPU %.1f s); %.2f cores busy over %.1f s wall (CPU / wall)",
                tasks(), runSeconds(), cpuSeconds(), gcSeconds(), longestTaskSeconds(), largestTaskCpuSeconds(), cpuSeconds() / Math.max(1e-9, wallSeconds), wallSeconds);
    }
}
