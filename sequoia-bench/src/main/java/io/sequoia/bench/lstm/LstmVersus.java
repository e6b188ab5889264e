package io.sequoia.bench.lstm;

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
 * The side-by-side LSTM speed table: Sequoia, libtorch (through DJL) and Deeplearning4j on the grid
 * of {@link LstmShape#GRID}, train and infer, 1 and 2 threads, in one run. Each (library, threads,
 * row) is measured in its own JVM ({@link LstmChild}) so that peak RSS belongs to one library and one
 * row, and no library's thread pools or JIT state leak into another's numbers.
 *
 * <pre>
 * mvn -q -pl sequoia-bench -am -Ppeers package -DskipTests
 * java -cp 'sequoia-bench/target/classes:sequoia-bench/target/peers-lib/*' io.sequoia.bench.lstm.LstmVersus
 *     [--libs sequoia,libtorch,dl4j] [--threads 1,2] [--rows 1,2,3,4 | --shape B,T,I,H,L]
 *     [--warmup SECONDS] [--measure SECONDS] [--min-reps N] [--max-reps N] [--raw FILE]
 * </pre>
 * A library whose classes are not on the class path (the peers without {@code -Ppeers}, Sequoia
 * before its LSTM exists) is skipped with a note. libtorch runs offline from the
 * {@code pytorch-native-cpu} jar: {@code PYTORCH_FLAVOR=cpu}, {@code -Dai.djl.offline=true}, and
 * {@code PYTORCH_VERSION}/{@code PYTORCH_LIBRARY_PATH} removed from the child's environment.
 * Threads: {@code OMP_NUM_THREADS} for everyone, {@code -Dai.djl.pytorch.num_threads} for libtorch,
 * {@code Parallel.setThreads} for Sequoia.
 */
public final class LstmVersus {
    private LstmVersus() { }

    /** The libraries, by table name, with their {@link LstmSubject} classes. */
    static final Map<String, String> SUBJECTS = new LinkedHashMap<>();
    static {
        SUBJECTS.put("sequoia", "io.sequoia.bench.lstm.SequoiaLstm");
        SUBJECTS.put("libtorch", "io.sequoia.bench.lstm.TorchLstm");
        SUBJECTS.put("dl4j", "io.sequoia.bench.lstm.Dl4jLstm");
    }

    /** One child's result for one mode. */
    record Result(String lib, LstmShape shape, int threads, String mode, double ms, double samplesPerS,
                  int reps, long rssKb, String load) { }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        List<String> libs = List.of(opt.getOrDefault("libs", "sequoia,libtorch,dl4j").split(","));
        List<Integer> threads = new ArrayList<>();
        for (String t : opt.getOrDefault("threads", "1,2").split(",")) {
            threads.add(Integer.parseInt(t.trim()));
        }
        List<LstmShape> shapes = new ArrayList<>();
        if (opt.containsKey("shape")) {
            shapes.add(LstmShape.parse(opt.get("shape")));
        } else {
            for (String r : opt.getOrDefault("rows", "1,2,3,4").split(",")) {
                shapes.add(LstmShape.GRID.get(Integer.parseInt(r.trim()) - 1));
            }
        }
        String[] timing = {opt.getOrDefault("warmup", "1.5"), opt.getOrDefault("measure", "5"),
                opt.getOrDefault("min-reps", "5"), opt.getOrDefault("max-reps", "25")};

        List<String> present = new ArrayList<>();
        for (String lib : libs) {
            String cls = SUBJECTS.get(lib.trim());
            if (cls == null) {
                throw new IllegalArgumentException("LstmVersus: unknown library; expected one of "
                        + SUBJECTS.keySet() + ", got '" + lib + "'");
            }
            if (onClassPath(cls)) {
                present.add(lib.trim());
            } else {
                System.err.println("# skipping " + lib + ": " + cls + " is not on the class path"
                        + (lib.equals("sequoia") ? " (no io.sequoia.nn.recurrent.LSTM yet)" : " (build with -Ppeers)"));
            }
        }

