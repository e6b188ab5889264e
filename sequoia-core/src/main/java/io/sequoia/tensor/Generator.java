package io.sequoia.tensor;

import java.util.SplittableRandom;

/**
 * A seeded random number generator. {@link #global()} is the one generator that
 * {@code rand}, {@code randn}, initialisation, dropout and shuffling draw from unless given another;
 * {@link #manualSeed(long)} makes a whole run repeat bit for bit.
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(0x5EC0_1A5EL);

    private SplittableRandom rng;
    private double spare;
    private boolean hasSpare;

    public Generator(long seed) { setSeed(seed); }

    public static Generator global() { return GLOBAL; }

    /** Seeds the global generator (PyTorch's {@code torch.manual_seed}). */
    public static void manualSeed(long seed) { GLOBAL.setSeed(seed); }

    public synchronized void setSeed(long seed) {
        rng = new SplittableRandom(seed);
        hasSpare = false;
    }

    /** Uniform in [0, 1). */
    public synchronized double nextDouble() { return rng.nextDouble(); }

    /** Uniform integer in [0, bound). */
    public synchronized int nextInt(int bound) { return rng.nextInt(bound); }

    public synchronized long nextLong() { return rng.nextLong(); }

    /** Standard normal (Marsaglia's polar method). */
    public synchronized double nextGaussian() {
        if (hasSpare) { hasSpare = false; return spare; }
        double u, v, s;
        do {
            u = rng.nextDouble() * 2 - 1;
            v = rng.nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }

    /** A fresh generator seeded from this one (for a worker or a data loader). */
    public synchronized Generator split() { return new Generator(rng.nextLong()); }

    /** Fisher–Yates permutation of 0..n-1. */
    public synchronized int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
