package io.sequoia.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What every GEMM speed measurement shares (the {@code sequoia bench gemm} command and the
 * side-by-side run against OpenBLAS in {@code sequoia-bench}): the benchmarked shapes, random
 * operands, a warm-up that lets C2 compile the kernels, and timed repetitions. One definition, so
 * the two tables measure the same thing.
 */
public final class GemmBenchmark {
    private GemmBenchmark() {}

    /** One product: op(A) m×k times op(B) k×n. */
    public record Shape(String name, boolean transA, boolean transB, int m, int n, int k) {
        /** Floating-point operations of one product. */
        public double flops() { return 2.0 * m * n * k; }
        public int lda() { return transA ? m : k; }
        public int ldb() { return transB ? k : n; }
    }

    /**
     * Shapes by name: {@code squares} (256..2048), {@code lstm} (the LSTM products (B×2H)·(2H×4H) for
     * B ∈ {32, 64, 128}, H ∈ {128, 256, 512} in the forward form AB and the backward forms AtB and ABt),
     * {@code N} (a square), {@code MxNxK[:NN|TN|NT|TT]}, {@code lstm:B:H[:AB|AtB|ABt]}.
     */
    public static List<Shape> parse(String tok) {
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
        } else if (low.matches("lstm:\\d+:\\d+(:\\w+)?")) {
            String[] p = tok.split(":");
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
            throw Errors.arg("GemmBenchmark.parse", "unknown shape", "squares, lstm, N, MxNxK[:NT], lstm:B:H[:AB|AtB|ABt]", tok, null);
        }
        return out;
    }

    public static Shape square(int n) { return new Shape("square " + n, false, false, n, n, n); }

    /** X (B×2H) and W (2H×4H): AB = X·W, AtB = Xᵀ·dG (2H×4H over B), ABt = dG·Wᵀ (B×2H over 4H). */
    public static Shape lstm(int bt, int h, String form) {
        String name = "lstm B=" + bt + " H=" + h + " " + form;
        switch (form) {
            case "AB": return new Shape(name, false, false, bt, 4 * h, 2 * h);
            case "AtB": return new Shape(name, true, false, 2 * h, 4 * h, bt);
            case "ABt": return new Shape(name, false, true, bt, 2 * h, 4 * h);
            default: throw Errors.arg("GemmBenchmark.lstm", "unknown LSTM form", "AB, AtB or ABt", form, null);
        }
    }

    /** Operands A (m·k), B (k·n) and C (m·n) filled from a seeded U(−1, 1). */
    public static float[][] operands(Shape s, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[s.m() * s.k()], b = new float[s.k() * s.n()], c = new float[s.m() * s.n()];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
        return new float[][]{a, b, c};
    }

    /**
     * Runs {@code call} for at least one second and until its time per call is stable (C2 must have
     * compiled the kernels; at most 6 s) and returns how many
     * calls make one repetition of at least {@code repNanos}.
     */
    public static int warm(Runnable call, long repNanos) {
        long start = System.nanoTime();
        double perCall = Double.NaN, best = Double.MAX_VALUE;
        int stable = 0;
        // at least 1 s, then until three 50 ms windows in a row are within 5 % of the best one (the
        // JIT has finished: under load C2's queue can take seconds), at most 6 s
        do {
            long t = System.nanoTime();
            int calls = 0;
            do {
                call.run();
                calls++;
            } while (System.nanoTime() - t < 50_000_000L);
            perCall = (System.nanoTime() - t) / (double) calls;
            stable = perCall <= best * 1.05 ? stable + 1 : 0;
            best = Math.min(best, perCall);
        } while (System.nanoTime() - start < 1_000_000_000L
                || (stable < 3 && System.nanoTime() - start < 6_000_000_000L));
        return (int) Math.max(1, Math.ceil(repNanos / perCall));
    }

    /** Nanoseconds of {@code inner} calls. */
    public static long time(Runnable call, int inner) {
        long start = System.nanoTime();
        for (int i = 0; i < inner; i++) call.run();
        return System.nanoTime() - start;
    }

    /** The median of {@code values}. */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Median GFLOP/s of {@link Gemm#sgemm} over {@code reps} repetitions of at least {@code repNanos} each. */
    public static double sgemmGflops(Shape s, int reps, long repNanos) {
        float[][] abc = operands(s, 42);
        Runnable call = () -> Gemm.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, abc[0], 0, s.lda(), abc[1], 0, s.ldb(), 0f, abc[2], 0, s.n());
        int inner = warm(call, repNanos);
        double[] g = new double[reps];
        for (int r = 0; r < reps; r++) g[r] = s.flops() * inner / time(call, inner);
        return median(g);
    }
}
