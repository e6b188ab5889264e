package io.sequoia.cli.bench;

import io.sequoia.tensor.Gemm;
import io.sequoia.tensor.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sequoia bench gemm}: GFLOP/s of {@code Gemm.sgemm} per shape (median of several timed
 * repetitions after a warm-up). Default shapes: squares 256..2048 and the LSTM shapes
 * (B×2H)·(2H×4H) for B ∈ {32,64,128}, H ∈ {128,256,512} in the forward form (AB) and the two
 * backward forms (AᵀB: weight gradient, ABᵀ: input gradient).
 */
@Command(name = "gemm", mixinStandardHelpOptions = true, description = "GFLOP/s of the GEMM kernel per shape.")
public final class GemmBench implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", description = "Threads of the Sequoia pool (default: cores = ${DEFAULT-VALUE}).")
    int threads = Parallel.threads();

    @Option(names = "--json", description = "One JSON object per line instead of a table.")
    boolean json;

    @Option(names = "--shapes", split = ",", paramLabel = "SHAPE",
            description = "Comma-separated: squares, lstm, N (square), MxNxK[:NN|TN|NT|TT], lstm:B:H[:AB|AtB|ABt]. Default: squares,lstm.")
    List<String> shapes = List.of("squares", "lstm");

    @Option(names = "--reps", description = "Timed repetitions per shape; the median is reported (default ${DEFAULT-VALUE}).")
    int reps = 7;

    @Option(names = "--min-time-ms", description = "Minimum duration of one repetition in ms (default ${DEFAULT-VALUE}).")
    int minTimeMs = 60;

    /** One benchmarked product. */
    record Shape(String name, boolean transA, boolean transB, int m, int n, int k) {}

    @Override public void run() {
        if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(),
                "--threads: must be positive; expected >= 1, got " + threads);
        if (reps < 1) throw new CommandLine.ParameterException(spec.commandLine(),
                "--reps: must be positive; expected >= 1, got " + reps);
        List<Shape> list = new ArrayList<>();
        for (String s : shapes) list.addAll(parse(s.trim()));
        Parallel.setThreads(threads);
        var out = spec.commandLine().getOut();
        if (!json) {
            out.printf("kernel: %s, threads: %d, median of %d reps%n", Gemm.kernelName(), threads, reps);
            out.printf("%-26s %6s %6s %6s %10s%n", "shape", "m", "n", "k", "GFLOP/s");
        }
        for (Shape s : list) {
            double g = measure(s, reps, minTimeMs * 1_000_000L);
            if (json) {
                out.printf(Locale.ROOT, "{\"shape\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"transA\":%b,\"transB\":%b,"
                                + "\"threads\":%d,\"kernel\":\"%s\",\"gflops\":%.1f}%n",
                        s.name, s.m, s.n, s.k, s.transA, s.transB, threads, Gemm.kernelName(), g);
            } else {
                out.printf(Locale.ROOT, "%-26s %6d %6d %6d %10.1f%n", s.name, s.m, s.n, s.k, g);
            }
            out.flush();
        }
    }

    /** Median GFLOP/s of {@code reps} timed repetitions, each at least {@code minNanos} long. */
    public static double measure(Shape s, int reps, long minNanos) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = new float[s.m * s.k], b = new float[s.k * s.n], c = new float[s.m * s.n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
        int lda = s.transA ? s.m : s.k, ldb = s.transB ? s.k : s.n;
        Runnable call = () -> Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.n);
        // warm-up: at least 1 s (C2 must compile the kernels); the last 50 ms batch sizes the reps
        long end = System.nanoTime() + 1_000_000_000L;
        double perCall;
        do {
            long t = System.nanoTime();
            int calls = 0;
            do {
                call.run();
                calls++;
            } while (System.nanoTime() - t < 50_000_000L);
            perCall = (System.nanoTime() - t) / (double) calls;
        } while (System.nanoTime() < end);
        int inner = (int) Math.max(1, Math.ceil(minNanos / perCall));
        double[] g = new double[reps];
        for (int r = 0; r < reps; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < inner; i++) call.run();
            long dt = System.nanoTime() - start;
            g[r] = 2.0 * s.m * s.n * s.k * inner / dt;
        }
        Arrays.sort(g);
        return g[reps / 2];
    }

    static List<Shape> parse(String tok) {
        List<Shape> out = new ArrayList<>();
        String low = tok.toLowerCase(Locale.ROOT);
        if (low.equals("squares")) {
            for (int n : new int[] {256, 512, 1024, 2048}) out.add(square(n));
        } else if (low.equals("lstm")) {
            for (int h : new int[] {128, 256, 512}) {
                for (int bt : new int[] {32, 64, 128}) {
                    for (String f : new String[] {"AB", "AtB", "ABt"}) out.add(lstm(bt, h, f));
                }
            }
        } else if (low.startsWith("lstm:")) {
            String[] p = tok.split(":");
            if (p.length < 3) throw new IllegalArgumentException("--shapes: bad LSTM shape; expected lstm:B:H[:AB|AtB|ABt], got " + tok);
            int bt = Integer.parseInt(p[1]), h = Integer.parseInt(p[2]);
            if (p.length > 3) out.add(lstm(bt, h, p[3]));
            else for (String f : new String[] {"AB", "AtB", "ABt"}) out.add(lstm(bt, h, f));
        } else if (low.matches("\\d+")) {
            out.add(square(Integer.parseInt(low)));
        } else if (low.matches("\\d+x\\d+x\\d+(:[nt][nt])?")) {
            String[] p = low.split(":");
            String[] d = p[0].split("x");
            boolean ta = p.length > 1 && p[1].charAt(0) == 't', tb = p.length > 1 && p[1].charAt(1) == 't';
            out.add(new Shape(tok, ta, tb, Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2])));
        } else {
            throw new IllegalArgumentException("--shapes: unknown shape; expected squares, lstm, N, MxNxK[:NT], lstm:B:H[:form], got " + tok);
        }
        return out;
    }

    static Shape square(int n) {
        return new Shape("square " + n, false, false, n, n, n);
    }

    /** X (B×2H) and W (2H×4H): AB = X·W, AtB = Xᵀ·dG (2H×4H over B), ABt = dG·Wᵀ (B×2H over 4H). */
    static Shape lstm(int bt, int h, String form) {
        String name = "lstm B=" + bt + " H=" + h + " " + form;
        switch (form) {
            case "AB": return new Shape(name, false, false, bt, 4 * h, 2 * h);
            case "AtB": return new Shape(name, true, false, 2 * h, 4 * h, bt);
            case "ABt": return new Shape(name, false, true, bt, 2 * h, 4 * h);
            default: throw new IllegalArgumentException("--shapes: unknown LSTM form; expected AB, AtB or ABt, got " + form);
        }
    }
}
