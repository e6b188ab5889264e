package io.sequoia.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single precision GEMM on the Vector API ({@code jdk.incubator.vector}).
 *
 * <p>The product is computed as {@code P = X · Y} over a grid of {@value #MR}×{@code NR} register
 * tiles ({@code NR} = two vectors of the preferred species: 32 floats with AVX-512; 16 FMAs per
 * step of k), where either {@code P = C, X = op(A), Y = op(B)} or, "swapped",
 * {@code P = Cᵀ, X = op(B)ᵀ, Y = op(A)ᵀ}. Y is read by vector loads and is always packed into
 * {@code KC}×{@code NR} panels (a vector copy when its rows are contiguous; reading it in place
 * with a power-of-two row stride thrashes the L1 sets). X is read by scalar broadcasts: packed
 * into {@value #MR}-row panels, or read in place when its rows are contiguous and it is reused
 * over few Y panels. Swapping is chosen for {@code A·Bᵀ} with small M (the input gradient of a
 * recurrent layer): then the large B is read in place as X and only the small A is packed.
 * Workspaces are per thread and reused across calls.
 *
 * <p>Threads: a product large enough to split runs on a team of {@link Parallel#threads()} threads
 * started once per product ({@code Plan.runTeam}, {@link Parallel#tryTeam}; serial when another
 * team is running or the workers have not started within about a tenth of the product's serial
 * time, their cores taken by other processes): per ({@code NC}, {@code KC}) block each thread
 * packs its share of the shared Y panels, the team meets at a {@link TeamBarrier}, and each thread
 * computes a fixed contiguous range of rows (or, for short-and-wide products, of Y panels). Loaded only when the module is present
 * (see {@link Gemm}); arguments are validated by {@link Gemm#sgemm}.
 */
final class VectorGemm implements Gemm.Kernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * Rows of the register tile: 8 with 512-bit vectors (16 accumulators of AVX-512's 32 registers),
     * 4 with narrower ones (8 accumulators of AVX2's 16 registers). With 12 accumulators (6 rows, the BLIS
     * Haswell shape) or 10 (5 rows) C2's register allocator is at the edge of AVX2's 16 registers: depending
     * on the profile it compiles a clean loop in one JVM and, in another, one that keeps an accumulator on the
     * stack (its chain then waits for a store and a load every step, about half the speed). See {@link #tile4}.
     * A packed X panel holds MR floats per step of k; MR is a power of two, so C2 sees the index
     * {@code xo + p·MR + i} as a scaled loop variable and removes its bounds checks (with 6 it rewrote
     * {@code p·6} as two shifts and an add and kept a check per row).
     */
    static final int MR = L >= 16 ? 8 : 4;
    static final int NR = 2 * L;
    /**
     * The K block: 512 with either tile. Paired in one JVM on a Zen 5 core (windows alternating between K blocks,
     * under load), 512 against 256 with AVX-512: 1.10 / 1.16 (1024², 2048² NN, one thread), 1.08 / 1.10 (two
     * threads), 1.03–1.10 on the LSTM backward's NN products, 0.96–1.00 on TN. With the 4-row AVX2 tile, paired on a
     * Zen 3 core (one thread, the other core busy): 1024² 1.07–1.09, 2048² 1.10–1.15, the LSTM's 1120×200×800 1.10,
     * Linear's 4096×256×1024 A·Bᵀ 1.03–1.09, 6400×256×1024 1.06, others 0.99–1.04 (the 6-row tile it replaced had
     * shown no gain, 0.86–1.04, and kept 256).
     */
    static final int KC = Integer.getInteger("sequoia.gemm.kc", 512);
    /** The K block a new product uses: {@link #KC}, changed only by measurement tools (paired runs in one JVM). */
    static int kcBlock = KC;
    /**
     * Rows of X per block (a multiple of the tile's rows is used).
     */
    static final int MC = Integer.getInteger("sequoia.gemm.mc", 192);
    static final int NC = Integer.getInteger("sequoia.gemm.nc", 1024) / NR * NR;
    /** Products with more multiply-adds than this may use threads. */
    static final long PARALLEL_WORK = Long.getLong("sequoia.gemm.parallelWork", 1L << 21);
    /**
     * X with contiguous rows is packed only when reused over at least this many Y panels. With the
     * 6-row tile (narrow vectors) always: the in-place row kernel runs at half the packed kernel's
     * rate there (43 against 91 GFLOP/s in L1 under {@code -XX:UseAVX=2}; A·Bᵀ 64×512×1024: 36 → 51).
     * With the 8-row tile 16 (was 8): paired in one JVM on a Zen 5 core (one thread, windows alternating,
     * under load), reading X in place up to 15 panels ran 256² 1.06–1.16×, 320² and 384² 1.04–1.07×,
     * Linear's 4096×256×1024 and 4096×256×256 A·Bᵀ 1.09–1.20× (two threads 1.08–1.14×), 1120×256×800
     * 1.08–1.14×, 4096×480×256 A·Bᵀ 1.07–1.09×, 448² and 480² 0.96–1.06×; at 16 panels (512²) in place
     * was 0.85–1.02×, and 1024² 0.95–0.97×, so 16 panels and more stay packed.
     */
    static final int PACK_X_PANELS = MR == 8 ? Integer.getInteger("sequoia.gemm.packXPanels", 16) : 1;
    /** The threshold a new product uses: {@link #PACK_X_PANELS}, changed only by measurement tools (paired runs in one JVM). */
    static int packXPanels = PACK_X_PANELS;

    /**
     * Whether A·Bᵀ with fewer rows than columns is computed as (B·Aᵀ)ᵀ. Swapped, both operands are packed
     * with a transpose (B as X, Aᵀ as Y) and the tile is written to C transposed, element by element; not
     * swapped, only B is (as Y). On a Zen 3 core with the 6-row tile, not swapping ran the LSTM's ABᵀ
     * shapes 1.4–1.6× faster with one thread (e.g. 64×512×1024: 40 → 54 GFLOP/s). The 8-row tile keeps
     * the swap it was measured with (no AVX-512 machine was at hand to compare).
     */
    static final boolean NT_SWAP = Boolean.parseBoolean(System.getProperty("sequoia.gemm.ntSwap", String.valueOf(MR == 8)));
    /**
     * Whether a full narrow-tile X panel with contiguous rows is packed p-outer (sequential writes, one read
     * stream per row) rather than row by row. Paired (with the 6-row tile of the time) under {@code -XX:UseAVX=2}
     * on a Zen 5 core: 1.00–1.09× (Linear's 4096×256×1024 A·Bᵀ 1.09×).
     */
    static final boolean PACKX_P = MR == 4 && Boolean.parseBoolean(System.getProperty("sequoia.gemm.packXP", "true"));
    /** The same for the 8-row tile (paired 1.02–1.04× on squares with one thread; {@code -Dsequoia.gemm.packXP8=false}: the loop below). */
    static final boolean PACKX_P8 = MR == 8 && Boolean.parseBoolean(System.getProperty("sequoia.gemm.packXP8", "true"));
    /** Whether a transposed write of a full 8-row tile goes through {@link #mergeTransposed8} (see there). */
    static final boolean MERGE_T8 = MR == 8 && Boolean.parseBoolean(System.getProperty("sequoia.gemm.mergeT8", "true"));
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[3][0]);

    /** Calls per kernel in the warm-up: enough for C2 to compile them (Tier4InvocationThreshold). */
    static final int WARM_CALLS = Integer.getInteger("sequoia.gemm.warmCalls", 6000);

    static {
        // Vector API code is only fast once C2 has compiled it (interpreted or C1 code boxes every
        // vector, ~100x slower). The kernels are invoked only a few hundred times per product, so a
        // program could run many slow products before C2 steps in; a short warm-up on a daemon
        // thread gets them compiled in the background within a fraction of a second.
        if (WARM_CALLS > 0) {
            Thread t = new Thread(VectorGemm::warmUp, "sequoia-gemm-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /** Runs each kernel on a small tile {@link #WARM_CALLS} times (all store variants). */
    static void warmUp() {
        int kc = 16;
        float[] x = new float[MR * kc], y = new float[NR * kc], c = new float[MR * NR * 2], tmp = new float[MR * NR];
        for (int i = 0; i < x.length; i++) x[i] = i * 1e-3f;
        for (int i = 0; i < y.length; i++) y[i] = i * 1e-3f;
        for (int it = 0; it < WARM_CALLS; it++) {
            float beta = (it & 3) == 0 ? 0f : (it & 3) == 1 ? 1f : 0.5f;
            int cols = (it & 7) == 7 ? NR - 1 : NR;
            kernel(kc, x, 0, MR, y, 0, c, 0, NR, 1, cols, 1f, beta, tmp);
            if (MR == 8) kernelRows(kc, x, 0, 1, MR, y, 0, c, 0, NR, 1, cols, 0.5f, beta, tmp);
        }
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + " (" + MR + "x" + NR + " tile)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        // Swap (P = Cᵀ) when Y = op(A)ᵀ has contiguous rows (TT), or for NT when op(A) is the smaller one
        // and the tile is the 8-row one (see NT_SWAP). For TN (AᵀB, weight gradients) with m > n, swapping
        // makes the big A the vector-read Y (contiguous rows, a plain copy to pack) and only the small B is
        // packed with a transpose.
        boolean swap = transB ? (transA || (NT_SWAP && m < n)) : (transA && m > n);
        if (swap && !transB && k > kcBlock) {
            // TN swapped over several K blocks: accumulate Cᵀ contiguously (vector merges), transpose once
            float[][] ws = WORKSPACE.get();                 // [2]: this thread's reusable Cᵀ buffer
            if (ws[2].length < m * n) ws[2] = new float[m * n];
            float[] t = ws[2];
            new Plan(n, m, k, b, bOff, 1, ldb, a, aOff, lda, 1, t, 0, m, 1, 1f, 0f).run();
            // the transpose back, in 64-row blocks split between threads (each element on its own: any split)
            Parallel.forRange(0, (m + 63) / 64, (long) m * n < (1 << 16) ? Integer.MAX_VALUE : 1, (b0, b1) -> {
                for (int i0 = b0 * 64; i0 < Math.min(m, b1 * 64); i0 += 64) {
                    for (int j0 = 0; j0 < n; j0 += 64) {
                        for (int i = i0, ie = Math.min(m, i0 + 64); i < ie; i++) {
                            int ci = cOff + i * ldc;
                            for (int j = j0, je = Math.min(n, j0 + 64); j < je; j++) {
                                float v = alpha * t[j * m + i];
                                c[ci + j] = beta == 0f ? v : v + beta * c[ci + j];
                            }
                        }
                    }
                }
            });
            return;
        }
        if (!swap) {
            new Plan(m, n, k, a, aOff, transA ? 1 : lda, transA ? lda : 1,
                    b, bOff, transB ? 1 : ldb, transB ? ldb : 1, c, cOff, ldc, 1, alpha, beta).run();
        } else {
            new Plan(n, m, k, b, bOff, transB ? ldb : 1, transB ? 1 : ldb,
                    a, aOff, transA ? lda : 1, transA ? 1 : lda, c, cOff, 1, ldc, alpha, beta).run();
        }
    }

    /**
     * One product {@code P (r×s) = X (r×kk) · Y (kk×s)} with X(i,p) = x[xo + i·xrs + p·xcs],
     * Y(p,j) = y[yo + p·yps + j·yss], P(i,j) = c[co + i·crs + j·ccs].
     */
    private static final class Plan {
        final int r, s, kk, xo, xrs, xcs, yo, yps, yss, co, crs, ccs;
        final float[] x, y, c;
        final float alpha, beta;
        final boolean packX, parallel;
        final int rPanels;
        final int kcb = kcBlock;
        final float[] xb, yb;

        Plan(int r, int s, int kk, float[] x, int xo, int xrs, int xcs, float[] y, int yo, int yps, int yss,
             float[] c, int co, int crs, int ccs, float alpha, float beta) {
            this.r = r; this.s = s; this.kk = kk;
            this.x = x; this.xo = xo; this.xrs = xrs; this.xcs = xcs;
            this.y = y; this.yo = yo; this.yps = yps; this.yss = yss;
            this.c = c; this.co = co; this.crs = crs; this.ccs = ccs;
            this.alpha = alpha; this.beta = beta;
            // Y is always packed (a vector copy when its rows are contiguous): reading it in place
            // with a power-of-two row stride thrashes L1 sets. X is read in place when its rows are
            // contiguous and it is reused over few Y panels (small-M shapes), else packed.
            this.packX = xcs != 1 || (s + NR - 1) / NR >= packXPanels;
            this.parallel = (long) r * s * kk >= PARALLEL_WORK && Parallel.threads() > 1;
            this.rPanels = (r + MR - 1) / MR;
            float[][] ws = WORKSPACE.get();
            int xNeed = packX ? rPanels * MR * Math.min(kcb, kk) : 0;
            int yNeed = (Math.min(NC, s) + NR - 1) / NR * NR * Math.min(kcb, kk);
            if (ws[0].length < xNeed) ws[0] = new float[xNeed];
            if (ws[1].length < yNeed) ws[1] = new float[yNeed];
            this.xb = ws[0];
            this.yb = ws[1];
        }

        void run() {
            if (parallel && runTeam(Parallel.threads())) return;
            // serial: one thread, inside a parallel region, or another team is running
            for (int s0 = 0; s0 < s; s0 += NC) {
                int sPanels = (Math.min(NC, s - s0) + NR - 1) / NR;
                for (int p0 = 0; p0 < kk; p0 += kcb) {
                    int kc = Math.min(kcb, kk - p0);
                    if (packX) for (int ip = 0; ip < rPanels; ip++) packX(ip, p0, kc, xb);
                    for (int jp = 0; jp < sPanels; jp++) packY(jp, s0, p0, kc, yb);
                    compute(0, rPanels, 0, sPanels, s0, p0, kc, xb, yb);
                }
            }
        }

        /**
         * The product on a team of {@code team} threads started once. Split over rows of P (enough
         * row panels, at least as many as Y panels): per (NC, KC) block every thread packs its share of
         * the shared Y panels and its own X rows, meets the others at a barrier, computes its rows, and
         * meets them again before the shared panels are repacked. Split over Y panels (short and wide
         * products): see {@link #memberOwnPanels}, no barrier. A static split: no claiming of pieces,
         * no pool dispatch per phase.
         */
        private boolean runTeam(int team) {
            // rows when there are enough of them and at least as many as Y panels (in the first NC block)
            int sPanels0 = (Math.min(NC, s) + NR - 1) / NR;
            boolean splitRows = rPanels >= 2 * team && (rPanels >= sPanels0 || sPanels0 < 2 * team);
            TeamBarrier barrier = splitRows ? new TeamBarrier(team) : null;   // the Y-panel split never waits
            // workers that have not started within about a tenth of the product's serial time are not
            // waited for (another process has their cores): the caller then multiplies alone
            long grace = Math.max(Parallel.TEAM_GRACE_NANOS, (long) r * s * kk / 512);
            return Parallel.tryTeam(team, grace, t -> {
                try {
                    member(t, team, splitRows, barrier);
                } catch (RuntimeException | Error e) {
                    if (barrier != null) barrier.breakWith(e);
                    throw e;
                }
            });
        }

        private void member(int t, int team, boolean splitRows, TeamBarrier barrier) {
            if (!splitRows) {
                memberOwnPanels(t, team);
                return;
            }
            int rLo = (int) ((long) rPanels * t / team), rHi = (int) ((long) rPanels * (t + 1) / team);
            for (int s0 = 0; s0 < s; s0 += NC) {
                int sPanels = (Math.min(NC, s - s0) + NR - 1) / NR;
                int yLo = (int) ((long) sPanels * t / team), yHi = (int) ((long) sPanels * (t + 1) / team);
                for (int p0 = 0; p0 < kk; p0 += kcb) {
                    int kc = Math.min(kcb, kk - p0);
                    for (int jp = yLo; jp < yHi; jp++) packY(jp, s0, p0, kc, yb);
                    // own rows' X panels: no one else reads them
                    if (packX) for (int ip = rLo; ip < rHi; ip++) packX(ip, p0, kc, xb);
                    barrier.await();
                    compute(rLo, rHi, 0, sPanels, s0, p0, kc, xb, yb);
                    barrier.await();
                }
            }
        }

        /**
         * A member of a team split over Y panels (few rows of P, many columns): it packs only its own
         * Y panels and all of X (small here) into buffers of its own thread, so the members never wait
         * for each other.
         */
        private void memberOwnPanels(int t, int team) {
            // the caller's buffers are xb and yb; a worker uses its own: a member's Y panels move between
            // NC blocks (their shares differ), so shared Y buffers would be repacked under another's reads
            float[] xbuf = xb, ybuf = yb;
            if (t != 0) {
                float[][] ws = WORKSPACE.get();
                int xNeed = packX ? rPanels * MR * Math.min(kcb, kk) : 0;
                if (ws[0].length < xNeed) ws[0] = new float[xNeed];
                if (ws[1].length < yb.length) ws[1] = new float[yb.length];
                xbuf = ws[0];
                ybuf = ws[1];
            }
            for (int s0 = 0; s0 < s; s0 += NC) {
                int sPanels = (Math.min(NC, s - s0) + NR - 1) / NR;
                int yLo = (int) ((long) sPanels * t / team), yHi = (int) ((long) sPanels * (t + 1) / team);
                for (int p0 = 0; p0 < kk; p0 += kcb) {
                    int kc = Math.min(kcb, kk - p0);
                    for (int jp = yLo; jp < yHi; jp++) packY(jp, s0, p0, kc, ybuf);
                    if (packX) for (int ip = 0; ip < rPanels; ip++) packX(ip, p0, kc, xbuf);
                    compute(0, rPanels, yLo, yHi, s0, p0, kc, xbuf, ybuf);
                }
            }
        }

        private void packX(int ip, int p0, int kc, float[] xb) {
            int i0 = ip * MR;
            int rows = Math.min(MR, r - i0);
            int dst = ip * MR * kc;
            if (xrs == 1 && rows == MR) {
                // X's rows are adjacent in memory (a transposed operand): read MR consecutive floats per p
                int src = xo + i0 + p0 * xcs;
                for (int p = 0; p < kc; p++) System.arraycopy(x, src + p * xcs, xb, dst + p * MR, MR);
                return;
            }
            if (PACKX_P && xcs == 1 && rows == MR && MR == 4) {
                // contiguous rows: p outer, the 4 rows unrolled, so the writes are sequential
                int s0 = xo + i0 * xrs + p0, s1 = s0 + xrs, s2 = s1 + xrs, s3 = s2 + xrs;
                for (int p = 0, d = dst; p < kc; p++, d += MR) {
                    xb[d] = x[s0 + p]; xb[d + 1] = x[s1 + p]; xb[d + 2] = x[s2 + p]; xb[d + 3] = x[s3 + p];
                }
                return;
            }
            if (PACKX_P8 && xcs == 1 && rows == MR) {
                // contiguous rows: p outer, the 8 rows unrolled, so the writes are sequential (with ii outer
                // they went with stride 8: 15 % of a 256² product's time)
                int s0 = xo + i0 * xrs + p0, s1 = s0 + xrs, s2 = s1 + xrs, s3 = s2 + xrs, s4 = s3 + xrs, s5 = s4 + xrs,
                        s6 = s5 + xrs, s7 = s6 + xrs;
                for (int p = 0, d = dst; p < kc; p++, d += 8) {
                    xb[d] = x[s0 + p]; xb[d + 1] = x[s1 + p]; xb[d + 2] = x[s2 + p]; xb[d + 3] = x[s3 + p];
                    xb[d + 4] = x[s4 + p]; xb[d + 5] = x[s5 + p]; xb[d + 6] = x[s6 + p]; xb[d + 7] = x[s7 + p];
                }
                return;
            }
            for (int ii = 0; ii < MR; ii++) {
                int src = xo + (i0 + Math.min(ii, rows - 1)) * xrs + p0 * xcs;
                for (int p = 0; p < kc; p++) xb[dst + p * MR + ii] = x[src + p * xcs];
            }
        }

        private void packY(int jp, int s0, int p0, int kc, float[] yb) {
            int j0 = s0 + jp * NR;
            int cols = Math.min(NR, s - j0);
            int dst = jp * NR * kc;
            int src = yo + p0 * yps + j0 * yss;
            if (yss == 1 && cols == NR) {
        for (int p = 0; p < kc; p++) {
                    int sp = src + p * yps, dp = dst + p * NR;
                    FloatVector.fromArray(S, y, sp).intoArray(yb, dp);
                    FloatVector.fromArray(S, y, sp + L).intoArray(yb, dp + L);
                }
                return;
            }
            for (int jj = 0; jj < NR; jj++) {
                if (jj < cols) {
                    int sj = src + jj * yss;
                    for (int p = 0; p < kc; p++) yb[dst + p * NR + jj] = y[sj + p * yps];
                } else {
                    for (int p = 0; p < kc; p++) yb[dst + p * NR + jj] = 0f;
                }
            }
        }

        private void compute(int ip0, int ip1, int jp0, int jp1, int s0, int p0, int kc, float[] xb, float[] yb) {
            float[] tmp = TILE.get();                         // per-thread staging tile, reused
            float bet = p0 == 0 ? beta : 1f;
            int mcp = Math.max(1, MC / MR);
            for (int ib = ip0; ib < ip1; ib += mcp) {
                int ie = Math.min(ip1, ib + mcp);
                for (int jp = jp0; jp < jp1; jp++) {
                    int j0 = s0 + jp * NR;
                    int cols = Math.min(NR, s - j0);
                    int yOff = jp * NR * kc;
                    for (int ip = ib; ip < ie; ip++) {
                        int i0 = ip * MR;
                        int rows = Math.min(MR, r - i0);
                        int cOff = co + i0 * crs + j0 * ccs;
                        if (packX) {
                            kernel(kc, xb, ip * MR * kc, rows, yb, yOff, c, cOff, crs, ccs, cols, alpha, bet, tmp);
                        } else {
                            kernelRows(kc, x, xo + i0 * xrs + p0, xrs, rows, yb, yOff,
                                    c, cOff, crs, ccs, cols, alpha, bet, tmp);
                        }
                    }
                }
            }
        }
    }

    /**
     * One register tile of P (+)= alpha · X · Y: the tile for this vector width ({@link #tile8} or {@link #tile4})
     * into {@code tmp}, then {@link #merge} into P. The tiles end in plain stores with no branch: when the tile also
     * chose among store paths (straight into C or through {@code tmp}), C2's register allocation of the loop
     * depended on the profile of those paths — the same method compiled to a clean loop in one JVM and to one
     * with accumulators moved through the stack in another, half as fast (seen on a Zen 3 core, JDK 17).
     */
    static void kernel(int kc, float[] x, int xo, int rows, float[] y, int yo,
                       float[] c, int co, int crs, int ccs, int cols, float alpha, float beta, float[] tmp) {
        if (MR == 8) tile8(kc, x, xo, y, yo, tmp);
        else tile4(kc, x, xo, y, yo, tmp);
        merge(tmp, rows, cols, c, co, crs, ccs, alpha, beta);
    }

    /**
     * As {@link #kernel}, X read in place: {@link #tileRows8}. Only the 8-row tile reads X in
     * place; with the 4-row tile X is always packed ({@link #PACK_X_PANELS}).
     */
    static void kernelRows(int kc, float[] x, int xo, int xrs, int rows, float[] y, int yo,
                           float[] c, int co, int crs, int ccs, int cols, float alpha, float beta, float[] tmp) {
        tileRows8(kc, x, xo, xrs, rows, y, yo, tmp);
        merge(tmp, rows, cols, c, co, crs, ccs, alpha, beta);
    }

    /**
     * The 8-row register tile: {@code tmp} (8×NR) = X · Y with X a packed 8-row panel
     * ({@code x[xo + p·8 + i]}) and Y a packed NR-column panel ({@code y[yo + p·NR + j]}).
     */
    static void tile8(int kc, float[] x, int xo, float[] y, int yo, float[] tmp) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++) {
            int yp = yo + p * NR;
            int xp = xo + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, y, yp);
            FloatVector b1 = FloatVector.fromArray(S, y, yp + L);
            FloatVector av;
            av = FloatVector.broadcast(S, x[xp]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, x[xp + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, x[xp + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, x[xp + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, x[xp + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, x[xp + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, x[xp + 6]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, x[xp + 7]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
        }
        c00.intoArray(tmp, 0); c01.intoArray(tmp, L);
        c10.intoArray(tmp, 1 * NR); c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR); c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR); c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR); c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR); c51.intoArray(tmp, 5 * NR + L);
        c60.intoArray(tmp, 6 * NR); c61.intoArray(tmp, 6 * NR + L);
        c70.intoArray(tmp, 7 * NR); c71.intoArray(tmp, 7 * NR + L);
    }

    /**
     * As {@link #tile8}, but X read in place from rows {@code x[xo + i·xrs + p]} (contiguous in p).
     * Rows past {@code rows} repeat the last valid row, so nothing is read out of range.
     */
    static void tileRows8(int kc, float[] x, int xo, int xrs, int rows, float[] y, int yo, float[] tmp) {
        int x0 = xo;
        int x1 = xo + Math.min(1, rows - 1) * xrs;
        int x2 = xo + Math.min(2, rows - 1) * xrs;
        int x3 = xo + Math.min(3, rows - 1) * xrs;
        int x4 = xo + Math.min(4, rows - 1) * xrs;
        int x5 = xo + Math.min(5, rows - 1) * xrs;
        int x6 = xo + Math.min(6, rows - 1) * xrs;
        int x7 = xo + Math.min(7, rows - 1) * xrs;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++) {
            int yp = yo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, y, yp);
            FloatVector b1 = FloatVector.fromArray(S, y, yp + L);
            FloatVector av;
            av = FloatVector.broadcast(S, x[x0 + p]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, x[x1 + p]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, x[x2 + p]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, x[x3 + p]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, x[x4 + p]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, x[x5 + p]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, x[x6 + p]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, x[x7 + p]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
        }
        c00.intoArray(tmp, 0); c01.intoArray(tmp, L);
        c10.intoArray(tmp, 1 * NR); c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR); c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR); c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR); c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR); c51.intoArray(tmp, 5 * NR + L);
        c60.intoArray(tmp, 6 * NR); c61.intoArray(tmp, 6 * NR + L);
        c70.intoArray(tmp, 7 * NR); c71.intoArray(tmp, 7 * NR + L);
    }

    /**
     * The 4-row register tile for 256-bit vectors: 8 accumulators, 2 Y vectors and up to 4 broadcasts leave C2
     * room in AVX2's 16 registers, so its loop compiles without spills in every JVM (checked in the compiled code
     * of several runs; the 5- and 6-row tiles did not). Otherwise as {@link #tile8}: X a packed 4-row panel
     * ({@code x[xo + p·4 + i]}) and Y a packed NR-column panel ({@code y[yo + p·NR + j]}).
     *
     * <p>The loop runs over X's offset and derives Y's from it ({@code yp = d + (NR/4)·xp}), rather than over p
     * with both offsets computed from it: C2 then needs no range check on either array and 24 instructions per step
     * of k instead of 28 (it recomputed {@code p·4} and {@code p·16} every step). The 8 FMAs of a step take 4
     * cycles on two FMA units, and Zen 3 dispatches 6 instructions a cycle, so the 4 fewer instructions are the
     * difference between the front end and the FMAs setting the pace. Paired on a Zen 3 core (fresh JVMs, GEMM
     * windows alternating with a register-only FMA loop): 1024² from 0.69–0.72 of that loop's rate to 0.79–0.84.
     * A loop over Y's offset with X's as a second induction variable kept two range checks (26 instructions);
     * unrolling two steps spilled accumulators.
     */
    static void tile4(int kc, float[] x, int xo, float[] y, int yo, float[] tmp) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        int d = yo - (NR / 4) * xo;          // d and (NR/4)·xp may wrap around; their sum, yo + NR·p, is in range
        for (int xp = xo, xe = xo + kc * 4; xp < xe; xp += 4) {
            int yp = d + (NR / 4) * xp;
            FloatVector b0 = FloatVector.fromArray(S, y, yp);
            FloatVector b1 = FloatVector.fromArray(S, y, yp + L);
            FloatVector av;
            av = FloatVector.broadcast(S, x[xp]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, x[xp + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, x[xp + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, x[xp + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
        }
        c00.intoArray(tmp, 0); c01.intoArray(tmp, L);
        c10.intoArray(tmp, 1 * NR); c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR); c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR); c31.intoArray(tmp, 3 * NR + L);
    }

    /**
     * Writes the first rows×cols of the MR×NR tile into P: c = alpha·t (beta 0), c += alpha·t
     * (beta 1), else c = alpha·t + beta·c.
     */
    private static void merge(float[] t, int rows, int cols, float[] c, int co, int crs, int ccs,
                              float alpha, float beta) {
        if (ccs == 1 && cols == NR) {
            for (int i = 0; i < rows; i++) {
                int off = co + i * crs;
                for (int h = 0; h < NR; h += L) {
                    FloatVector v = FloatVector.fromArray(S, t, i * NR + h);
                    if (alpha != 1f) v = v.mul(alpha);
                    if (beta == 1f) v = v.add(FloatVector.fromArray(S, c, off + h));
                    else if (beta != 0f) v = FloatVector.fromArray(S, c, off + h).mul(beta).add(v);
                    v.intoArray(c, off + h);
                }
            }
            return;
        }
        if (MERGE_T8 && crs == 1 && rows == 8) {
            mergeTransposed8(t, cols, c, co, ccs, alpha, beta);
            return;
        }
        mergeScalar(t, rows, cols, c, co, crs, ccs, alpha, beta);
    }

    /** {@link #merge} element by element (any strides), the twin of the vector paths. */
    static void mergeScalar(float[] t, int rows, int cols, float[] c, int co, int crs, int ccs, float alpha, float beta) {
        // j outer so the writes run along C's rows when P is transposed (crs == 1)
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                int o = co + i * crs + j * ccs;
                float v = alpha * t[i * NR + j];
                c[o] = beta == 0f ? v : beta == 1f ? c[o] + v : v + beta * c[o];
            }
        }
    }

    /**
     * Transposed P (a swapped product, {@code crs == 1}) from a full 8-row tile: column j of the tile is
     * 8 adjacent floats of one row of C. Plain scalar code, one loop per beta case with the 8 rows
     * unrolled, so no loop carries a branch. (An 8-lane gather was 1.3x faster in a GEMM loop, but in a
     * Transformer step C2 left the method in C1 code where every vector is boxed: 40 % of the step.)
     */
    static void mergeTransposed8(float[] t, int cols, float[] c, int co, int ccs, float alpha, float beta) {
        final int r1 = NR, r2 = 2 * NR, r3 = 3 * NR, r4 = 4 * NR, r5 = 5 * NR, r6 = 6 * NR, r7 = 7 * NR;
        if (beta == 0f) {
            for (int j = 0, o = co; j < cols; j++, o += ccs) {
                c[o] = alpha * t[j]; c[o + 1] = alpha * t[r1 + j]; c[o + 2] = alpha * t[r2 + j]; c[o + 3] = alpha * t[r3 + j];
                c[o + 4] = alpha * t[r4 + j]; c[o + 5] = alpha * t[r5 + j]; c[o + 6] = alpha * t[r6 + j]; c[o + 7] = alpha * t[r7 + j];
            }
        } else if (beta == 1f) {
            for (int j = 0, o = co; j < cols; j++, o += ccs) {
                c[o] += alpha * t[j]; c[o + 1] += alpha * t[r1 + j]; c[o + 2] += alpha * t[r2 + j]; c[o + 3] += alpha * t[r3 + j];
                c[o + 4] += alpha * t[r4 + j]; c[o + 5] += alpha * t[r5 + j]; c[o + 6] += alpha * t[r6 + j]; c[o + 7] += alpha * t[r7 + j];
            }
        } else {
            for (int j = 0, o = co; j < cols; j++, o += ccs) {
                for (int i = 0; i < 8; i++) c[o + i] = alpha * t[i * NR + j] + beta * c[o + i];
            }
        }
    }

    @Override
    public int panelWidth() { return NR; }

    /** Per-thread buffer of {@link #packRowPanels}. */
    private static final ThreadLocal<float[][]> ROW_PANELS = ThreadLocal.withInitial(() -> new float[1][0]);

    @Override
    public float[] packRowPanels(int m, float[] a, int aOff, int lda, int k) {
        int panels = (m + MR - 1) / MR;
        float[][] holder = ROW_PANELS.get();
        if (holder[0].length < panels * MR * k) holder[0] = new float[panels * MR * k];
        float[] ap = holder[0];
        for (int ip = 0; ip < panels; ip++) {
            int i0 = ip * MR, rows = Math.min(MR, m - i0), dst = ip * MR * k;
            if (rows == 8 && MR == 8) {
                // p outer, the 8 rows unrolled: the writes are sequential (ii outer wrote with stride 8)
                int s0 = aOff + i0 * lda, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda,
                        s6 = s5 + lda, s7 = s6 + lda;
                for (int p = 0, d = dst; p < k; p++, d += 8) {
                    ap[d] = a[s0 + p]; ap[d + 1] = a[s1 + p]; ap[d + 2] = a[s2 + p]; ap[d + 3] = a[s3 + p];
                    ap[d + 4] = a[s4 + p]; ap[d + 5] = a[s5 + p]; ap[d + 6] = a[s6 + p]; ap[d + 7] = a[s7 + p];
                }
                continue;
            }
            for (int ii = 0; ii < MR; ii++) {
                int src = aOff + (i0 + Math.min(ii, rows - 1)) * lda;   // rows past m repeat the last one
                for (int p = 0; p < k; p++) ap[dst + p * MR + ii] = a[src + p];
            }
        }
        return ap;
    }

    @Override
    public void packedMultiply(int m, float[] aPanels, float[] packed, int k, int n, int jp0, int jp1,
                               float beta, float[] c, int cOff, int ldc) {
        // the register tile stages through tmp: a kernel that also loads and stores C directly is too
        // large for C1 ("out of virtual registers") and would then run interpreted
        float[] tmp = TILE.get();
        for (int jp = jp0; jp < jp1; jp++) {
            int j0 = jp * NR, cols = Math.min(NR, n - j0), yOff = jp * NR * k;
            for (int i0 = 0; i0 < m; i0 += MR) {
                int rows = Math.min(MR, m - i0);
                kernel(k, aPanels, i0 * k, rows, packed, yOff, c, cOff + i0 * ldc + j0, ldc, 1, cols, 1f, beta, tmp);
            }
        }
    }
}
