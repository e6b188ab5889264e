package io.sequoia.tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Float arrays for gradients, recycled from one training step to the next so that a steady step
 * allocates (almost) nothing on the heap (issue 16: a row-1 LSTM step allocated 2.19 MB, 0.82 MB
 * of it the zeros under the gradient of {@code output.select(0, T - 1)} and 0.32 MB the weight
 * gradients).
 *
 * <p>Only storage that nothing else can reach comes back here: a gradient a backward made for the
 * engine alone ({@link NDArray#markFresh}) once the node it fed has consumed it and did not pass it
 * on, and a leaf's gradient that {@code zeroGrad()} drops when the tensor made it itself and never
 * handed it out ({@code Tensor.grad()} / {@code gradData()} hand it out; optimizers read it through
 * {@code gradBuffer()}). Each thread has its own pool (backward and zeroGrad run on the caller's
 * thread), bounded in count and bytes; arrays of other lengths are evicted oldest first.
 * {@code -Dsequoia.gradPool=false} turns recycling off (every take allocates).
 */
public final class GradBuffers {
    private GradBuffers() {}

    /** Arrays shorter than this are not worth keeping (a TLAB allocation is cheaper than the bookkeeping). */
    static final int MIN_LENGTH = 256;
    /**
     * Bounds per thread: 96 arrays and min(256 MB, heap/8). A Transformer encoder layer's training step (B 32, L 128,
     * d 256, FF 1024) gives back about 100 MB of forward intermediates and gradients per step; the old bounds (32 arrays,
     * 64 MB) dropped most of them.
     */
    private static final int MAX_ARRAYS = Integer.getInteger("sequoia.gradPool.arrays", 96);
    private static final long MAX_BYTES = Math.min(Long.getLong("sequoia.gradPool.mb", 256L) << 20, Runtime.getRuntime().maxMemory() / 8);
    /**
     * All threads' pools together hold at most heap/4: a server scoring on many threads keeps at most that much
     * (a thread whose array would pass it drops the array instead of keeping it).
     */
    private static final long MAX_TOTAL_BYTES = Runtime.getRuntime().maxMemory() / 4;
    private static final java.util.concurrent.atomic.AtomicLong TOTAL_BYTES = new java.util.concurrent.atomic.AtomicLong();
    private static volatile boolean ENABLED = !"false".equals(System.getProperty("sequoia.gradPool"));

    private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private static final class Pool {
        final ArrayDeque<float[]> arrays = new ArrayDeque<>();   // newest first
        long taken, given;
        /** Bytes held; atomic so that the cleaner sees them once the thread (and this pool) is gone: they leave the total. */
        final java.util.concurrent.atomic.AtomicLong held = new java.util.concurrent.atomic.AtomicLong();

        Pool() {
            java.util.concurrent.atomic.AtomicLong h = held;
            CLEANER.register(this, () -> TOTAL_BYTES.addAndGet(-h.get()));
        }

        float[] poll(int n) {
            for (Iterator<float[]> it = arrays.iterator(); it.hasNext(); ) {
                float[] a = it.next();
                if (a.length == n) {
                    it.remove();
                    held.addAndGet(-4L * n);
                    TOTAL_BYTES.addAndGet(-4L * n);
                    taken++;
                    return a;
                }
            }
            return null;
        }

        void push(float[] a) {
            long b = 4L * a.length;
            if (b > MAX_BYTES) return;
            for (float[] x : arrays) if (x == a) return;          // already here: never hand one array out twice
            while (!arrays.isEmpty() && (arrays.size() >= MAX_ARRAYS || held.get() + b > MAX_BYTES)) {
                long r = 4L * arrays.removeLast().length;
                held.addAndGet(-r);
                TOTAL_BYTES.addAndGet(-r);
            }
            if (TOTAL_BYTES.addAndGet(b) > MAX_TOTAL_BYTES) {     // the pools together are full: let this one go
                TOTAL_BYTES.addAndGet(-b);
                return;
            }
            arrays.addFirst(a);
            held.addAndGet(b);
            given++;
        }
    }

    /** An array of {@code n} floats with any contents: for a caller that writes every element before reading any. */
    public static float[] takeDirty(int n) {
        if (!ENABLED || n < MIN_LENGTH) return new float[n];
        float[] a = POOL.get().poll(n);
        return a != null ? a : new float[n];
    }

    /** A zeroed array of {@code n} floats. */
    public static float[] takeZeroed(int n) {
        if (!ENABLED || n < MIN_LENGTH) return new float[n];
        float[] a = POOL.get().poll(n);
        if (a == null) return new float[n];
        Arrays.fill(a, 0f);
        return a;
    }

    /** A zeroed float32 array of this shape whose storage comes from the pool when it can. */
    public static NDArray zeros(int... shape) {
        return NDArray.wrap(takeZeroed(Shapes.numel(shape)), shape);
    }

    /**
     * Gives {@code a}'s storage back. The caller guarantees nothing else references it (not a view of
     * something kept, not saved by a node, not a user's tensor). float64 arrays are not pooled.
     */
    public static void recycle(NDArray a) {
        if (a != null) give(a.f);                                    // null for float64: not pooled
    }

    /** As {@link #recycle} for a bare array. */
    public static void give(float[] a) {
        if (ENABLED && a != null && a.length >= MIN_LENGTH) POOL.get().push(a);
    }

    /** Empties this thread's pool (for tests that look for one array coming back). */
    public static void clear() {
        Pool p = POOL.get();
        p.arrays.clear();
        TOTAL_BYTES.addAndGet(-p.held.getAndSet(0));
    }

    /** This thread's counts of arrays taken from and given to the pool (for tests). */
    public static long[] stats() {
        Pool p = POOL.get();
        return new long[]{p.taken, p.given};
    }

    /** True unless {@code -Dsequoia.gradPool=false} or {@link #setEnabled}. */
    public static boolean enabled() { return ENABLED; }

    /** Turns recycling on or off for every thread (tests compare the two; arrays already pooled stay until taken). */
    public static void setEnabled(boolean on) { ENABLED = on; }
}
