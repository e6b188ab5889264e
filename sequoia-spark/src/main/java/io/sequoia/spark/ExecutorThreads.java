package io.sequoia.spark;

import io.sequoia.tensor.Parallel;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * One layer of threads on executors: an executor runs several tasks at once (its task slots), and
 * each task would otherwise split Sequoia's kernels over the JVM's whole {@link Parallel} pool, so
 * the tasks' teams compete for the same cores. A task sets the pool to its share: the cores a task
 * is given ({@code spark.task.cpus}, 1 by default) on a cluster; in local mode {@code local[N]}, the
 * machine's cores divided by the N slots (at least 1). {@code spark.sequoia.threadsPerTask} overrides it.
 */
public final class ExecutorThreads {
    private ExecutorThreads() {}

    /** The override's configuration key. */
    public static final String KEY = "spark.sequoia.threadsPerTask";

    /** Threads per task for the context's master and configuration (computed on the driver). */
    public static int perTask(SparkContext sc) {
        SparkConf conf = sc.getConf();
        int cores = Runtime.getRuntime().availableProcessors();
        if (conf.contains(KEY)) return Math.max(1, Integer.parseInt(conf.get(KEY).trim()));
        int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
        String master = sc.master();
        if (master.startsWith("local")) {
            int slots = localSlots(master, cores);
            return Math.max(1, cores * taskCpus / Math.max(1, slots));
        }
        return taskCpus;
    }

    /** The task slots of a local master: {@code local} 1, {@code local[N]} or {@code local[N,F]} N, {@code local[*]} the cores. */
    static int localSlots(String master, int cores) {
        int open = master.indexOf('['), close = master.indexOf(']');
        if (open < 0 || close < open) return 1;
        String n = master.substring(open + 1, close).split(",")[0].trim();
        if (n.equals("*")) return cores;
        try {
            return Math.max(1, Integer.parseInt(n));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** On an executor, at the start of a task: the pool's threads set to {@code n} (the JVM's pool is shared by its tasks; they all set the same value). */
    public static void set(int n) {
        if (Parallel.threads() != n) Parallel.setThreads(n);
    }

    /** Puts the pool's thread count back when closed (on the driver, around a job: in local mode the executors are the driver's JVM). */
    public interface Restore extends AutoCloseable {
        @Override void close();
    }

    /** The pool's current thread count, restored by {@link Restore#close()}. */
    public static Restore remember() {
        int before = Parallel.threads();
        return () -> set(before);
    }
}
