package io.sequoia.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the side-by-side step benchmarks share: one child JVM per (library, shape, threads) running
 * {@link StepChild}, with each library's thread settings, the JSON fields of its answer, the load
 * average and the {@code --name value} options.
 * libtorch runs offline from the {@code pytorch-native-cpu} jar: {@code PYTORCH_FLAVOR=cpu},
 * {@code -Dai.djl.offline=true}, and {@code PYTORCH_VERSION}/{@code PYTORCH_LIBRARY_PATH} removed
 * from the child's environment. Threads: {@code OMP_NUM_THREADS} for everyone,
 * {@code -Dai.djl.pytorch.num_threads} for libtorch, {@code Parallel.setThreads} for Sequoia.
 * {@code SEQUOIA_BENCH_ISA=avx2} in the environment measures an AVX2 machine on an AVX-512 one:
 * Sequoia's child runs with {@code -XX:UseAVX=2} (256-bit vectors), libtorch's with
 * {@code ATEN_CPU_CAPABILITY=avx2}, {@code MKL_ENABLE_INSTRUCTIONS=AVX2}, {@code DNNL_MAX_CPU_ISA=AVX2}.
 * {@code SEQUOIA_BENCH_CHILD_OPTS} adds JVM options to every child (both libraries), e.g. a collector.
 * Sequoia's child also gets the launcher's collector settings ({@link #launcherDefaults}) unless those options
 * name a collector.
 */
public final class Versus {
    private Versus() { }

    /**
     * One child's result for one mode; after {@link #runRounds} the median over the rounds, with each
     * round's ms in {@code roundMs} (in round order; null for a single child).
     */
    public record Result(String lib, String shape, int threads, String mode, double ms, double samplesPerS,
                         int reps, long rssKb, String load, double[] roundMs, double allocMb) {
        Result(String lib, String shape, int threads, String mode, double ms, double samplesPerS, int reps, long rssKb,
               String load, double allocMb) {
            this(lib, shape, threads, mode, ms, samplesPerS, reps, rssKb, load, null, allocMb);
        }
    }

    /**
     * Every library of {@code libs} on one (shape, threads), {@code rounds} times, the libraries' order
     * reversed every other round; per (library, mode) the round with the median time stands for it
     * (its samples/s, load), with the largest peak RSS and every round's time kept for the ratios'
     * range. Rounds matter on a machine whose speed drifts over seconds (see {@code GemmVersusOpenBlas}).
     */
    public static List<Result> runRounds(List<String> libs, Map<String, String> subjects, String shape, int threads,
                                         String[] timing, int rounds) throws IOException, InterruptedException {
        Map<String, List<Result>> byKey = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(libs);
            if (round % 2 == 1) java.util.Collections.reverse(order);
            for (String lib : order) {
                for (Result r : runChild(lib, subjects.get(lib), shape, threads, timing)) {
                    byKey.computeIfAbsent(lib + "|" + r.mode(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<Result> out = new ArrayList<>();
        for (List<Result> rs : byKey.values()) {
            if (rs.size() != rounds) continue;           // a round failed: no median to stand for the library
            double[] ms = rs.stream().mapToDouble(Result::ms).toArray();
            List<Result> sorted = new ArrayList<>(rs);
            sorted.sort(java.util.Comparator.comparingDouble(Result::ms));
            Result med = sorted.get(rounds / 2);
            long rss = rs.stream().mapToLong(Result::rssKb).max().orElse(0);
            int reps = rs.stream().mapToInt(Result::reps).sum();
            double alloc = rs.stream().mapToDouble(Result::allocMb).max().orElse(0);   // a boxed round shows
            out.add(new Result(med.lib(), med.shape(), med.threads(), med.mode(), med.ms(), med.samplesPerS(), reps, rss,
                    med.load(), ms, alloc));
        }
        return out;
    }

    /** The {@code --rounds} count (default 1). */
    public static int rounds(Map<String, String> opt) {
        int r = Integer.parseInt(opt.getOrDefault("rounds", "1"));
        if (r < 1) throw new IllegalArgumentException("--rounds: expected >= 1, got " + r);
        return r;
    }

    /** Whether {@code cls} loads (the peers are missing without {@code -Ppeers}). */
    public static boolean onClassPath(String cls) {
        try {
            Class.forName(cls, false, Versus.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The libraries of {@code wanted} whose subject classes are on the class path; notes the others on stderr. */
    public static List<String> present(Map<String, String> subjects, String wanted) {
        List<String> present = new ArrayList<>();
        for (String lib : wanted.split(",")) {
            String cls = subjects.get(lib.trim());
            if (cls == null) {
                throw new IllegalArgumentException("--libs: unknown library; expected one of "
                        + subjects.keySet() + ", got '" + lib + "'");
            }
            if (onClassPath(cls)) {
                present.add(lib.trim());
            } else {
                System.err.println("# skipping " + lib + ": " + cls + " is not on the class path (build with -Ppeers)");
            }
        }
        return present;
    }

    /** Runs one {@link StepChild} JVM and returns its results, one per mode (empty if it failed). */
    public static List<Result> runChild(String lib, String subjectClass, String shape, int threads, String[] timing)
            throws IOException, InterruptedException {
        String load = loadAverage();
        System.err.printf(Locale.ROOT, "# %-8s %-18s threads=%d load=%s isa=%s child opts=[%s]%n", lib, shape, threads, load,
                System.getenv().getOrDefault("SEQUOIA_BENCH_ISA", "native"), System.getenv().getOrDefault("SEQUOIA_BENCH_CHILD_OPTS", ""));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        // JVM options for every child, whichever library (e.g. "-XX:+UseSerialGC -Xms32m": the peak RSS of a
        // JVM is mostly its collector's heap sizing, so both libraries' children get the same collector)
        String childOpts = System.getenv().getOrDefault("SEQUOIA_BENCH_CHILD_OPTS", "").trim();
        if (!childOpts.isEmpty()) cmd.addAll(List.of(childOpts.split("\\s+")));
        boolean avx2 = "avx2".equalsIgnoreCase(System.getenv("SEQUOIA_BENCH_ISA"));
        if (lib.equals("sequoia")) {
            cmd.add("--add-modules=jdk.incubator.vector");
            cmd.addAll(launcherDefaults(childOpts, Runtime.getRuntime().availableProcessors()));
            if (avx2) cmd.add("-XX:UseAVX=2");        // C2 emits AVX2 only: 256-bit SPECIES_PREFERRED
        }
        if (lib.equals("libtorch")) {
            cmd.add("-Dai.djl.offline=true");
            cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
            cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StepChild.class.getName(),
                subjectClass, shape, Integer.toString(threads)));
        cmd.addAll(List.of(timing));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("PYTORCH_FLAVOR", "cpu");
        pb.environment().remove("PYTORCH_VERSION");
        pb.environment().remove("PYTORCH_LIBRARY_PATH");
        if (avx2) {
            // an AVX2 machine on an AVX-512 one: ATen's kernels, MKL's and oneDNN's dispatch capped at AVX2
            pb.environment().put("ATEN_CPU_CAPABILITY", "avx2");
            pb.environment().put("MKL_ENABLE_INSTRUCTIONS", "AVX2");
            pb.environment().put("DNNL_MAX_CPU_ISA", "AVX2");
            pb.environment().put("OPENBLAS_CORETYPE", "Haswell");
        }
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        List<Result> results = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    results.add(new Result(lib, shape, threads, field(line, "mode"),
                            Double.parseDouble(field(line, "ms_per_step")), Double.parseDouble(field(line, "samples_per_s")),
                            Integer.parseInt(field(line, "reps")), Long.parseLong(field(line, "vm_hwm_kb")), load,
                            Double.parseDouble(field(line, "alloc_mb_per_step"))));
                } else {
                    System.err.println("  " + line);
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            System.err.println("# " + lib + " " + shape + " threads=" + threads + " failed, exit " + rc);
        }
        return results;
    }

    /**
     * The collector settings the {@code sequoia} launcher gives Sequoia's JVM, so that its benchmark child runs as
     * the command line does: the parallel collector with a young generation of 64 MB per core (128 MB–1 GB). None when
     * {@code childOpts} (SEQUOIA_BENCH_CHILD_OPTS, given to both libraries) names a collector: e.g.
     * {@code -XX:+UseG1GC} measures both under the JVM's default collector.
     */
    static List<String> launcherDefaults(String childOpts, int cores) {
        if (childOpts.matches(".*-XX:\\+Use\\w*GC.*")) return List.of();
        int young = Math.max(128, Math.min(1024, 64 * cores));
        return List.of("-XX:+UseParallelGC", "-Xmn" + young + "m");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("Versus: child output lacks '" + name + "' (" + json + ")");
        }
        return m.group(1);
    }

    /** The result of (lib, shape, threads, mode), or null. */
    public static Result find(List<Result> rs, String lib, String shape, int n, String mode) {
        for (Result r : rs) {
            if (r.lib().equals(lib) && r.shape().equals(shape) && r.threads() == n && r.mode().equals(mode)) {
                return r;
            }
        }
        return null;
    }

    /** The 1-minute load average from /proc/loadavg, or "?" where it is missing. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** {@code --name value} pairs. */
    public static Map<String, String> parse(String who, String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < args.length; k++) {
            if (!args[k].startsWith("--") || k + 1 >= args.length) {
                throw new IllegalArgumentException(who + ": options are --name value pairs; got '" + args[k] + "'");
            }
            m.put(args[k].substring(2), args[++k]);
        }
        return m;
    }

    /** The {@code --threads} list (default 1,2). */
    public static List<Integer> threads(Map<String, String> opt) {
        List<Integer> threads = new ArrayList<>();
        for (String t : opt.getOrDefault("threads", "1,2").split(",")) {
            threads.add(Integer.parseInt(t.trim()));
        }
        return threads;
    }

    /** The child's timing arguments from {@code --warmup --measure --min-reps --max-reps}. */
    public static String[] timing(Map<String, String> opt) {
        return new String[] {opt.getOrDefault("warmup", "1.5"), opt.getOrDefault("measure", "5"),
                opt.getOrDefault("min-reps", "5"), opt.getOrDefault("max-reps", "25")};
    }

    /** The Markdown table: one line per (shape, library, threads); ratios are time / libtorch's time. */
    public static String table(String shapeHeader, List<Result> rs, List<String> libs, List<String> shapes,
                               List<Integer> threads) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(shapeHeader).append(" | library | threads | train ms | train samples/s | train ×libtorch "
                + "| infer ms | infer samples/s | infer ×libtorch | peak RSS MB | heap MB/step train, infer | load |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String s : shapes) {
            for (int n : threads) {
                for (String lib : libs) {
                    sb.append(row(rs, lib, s, n));
                }
            }
        }
        return sb.toString();
    }

    private static String row(List<Result> rs, String lib, String s, int n) {
        Result tr = find(rs, lib, s, n, "train");
        Result in = find(rs, lib, s, n, "infer");
        if (tr == null && in == null) {
            return String.format(Locale.ROOT, "| %s | %s | %d | failed | | | | | | | | |%n", s, lib, n);
        }
        Result any = in != null ? in : tr;
        return String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %s, %s | %s |%n",
                s, lib, n, ms(tr), sps(tr), ratio(tr, find(rs, "libtorch", s, n, "train")),
                ms(in), sps(in), ratio(in, find(rs, "libtorch", s, n, "infer")), any.rssKb() / 1024,
                alloc(tr), alloc(in), any.load());
    }

    private static String alloc(Result r) { return r == null ? "–" : String.format(Locale.ROOT, "%.2f", r.allocMb()); }

    private static String ms(Result r) { return r == null ? "–" : String.format(Locale.ROOT, "%.2f", r.ms()); }

    private static String sps(Result r) { return r == null ? "–" : String.format(Locale.ROOT, "%.0f", r.samplesPerS()); }

    /** time / libtorch's time; after several rounds also the range of the rounds' own ratios. */
    private static String ratio(Result r, Result torch) {
        if (r == null || torch == null) return "–";
        String median = String.format(Locale.ROOT, "%.2f", r.ms() / torch.ms());
        if (r.roundMs() == null || torch.roundMs() == null || r.roundMs().length < 2
                || r.roundMs().length != torch.roundMs().length) {
            return median;
        }
        double lo = Double.MAX_VALUE, hi = 0;
        for (int i = 0; i < r.roundMs().length; i++) {
            double q = r.roundMs()[i] / torch.roundMs()[i];
            lo = Math.min(lo, q);
            hi = Math.max(hi, q);
        }
        return String.format(Locale.ROOT, "%s (%.2f–%.2f)", median, lo, hi);
    }
}