        List<Result> results = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        for (LstmShape shape : shapes) {
            for (int n : threads) {
                for (String lib : present) {
                    String load = loadAverage();
                    System.err.printf(Locale.ROOT, "# %-8s %-18s threads=%d load=%s%n", lib, shape.key(), n, load);
                    for (String line : runChild(lib, shape, n, timing)) {
                        raw.append(line).append('\n');
                        results.add(toResult(lib, shape, n, line, load));
                    }
                }
            }
        }
        if (opt.containsKey("raw")) {
            Files.writeString(Path.of(opt.get("raw")), raw.toString());
        }
        System.out.println(table(results, present, shapes, threads));
    }

    private static boolean onClassPath(String cls) {
        try {
            Class.forName(cls, false, LstmVersus.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Runs one child JVM and returns its JSON lines (an empty list if it failed). */
    static List<String> runChild(String lib, LstmShape shape, int threads, String[] timing)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        if (lib.equals("sequoia")) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        if (lib.equals("libtorch")) {
            cmd.add("-Dai.djl.offline=true");
            cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
            cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LstmChild.class.getName(),
                SUBJECTS.get(lib), shape.key(), Integer.toString(threads)));
        cmd.addAll(List.of(timing));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("PYTORCH_FLAVOR", "cpu");
        pb.environment().remove("PYTORCH_VERSION");
        pb.environment().remove("PYTORCH_LIBRARY_PATH");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    lines.add(line);
                } else {
                    System.err.println("  " + line);
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            System.err.println("# " + lib + " " + shape.key() + " threads=" + threads + " failed, exit " + rc);
        }
        return lines;
    }

    private static Result toResult(String lib, LstmShape shape, int threads, String json, String load) {
        return new Result(lib, shape, threads, field(json, "mode"), Double.parseDouble(field(json, "ms_per_step")),
                Double.parseDouble(field(json, "samples_per_s")), Integer.parseInt(field(json, "reps")),
                Long.parseLong(field(json, "vm_hwm_kb")), load);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("LstmVersus: child output lacks '" + name + "' (" + json + ")");
        }
        return m.group(1);
    }

    /** The Markdown table: one line per (row, library, threads); ratios are time / libtorch's time. */
    static String table(List<Result> rs, List<String> libs, List<LstmShape> shapes, List<Integer> threads) {
        StringBuilder sb = new StringBuilder();
        sb.append("| B,T,I,H,L | library | threads | train ms | train samples/s | train ×libtorch "
                + "| infer ms | infer samples/s | infer ×libtorch | peak RSS MB | load |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (LstmShape s : shapes) {
            for (int n : threads) {
                for (String lib : libs) {
                    Result tr = find(rs, lib, s, n, "train");
                    Result in = find(rs, lib, s, n, "infer");
                    if (tr == null && in == null) {
                        sb.append(String.format(Locale.ROOT, "| %s | %s | %d | failed | | | | | | | |%n", s.key(), lib, n));
                        continue;
                    }
                    Result any = in != null ? in : tr;
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                            s.key(), lib, n, ms(tr), sps(tr), ratio(tr, find(rs, "libtorch", s, n, "train")),
                            ms(in), sps(in), ratio(in, find(rs, "libtorch", s, n, "infer")),
                            any.rssKb() / 1024, any.load()));
                }
            }
        }
        return sb.toString();
    }

    private static Result find(List<Result> rs, String lib, LstmShape s, int n, String mode) {
        for (Result r : rs) {
            if (r.lib().equals(lib) && r.shape().equals(s) && r.threads() == n && r.mode().equals(mode)) {
                return r;
            }
        }
        return null;
    }

    private static String ms(Result r) { return r == null ? "–" : String.format(Locale.ROOT, "%.2f", r.ms()); }

    private static String sps(Result r) { return r == null ? "–" : String.format(Locale.ROOT, "%.0f", r.samplesPerS()); }

    private static String ratio(Result r, Result torch) {
        return r == null || torch == null ? "–" : String.format(Locale.ROOT, "%.2f", r.ms() / torch.ms());
    }

    /** The 1-minute load average from /proc/loadavg, or "?" where it is missing. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < args.length; k++) {
            if (!args[k].startsWith("--") || k + 1 >= args.length) {
                throw new IllegalArgumentException("LstmVersus: options are --name value pairs; got '" + args[k] + "'");
            }
            m.put(args[k].substring(2), args[++k]);
        }
        return m;
    }
}
