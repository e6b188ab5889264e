package io.sequoia.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for a fixed team of threads that work in phases of a few hundred
 * microseconds to milliseconds (the packed GEMM's pack and compute phases). Arriving threads spin
 * (with {@link Thread#onSpinWait}) for up to {@link #SPIN_NANOS}, then sleep in short parks (not
 * {@code Thread.yield}, which hands a whole time slice to any other runnable process), so a team member that lost its core to another process costs the others little CPU while
 * they wait. A member that fails calls {@link #breakWith}: every waiting and later arrival throws
 * instead of waiting for ever.
 */
final class TeamBarrier {
    /** How long an arrival spins before it starts to yield and park. */
    static final long SPIN_NANOS = Long.getLong("sequoia.parallel.barrierSpinMicros", 200L) * 1000L;

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;
    private volatile Throwable broken;

    TeamBarrier(int parties) {
        if (parties < 1) throw new IllegalArgumentException("TeamBarrier: parties must be positive; expected >= 1, got " + parties);
        this.parties = parties;
    }

    /** Waits until all parties have arrived in this generation. */
    void await() {
        if (parties == 1) return;
        Throwable early = broken;
        if (early != null) throw new IllegalStateException("TeamBarrier: another team member failed", early);
        int gen = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = gen + 1;                     // volatile write releases everyone's prior writes
            return;
        }
        long start = System.nanoTime();
        int spins = 0;
        while (generation == gen) {
            Throwable b = broken;
            if (b != null) throw new IllegalStateException("TeamBarrier: another team member failed", b);
            if ((++spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000L);
            }
        }
    }

    /** Marks the barrier broken: waiting and later arrivals throw. */
    void breakWith(Throwable cause) {
        if (broken == null) broken = cause;
    }
}
