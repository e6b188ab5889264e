package io.sequoia.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures one library on one shape in this JVM and prints one JSON line per mode to stdout.
 * {@link Versus#runChild} starts one such process per (library, threads, shape), so peak RSS is per run.
 *
 * <pre>
 * java -cp ... io.sequoia.bench.StepChild SUBJECT_CLASS SHAPE THREADS [WARMUP_S MEASURE_S MIN_REPS MAX_REPS]
 * </pre>
 * Each mode warms up for at least {@code WARMUP_S} seconds (and 3 steps), then times steps until
 * {@code MEASURE_S} seconds have passed and {@code MIN_REPS} steps are done, or {@code MAX_REPS}
 * steps are done; the median is reported.
 */
public final class StepChild {
    private StepChild() { }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: StepChild SUBJECT_CLASS SHAPE THREADS [WARMUP_S MEASURE_S MIN_REPS MAX_REPS]");
            System.exit(2);
        }
        String shape = args[1];
        int batch = Integer.parseInt(shape.split(",")[0].trim());
        int threads = Integer.parseInt(args[2]);
        double warmupS = args.length > 3 ? Double.parseDouble(args[3]) : 1.5;
        double measureS = args.length > 4 ? Double.parseDouble(args[4]) : 5;
        int minReps = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        int maxReps = args.length > 6 ? Integer.parseInt(args[6]) : 25;
        try (StepSubject s = (StepSubject) Class.forName(args[0]).getDeclaredConstructor().newInstance()) {
            s.setup(shape, threads);
            for (String mode : new String[] {"train", "infer"}) {
                boolean train = mode.equals("train");
                Runnable step = train ? s::trainStep : s::inferStep;
                double sink = 0;
                long end = System.nanoTime() + (long) (warmupS * 1e9);
                for (int k = 0; k < 3 || System.nanoTime() < end; k++) {
                    sink += train ? s.trainStep() : s.inferStep();
                }
                List<Double> ms = new ArrayList<>();
                long bytes0 = allocatedBytes();
                end = System.nanoTime() + (long) (measureS * 1e9);
                while (ms.size() < maxReps && (ms.size() < minReps || System.nanoTime() < end)) {
                    long t0 = System.nanoTime();
                    step.run();
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
                double allocMb = (allocatedBytes() - bytes0) / 1e6 / ms.size();
                double med = median(ms);
                System.out.println(String.format(Locale.ROOT,
                        "{\"library\":\"%s\",\"shape\":\"%s\",\"threads\":%d,\"reported_threads\":%d,"
                                + "\"mode\":\"%s\",\"ms_per_step\":%.3f,\"samples_per_s\":%.1f,\"min_ms\":%.3f,"
                                + "\"reps\":%d,\"vm_hwm_kb\":%d,\"alloc_mb_per_step\":%.3f,\"check\":%s}",
                        s.name(), shape, threads, s.reportedThreads(), mode, med,
                        batch * 1000.0 / med, ms.stream().mapToDouble(d -> d).min().orElse(0),
                        ms.size(), peakRssKb(), allocMb, Double.isFinite(sink) ? "true" : "false"));
                System.out.flush();
            }
        }
        System.exit(0); // native thread pools (OpenMP, DL4J workspaces) may keep the JVM alive
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(d -> d).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    /**
     * Bytes allocated on the Java heap so far by the live threads of this JVM (the timing thread and
     * the library's workers): the tell of vector code that runs boxed (a Vector API kernel C2 did not
     * compile as intended allocates tens of MB per step). Native memory (libtorch's) is not counted.
     */
    static long allocatedBytes() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) if (b > 0) total += b;
        return total;
    }

    /** Peak resident set size of this process (VmHWM) in kB, or -1 where /proc is missing. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
