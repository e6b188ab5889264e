package io.sequoia.bench;

import io.sequoia.tensor.Gemm;
import io.sequoia.tensor.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * Sequoia's {@code Gemm.sgemm} next to OpenBLAS's {@code cblas_sgemm} (JavaCPP presets) on the
 * same shapes, same thread count, in one run; prints a table. OpenBLAS works on native copies of
 * the same data (no per-call copying). Arguments: {@code [--threads N] [--reps R]
 * [--shapes squares,lstm,...]}. Set {@code OPENBLAS_CORETYPE} in the environment to choose
 * OpenBLAS's kernel (read when the library loads).
 */
public final class GemmVersusOpenBlas {
    private GemmVersusOpenBlas() {}

    /** One product: op(A) m×k times op(B) k×n. */
    record Shape(String name, boolean transA, boolean transB, int m, int n, int k) {}

    public static void main(String[] args) {
        int threads = Runtime.getRuntime().availableProcessors();
        int reps = 7;
        String shapeSpec = "squares,lstm";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--reps": reps = Integer.parseInt(args[++i]); break;
                case "--shapes": shapeSpec = args[++i]; break;
                default: throw new IllegalArgumentException(
                        "GemmVersusOpenBlas: unknown argument; expected --threads N, --reps R or --shapes LIST, got " + args[i]);
            }
        }
        List<Shape> shapes = new ArrayList<>();
        for (String s : shapeSpec.split(",")) shapes.addAll(parse(s.trim()));
        Parallel.setThreads(threads);
        openblas_nolapack.blas_set_num_threads(threads);
        System.out.printf("Sequoia kernel: %s | OpenBLAS threads %d, OPENBLAS_CORETYPE=%s"
                        + " (OPENBLAS_VERBOSE=2 prints the core it uses) | threads %d | median of %d reps%n",
                Gemm.kernelName(), openblas_nolapack.blas_get_num_threads(),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset (auto-detect)"), threads, reps);
        System.out.printf("%-24s %5s %5s %5s  %9s %9s  %8s %8s %7s%n", "shape", "m", "n", "k",
                "Sequoia", "OpenBLAS", "Seq %pk", "OB %pk", "Seq/OB");
        for (Shape s : shapes) {
            double[] g = measure(s, reps);
            System.out.printf(Locale.ROOT, "%-24s %5d %5d %5d  %9.1f %9.1f  %7.0f%% %7.0f%% %7.2f%n",
                    s.name, s.m, s.n, s.k, g[0], g[1], 100 * g[0] / (450.0 * threads / 2), 100 * g[1] / (450.0 * threads / 2),
                    g[0] / g[1]);
        }
        System.out.println("GFLOP/s; %pk = percent of the 450 GFLOP/s two-core peak (scaled by threads/2).");
    }

    /** {Sequoia GFLOP/s, OpenBLAS GFLOP/s}, interleaving reps of the two so drift hits both. */
    static double[] measure(Shape s, int reps) {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] a = new float[s.m * s.k], b = new float[s.k * s.n], c = new float[s.m * s.n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
        int lda = s.transA ? s.m : s.k, ldb = s.transB ? s.k : s.n;
        FloatPointer pa = new FloatPointer(a), pb = new FloatPointer(b), pc = new FloatPointer(c.length);
        int ta = s.transA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = s.transB ? openblas.CblasTrans : openblas.CblasNoTrans;
        Runnable seq = () -> Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.n);
        Runnable ob = () -> openblas.cblas_sgemm(openblas.CblasRowMajor, ta, tb, s.m, s.n, s.k, 1f, pa, lda, pb, ldb, 0f, pc, s.n);
        int innerSeq = warm(seq), innerOb = warm(ob);
        double[] gs = new double[reps], go = new double[reps];
        double flops = 2.0 * s.m * s.n * s.k;
        for (int r = 0; r < reps; r++) {
            gs[r] = flops * innerSeq / time(seq, innerSeq);
            go[r] = flops * innerOb / time(ob, innerOb);
        }
        // sanity: both computed the same product
        float[] check = new float[c.length];
        pc.get(check);
        double maxDiff = 0, scale = 1e-30;
        for (int i = 0; i < c.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(check[i] - c[i]));
            scale = Math.max(scale, Math.abs(check[i]));
        }
        if (maxDiff > 1e-3 * scale + 1e-4 * Math.sqrt(s.k)) {
            throw new IllegalStateException("GemmVersusOpenBlas: results differ for " + s.name + "; expected max |diff| small, got " + maxDiff);
        }
        pa.close();
        pb.close();
        pc.close();
        Arrays.sort(gs);
        Arrays.sort(go);
        return new double[] {gs[reps / 2], go[reps / 2]};
    }

    /** Warms up for at least 1 s and returns how many calls make one ~60 ms repetition. */
    static int warm(Runnable call) {
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
        return (int) Math.max(1, Math.ceil(60e6 / perCall));
    }

    static long time(Runnable call, int inner) {
        long start = System.nanoTime();
        for (int i = 0; i < inner; i++) call.run();
        return System.nanoTime() - start;
    }

    static List<Shape> parse(String tok) {
        List<Shape> out = new ArrayList<>();
        if (tok.equals("squares")) {
            for (int n : new int[] {256, 512, 1024, 2048}) out.add(new Shape("square " + n, false, false, n, n, n));
        } else if (tok.equals("lstm")) {
            for (int h : new int[] {128, 256, 512}) {
                for (int bt : new int[] {32, 64, 128}) {
                    String p = "lstm B=" + bt + " H=" + h + " ";
                    out.add(new Shape(p + "AB", false, false, bt, 4 * h, 2 * h));
                    out.add(new Shape(p + "AtB", true, false, 2 * h, 4 * h, bt));
                    out.add(new Shape(p + "ABt", false, true, bt, 2 * h, 4 * h));
                }
            }
        } else if (tok.matches("\\d+")) {
            int n = Integer.parseInt(tok);
            out.add(new Shape("square " + n, false, false, n, n, n));
        } else {
            throw new IllegalArgumentException("GemmVersusOpenBlas: unknown shape; expected squares, lstm or N, got " + tok);
        }
        return out;
    }
}
