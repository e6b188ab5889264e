package io.sequoia.tensor;

/**
 * A seeded random number generator. {@link #global()} is the one generator that
 * {@code rand}, {@code randn}, initialisation, dropout and shuffling draw from unless given another;
 * {@link #manualSeed(long)} makes a whole run repeat bit for bit. {@link #scoped} gives one thread its
 * own generator in place of the shared one for the length of a call, so that concurrent fits (series
 * forecast side by side on Spark's executor threads, data-parallel shards) each repeat bit for bit.
 * <p>
 * The stream is SplitMix64 exactly as {@code java.util.SplittableRandom(seed)} produces it (same
 * values for {@code nextLong}, {@code nextDouble} and {@code nextInt(bound)}; a test compares them),
 * written out here so that the generator's whole state is one long plus the Gaussian spare:
 * {@link #state()} / {@link #setState} let a checkpoint resume a run bit for bit.
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(0x5EC0_1A5EL);
    /** A thread's generator while it runs a {@link #scoped} call; none: {@link #GLOBAL}. */
    private static final ThreadLocal<Generator> SCOPED = new ThreadLocal<>();
    /** SplittableRandom's gamma for a generator made from a seed. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;
    private double spare;
    private boolean hasSpare;

    /** The complete state of a generator: the SplitMix64 counter and the Gaussian spare (polar method). */
    public record State(long seed, boolean hasSpare, double spare) {}

    public Generator(long seed) { setSeed(seed); }

    /** The generator this thread draws from: the one of the {@link #scoped} call it is in, else the process-wide one. */
    public static Generator global() {
        Generator g = SCOPED.get();
        return g != null ? g : GLOBAL;
    }

    /** Seeds {@link #global()} (PyTorch's {@code torch.manual_seed}). */
    public static void manualSeed(long seed) { global().setSeed(seed); }

    /**
     * Runs {@code body} with {@code g} as this thread's {@link #global()} generator (initialisation,
     * dropout, shuffling and {@link #manualSeed} then use {@code g}, and other threads do not see it);
     * the previous one is restored afterwards, also when {@code body} throws. Calls nest.
     */
    public static <T> T scoped(Generator g, java.util.function.Supplier<T> body) {
        if (g == null) throw Errors.arg("Generator.scoped", "g must not be null", "a Generator", null, null);
        if (body == null) throw Errors.arg("Generator.scoped", "body must not be null", "a Supplier", null, null);
        Generator previous = SCOPED.get();
        SCOPED.set(g);
        try {
            return body.get();
        } finally {
            if (previous == null) SCOPED.remove(); else SCOPED.set(previous);
        }
    }

    public synchronized void setSeed(long seed) {
        this.seed = seed;
        hasSpare = false;
    }

    /** The state to {@link #setState restore} later. */
    public synchronized State state() { return new State(seed, hasSpare, spare); }

    /** Continues from a {@link #state()}: the draws that follow are those that followed it. */
    public synchronized void setState(State s) {
        if (s == null) throw Errors.arg("Generator.setState", "state must not be null", "a State", null, null);
        seed = s.seed();
        hasSpare = s.hasSpare();
        spare = s.spare();
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private int nextIntBits() { return mix32(seed += GOLDEN_GAMMA); }

    /** Uniform in [0, 1). */
    public synchronized double nextDouble() { return (mix64(seed += GOLDEN_GAMMA) >>> 11) * 0x1.0p-53; }

    /** Uniform integer in [0, bound). */
    public synchronized int nextInt(int bound) { return boundedInt(bound); }

    private int boundedInt(int bound) {
        if (bound <= 0) throw Errors.arg("Generator.nextInt", "bound must be positive", "> 0", bound, null);
        int r = nextIntBits(), m = bound - 1;
        if ((bound & m) == 0) return r & m;                       // a power of two
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextIntBits() >>> 1) { }   // rejection, as SplittableRandom
        return r;
    }

    public synchronized long nextLong() { return mix64(seed += GOLDEN_GAMMA); }

    /** Standard normal (Marsaglia's polar method). */
    public synchronized double nextGaussian() {
        if (hasSpare) { hasSpare = false; return spare; }
        double u, v, s;
        do {
            u = (mix64(seed += GOLDEN_GAMMA) >>> 11) * 0x1.0p-53 * 2 - 1;
            v = (mix64(seed += GOLDEN_GAMMA) >>> 11) * 0x1.0p-53 * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }

    /** A fresh generator seeded from this one (for a worker or a data loader). */
    public synchronized Generator split() { return new Generator(mix64(seed += GOLDEN_GAMMA)); }

    /** Fisher–Yates permutation of 0..n-1. */
    public synchronized int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = boundedInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
