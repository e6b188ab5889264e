package io.sequoia.bench;

import io.sequoia.tensor.Gemm;
import io.sequoia.tensor.GemmBenchmark;
import io.sequoia.tensor.GemmBenchmark.Shape;
import io.sequoia.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * Sequoia's {@code Gemm.sgemm} next to OpenBLAS's {@code cblas_sgemm} (JavaCPP presets) on the
 * same shapes, same thread count, in one run; prints a table. OpenBLAS works on native copies of
 * the same data (no per-call copying). Arguments: {@code [--threads N] [--reps R] [--rounds K]
 * [--shapes squares,lstm,...]}. Set {@code OPENBLAS_CORETYPE} in the environment to choose
 * OpenBLAS's kernel (read when the library loads).
 *
 * <p>Each shape is measured in {@code K} rounds (default 3); a round is one block of {@code R} reps
 * per library, the order of the two blocks alternating from round to round. The table gives each
 * library's median over all its reps, the median of the rounds' ratios and their range. On a
 * machine whose speed drifts over seconds (a VM whose core is shared with other guests: the same
 * product measured 42 to 72 GFLOP/s in successive quarter-seconds on the Zen 3 VM of December 2026),
 * one block per library can put the two libraries in different phases of the drift; the range
 * shows how much a ratio can be trusted.
 */
public final class GemmVersusOpenBlas {
    private GemmVersusOpenBlas() {}

    public static void main(String[] args) {
        int threads = Runtime.getRuntime().availableProcessors();
        int reps = 7;
        int rounds = 3;
        String shapeSpec = "squares,lstm";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--reps": reps = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--shapes": shapeSpec = args[++i]; break;
                default: throw new IllegalArgumentException(
                        "GemmVersusOpenBlas: unknown argument; expected --threads N, --reps R, --rounds K or --shapes LIST, got " + args[i]);
            }
        }
        List<Shape> shapes = new ArrayList<>();
        for (String s : shapeSpec.split(",")) shapes.addAll(GemmBenchmark.parse(s.trim()));
        Parallel.setThreads(threads);
        openblas_nolapack.blas_set_num_threads(threads);
        System.out.printf("Sequoia kernel: %s | OpenBLAS threads %d, OPENBLAS_CORETYPE=%s"
                        + " (OPENBLAS_VERBOSE=2 prints the core it uses) | threads %d | %d rounds of %d reps%n",
                Gemm.kernelName(), openblas_nolapack.blas_get_num_threads(),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset (auto-detect)"), threads, rounds, reps);
        System.out.printf("%-24s %5s %5s %5s  %9s %9s %7s  %s%n", "shape", "m", "n", "k",
                "Sequoia", "OpenBLAS", "Seq/OB", "rounds' Seq/OB");
        for (Shape s : shapes) {
            double[] g = measure(s, reps, rounds);
            System.out.printf(Locale.ROOT, "%-24s %5d %5d %5d  %9.1f %9.1f %7.2f  %.2f-%.2f%n",
                    s.name(), s.m(), s.n(), s.k(), g[0], g[1], g[2], g[3], g[4]);
        }
        System.out.println("GFLOP/s, median of all reps; Seq/OB = median of the rounds' ratios (ratio of the two medians in a round), then their range.");
    }

    /**
     * Pause between the two libraries' reps. Idle threads keep spinning after a call — OpenBLAS's
     * server threads for 2^28 cycles by default (OPENBLAS_THREAD_TIMEOUT, ~80 ms here), Sequoia's
     * workers for 100 µs — and a rep started while the other library's threads still spin shares
     * its cores with them. With reps interleaved, Sequoia's two-thread reps right after OpenBLAS's
     * measured 30-45 % slower than Sequoia alone; so each library now runs its warm-up and all its
     * reps of a shape in one block, after this pause.
     */
    static final long SETTLE_MILLIS = Long.getLong("sequoia.bench.settleMillis", 200L);

    static void settle() {
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {Sequoia GFLOP/s, OpenBLAS GFLOP/s (medians of all reps), median ratio of the rounds, lowest and
     * highest ratio}: one library after the other on the same data, {@code rounds} times.
     */
    static double[] measure(Shape s, int reps, int rounds) {
        float[][] abc = GemmBenchmark.operands(s, 7);
        float[] a = abc[0], b = abc[1], c = abc[2];
        int lda = s.lda(), ldb = s.ldb();
        FloatPointer pa = new FloatPointer(a), pb = new FloatPointer(b), pc = new FloatPointer(c.length);
        int ta = s.transA() ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = s.transB() ? openblas.CblasTrans : openblas.CblasNoTrans;
        Runnable seq = () -> Gemm.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.n());
        Runnable ob = () -> openblas.cblas_sgemm(openblas.CblasRowMajor, ta, tb, s.m(), s.n(), s.k(), 1f, pa, lda, pb, ldb, 0f, pc, s.n());
        double[] gs = new double[reps * rounds], go = new double[reps * rounds], ratio = new double[rounds];
        double flops = s.flops();
        // one library at a time: its warm-up, then its reps; the other's idle threads have settled
        settle();
        int innerSeq = GemmBenchmark.warm(seq, 60_000_000L);
        settle();
        int innerOb = GemmBenchmark.warm(ob, 60_000_000L);
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                boolean sequoia = (turn == 0) == (round % 2 == 0);      // S,O then O,S, ...
                settle();
                for (int r = 0; r < reps; r++) {
                    int at = round * reps + r;
                    if (sequoia) gs[at] = flops * innerSeq / GemmBenchmark.time(seq, innerSeq);
                    else go[at] = flops * innerOb / GemmBenchmark.time(ob, innerOb);
                }
            }
            ratio[round] = GemmBenchmark.median(java.util.Arrays.copyOfRange(gs, round * reps, (round + 1) * reps))
                    / GemmBenchmark.median(java.util.Arrays.copyOfRange(go, round * reps, (round + 1) * reps));
        }
        // sanity: both computed the same product
        float[] check = new float[c.length];
        pc.get(check);
        double maxDiff = 0, scale = 1e-30;
        for (int i = 0; i < c.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(check[i] - c[i]));
            scale = Math.max(scale, Math.abs(check[i]));
        }
        if (maxDiff > 1e-3 * scale + 1e-4 * Math.sqrt(s.k())) {
            throw new IllegalStateException("GemmVersusOpenBlas: results differ for " + s.name() + "; expected max |diff| small, got " + maxDiff);
        }
        pa.close();
        pb.close();
        pc.close();
        double[] sorted = ratio.clone();
        java.util.Arrays.sort(sorted);
        return new double[] {GemmBenchmark.median(gs), GemmBenchmark.median(go), GemmBenchmark.median(ratio),
                sorted[0], sorted[rounds - 1]};
    }
}
