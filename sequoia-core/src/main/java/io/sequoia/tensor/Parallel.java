package io.sequoia.tensor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread pool of the library: a fixed pool sized to the cores (by default
 * {@link Runtime#availableProcessors()}), used by every parallel kernel.
 *
 * <p>{@link #forRange} splits an index range into contiguous chunks, runs one chunk on the
 * calling thread and the others on the pool, and returns when all are done. Parallelism
 * never nests: a call made from inside a chunk (on a pool thread or on the caller while it
 * runs its own chunk) runs serially on the current thread. This is what keeps a parallel
 * GEMM inside a parallel loop from oversubscribing the cores.
 */
public final class Parallel {
    /** A body of work over the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final AtomicInteger WORKER_IDS = new AtomicInteger();

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static ExecutorService pool; // threads - 1 workers; the caller is the last one
    private static int poolSize;

    private Parallel() {}

    /** Number of threads (pool workers plus the calling thread) a parallel region uses. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads parallel regions use (1 = everything serial). The pool is
     * rebuilt lazily on the next parallel region; work already running is unaffected.
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Parallel.setThreads: thread count must be positive; expected >= 1, got " + n);
        }
        threads = n;
    }

    /** True when called from inside a parallel region (where nested regions run serially). */
    public static boolean insideParallelRegion() {
        return INSIDE.get();
    }

    /**
     * Runs {@code body} over {@code [from, to)} split into at most {@link #threads()}
     * contiguous chunks of at least {@code minChunk} indices. Serial when there is a single
     * chunk, when only one thread is configured, or when already inside a parallel region.
     * An exception thrown by any chunk is rethrown (the first one) after all chunks end.
     */
    public static void forRange(int from, int to, int minChunk, RangeBody body) {
        int count = to - from;
        if (count <= 0) return;
        int grain = Math.max(1, minChunk);
        int chunks = (int) Math.min(threads, ((long) count + grain - 1) / grain);
        if (chunks <= 1 || INSIDE.get()) {
            body.run(from, to);
            return;
        }
        ExecutorService p = pool(chunks - 1);
        Future<?>[] futures = new Future<?>[chunks - 1];
        for (int t = 1; t < chunks; t++) {
            int lo = from + (int) ((long) count * t / chunks);
            int hi = from + (int) ((long) count * (t + 1) / chunks);
            futures[t - 1] = p.submit(() -> body.run(lo, hi));
        }
        Throwable failure = null;
        INSIDE.set(Boolean.TRUE);
        try {
            body.run(from, from + (int) ((long) count / chunks));
        } catch (Throwable e) {
            failure = e;
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
        awaitAll(futures, failure, "Parallel.forRange: a chunk failed");
    }

    /** Waits for every future, then rethrows {@code failure} or the first task's exception. */
    private static void awaitAll(Future<?>[] futures, Throwable failure, String what) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException) throw (RuntimeException) failure;
        if (failure instanceof Error) throw (Error) failure;
        if (failure != null) throw new IllegalStateException(what, failure);
    }

    /** Set while a team runs: one team at a time (see {@link #tryTeam}). */
    private static final java.util.concurrent.atomic.AtomicBoolean TEAM_ACTIVE = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Runs {@code member.accept(0..team-1)} concurrently — member 0 on the calling thread, the
     * others on pool workers — for members that wait for each other (a {@link TeamBarrier}), which
     * is why they are never run one after another on one thread. Returns false without running
     * anything when the team cannot be formed safely: {@code team < 2}, the caller is inside a
     * parallel region, or another team is running (two teams queued behind each other on the pool
     * could each hold workers waiting for members that never start). An exception of any member is
     * rethrown after all have ended; members must release each other on failure
     * ({@link TeamBarrier#breakWith}).
     */
    static boolean tryTeam(int team, java.util.function.IntConsumer member) {
        if (team < 2 || INSIDE.get() || !TEAM_ACTIVE.compareAndSet(false, true)) return false;
        try {
            ExecutorService p = pool(team - 1);
            Future<?>[] futures = new Future<?>[team - 1];
            for (int t = 1; t < team; t++) {
                int id = t;
                futures[t - 1] = p.submit(() -> member.accept(id));
            }
            Throwable failure = null;
            INSIDE.set(Boolean.TRUE);
            try {
                member.accept(0);
            } catch (Throwable e) {
                failure = e;
            } finally {
                INSIDE.set(Boolean.FALSE);
            }
            awaitAll(futures, failure, "Parallel.tryTeam: a member failed");
            return true;
        } finally {
            TEAM_ACTIVE.set(false);
        }
    }

    /**
     * Like {@link #forRange}, but {@code [from, to)} is cut into pieces of {@code chunk} indices
     * that the caller and the pool workers claim one at a time. A worker that starts late (its
     * core busy with another process) finds no work left and the caller does not wait for it:
     * the call returns as soon as every piece is done. Serial under the same conditions as
     * {@link #forRange}.
     */
    public static void forDynamic(int from, int to, int chunk, RangeBody body) {
        int count = to - from;
        if (count <= 0) return;
        int step = Math.max(1, chunk);
        int pieces = (int) (((long) count + step - 1) / step);
        int helpers = Math.min(threads, pieces) - 1;
        if (helpers <= 0 || INSIDE.get()) {
            body.run(from, to);
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = Thread.currentThread();
        Runnable claim = () -> {
            int piece;
            while ((piece = next.getAndIncrement()) < pieces) {
                int lo = from + piece * step;
                try {
                    body.run(lo, Math.min(to, lo + step));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                if (done.incrementAndGet() == pieces) java.util.concurrent.locks.LockSupport.unpark(caller);
            }
        };
        ExecutorService p = pool(helpers);
        for (int t = 0; t < helpers; t++) p.execute(claim);
        INSIDE.set(Boolean.TRUE);
        try {
            claim.run();
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
        while (done.get() < pieces) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000L);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException) throw (RuntimeException) e;
        if (e instanceof Error) throw (Error) e;
        if (e != null) throw new IllegalStateException("Parallel.forDynamic: a chunk failed", e);
    }

    /** How long an idle worker keeps polling for the next task before it blocks (system property, microseconds). */
    static final long WORKER_SPIN_NANOS = Long.getLong("sequoia.parallel.spinMicros", 100L) * 1000L;

    /**
     * The pool's task queue: an idle worker polls it for {@link #WORKER_SPIN_NANOS} before it
     * blocks, so the regions of a training step that follow each other within microseconds (GEMMs,
     * elementwise kernels) find their workers awake instead of paying a thread wake-up each
     * (as OpenMP runtimes spin for a while, {@code OMP_WAIT_POLICY}/{@code KMP_BLOCKTIME}).
     */
    private static final class SpinningQueue extends java.util.concurrent.LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public Runnable take() throws InterruptedException {
            if (WORKER_SPIN_NANOS > 0) {
                long start = System.nanoTime();
                int spins = 0;
                do {
                    Runnable r = poll();
                    if (r != null) return r;
                    Thread.onSpinWait();
                } while ((++spins & 15) != 0 || System.nanoTime() - start < WORKER_SPIN_NANOS);
            }
            return super.take();
        }
    }

    private static synchronized ExecutorService pool(int workersNeeded) {
        int want = Math.max(workersNeeded, threads - 1);
        if (pool == null || poolSize < want) {
            if (pool != null) pool.shutdown();
            ThreadFactory factory = r -> {
                Thread t = new Thread(() -> {
                    INSIDE.set(Boolean.TRUE);
                    r.run();
                }, "sequoia-worker-" + WORKER_IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = new java.util.concurrent.ThreadPoolExecutor(want, want, 0L, java.util.concurrent.TimeUnit.MILLISECONDS,
                    new SpinningQueue(), factory);
            poolSize = want;
        }
        return pool;
    }
}
