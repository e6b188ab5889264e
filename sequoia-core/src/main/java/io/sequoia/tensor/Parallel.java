package io.sequoia.tensor;

import java.util.concurrent.ExecutorService;
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
     * The chunks are fixed by the arguments and the thread count alone, but not who runs them:
     * the caller and the pool workers claim them one at a time, so a worker that has not started
     * (its core taken by another process) costs nothing — the caller runs that chunk itself and
     * never waits for a thread that is not running. An exception thrown by any chunk is rethrown
     * (the first one) after all chunks end.
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
        new Claims(chunks, i -> from + (int) ((long) count * i / chunks), body).run(chunks - 1, "Parallel.forRange: a chunk failed");
    }

    /**
     * Pieces {@code [bound(i), bound(i + 1))}, i in [0, pieces), claimed one at a time by the caller
     * and the pool workers; the caller returns once every piece is done, waiting only for pieces
     * that another thread has claimed (and so was running when it claimed them).
     */
    private static final class Claims implements Runnable {
        private final int pieces;
        private final java.util.function.IntUnaryOperator bound;
        private final RangeBody body;
        private final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        private final Thread caller = Thread.currentThread();

        Claims(int pieces, java.util.function.IntUnaryOperator bound, RangeBody body) {
            this.pieces = pieces;
            this.bound = bound;
            this.body = body;
        }

        @Override public void run() {
            int piece;
            while ((piece = next.getAndIncrement()) < pieces) {
                try {
                    body.run(bound.applyAsInt(piece), bound.applyAsInt(piece + 1));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                if (done.incrementAndGet() == pieces) java.util.concurrent.locks.LockSupport.unpark(caller);
            }
        }

        /** Hands {@code helpers} claimers to the pool, claims on the calling thread, waits, rethrows. */
        void run(int helpers, String what) {
            ExecutorService p = pool(helpers);
            for (int t = 0; t < helpers; t++) p.execute(this);
            INSIDE.set(Boolean.TRUE);
            try {
                run();
            } finally {
                INSIDE.set(Boolean.FALSE);
            }
            long start = System.nanoTime();
            int spins = 0;
            while (done.get() < pieces) {                     // pieces still running on other threads
                if ((++spins & 63) != 0 || System.nanoTime() - start < TeamBarrier.SPIN_NANOS) Thread.onSpinWait();
                else java.util.concurrent.locks.LockSupport.parkNanos(50_000L);
            }
            Throwable e = failure.get();
            if (e instanceof RuntimeException) throw (RuntimeException) e;
            if (e instanceof Error) throw (Error) e;
            if (e != null) throw new IllegalStateException(what, e);
        }
    }

    /** Set while a team runs: one team at a time (see {@link #tryTeam}). */
    private static final java.util.concurrent.atomic.AtomicBoolean TEAM_ACTIVE = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Runs {@code member.accept(0..team-1)} concurrently — member 0 on the calling thread, the
     * others on pool workers — for members that wait for each other (a {@link TeamBarrier}), which
     * is why they are never run one after another on one thread. Returns false without running
     * anything when the team cannot be formed safely: {@code team < 2}, the caller is inside a
     * parallel region, another team is running (two teams queued behind each other on the pool
     * could each hold workers waiting for members that never start), or the workers have not all
     * started within {@code graceNanos} (their cores are taken by other processes: a team would
     * wait for them at every barrier, so the caller runs the work alone instead; the late workers
     * find the team called off and return). An exception of any member is rethrown after all have
     * ended; members must release each other on failure ({@link TeamBarrier#breakWith}).
     */
    static boolean tryTeam(int team, long graceNanos, java.util.function.IntConsumer member) {
        if (team < 2 || INSIDE.get() || !TEAM_ACTIVE.compareAndSet(false, true)) return false;
        try {
            Muster muster = new Muster(team - 1);
            ExecutorService p = pool(team - 1);
            for (int t = 1; t < team; t++) {
                int id = t;
                p.execute(() -> muster.member(id, member));
            }
            if (!muster.awaitCheckIns(graceNanos)) return false;
            Throwable failure = null;
            INSIDE.set(Boolean.TRUE);
            try {
                member.accept(0);
            } catch (Throwable e) {
                failure = e;
            } finally {
                INSIDE.set(Boolean.FALSE);
            }
            muster.awaitFinished();
            if (failure == null) failure = muster.failure.get();
            if (failure instanceof RuntimeException) throw (RuntimeException) failure;
            if (failure instanceof Error) throw (Error) failure;
            if (failure != null) throw new IllegalStateException("Parallel.tryTeam: a member failed", failure);
            return true;
        } finally {
            TEAM_ACTIVE.set(false);
        }
    }

    /** How long a team waits for its workers to start by default (system property, microseconds). */
    static final long TEAM_GRACE_NANOS = Long.getLong("sequoia.parallel.teamGraceMicros", 50L) * 1000L;

    /** The workers of one team: check-in, the go or call-off, the end. */
    private static final class Muster {
        private static final int PENDING = 0, GO = 1, CALLED_OFF = 2;
        private final int workers;
        private final AtomicInteger arrived = new AtomicInteger(), finished = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger state = new AtomicInteger(PENDING);
        final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        private final Thread caller = Thread.currentThread();

        Muster(int workers) { this.workers = workers; }

        /** On a pool worker: check in, wait for the caller's decision, run member {@code id} if it is go. */
        void member(int id, java.util.function.IntConsumer member) {
            arrived.incrementAndGet();
            int s;
            while ((s = state.get()) == PENDING) Thread.onSpinWait();   // the caller decides within its grace time
            if (s != GO) return;
            try {
                member.accept(id);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
            if (finished.incrementAndGet() == workers) java.util.concurrent.locks.LockSupport.unpark(caller);
        }

        /** True (go) once every worker has checked in; false (called off) if they have not within the time. */
        boolean awaitCheckIns(long graceNanos) {
            long start = System.nanoTime();
            while (arrived.get() < workers) {
                if (System.nanoTime() - start > graceNanos) {
                    if (state.compareAndSet(PENDING, CALLED_OFF)) return false;
                    break;
                }
                Thread.onSpinWait();
            }
            state.set(GO);
            return true;
        }

        void awaitFinished() {
            long start = System.nanoTime();
            int spins = 0;
            while (finished.get() < workers) {
                if ((++spins & 63) != 0 || System.nanoTime() - start < TeamBarrier.SPIN_NANOS) Thread.onSpinWait();
                else java.util.concurrent.locks.LockSupport.parkNanos(50_000L);
            }
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
        new Claims(pieces, i -> (int) Math.min(to, from + (long) i * step), body).run(helpers, "Parallel.forDynamic: a chunk failed");
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

    /** The pool's worker count (0 before the first parallel region); for tests. */
    static synchronized int poolWorkers() {
        return pool == null ? 0 : poolSize;
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
