package io.sequoia.tensor;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's regions: every index once, and no wait for a worker that is not running. */
class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceInFixedChunks() {
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {2, 3, 5}) {
                Parallel.setThreads(threads);
                for (int count : new int[] {1, 2, 7, 64, 1001}) {
                    AtomicIntegerArray seen = new AtomicIntegerArray(count);
                    Set<String> chunks = ConcurrentHashMap.newKeySet();
                    for (int rep = 0; rep < 50; rep++) {
                        Parallel.forRange(0, count, 1, (lo, hi) -> {
                            chunks.add(lo + ".." + hi);
                            for (int i = lo; i < hi; i++) seen.incrementAndGet(i);
                        });
                    }
                    for (int i = 0; i < count; i++) assertEquals(50, seen.get(i), "index " + i);
                    assertEquals(Math.min(threads, count), chunks.size(), "the same chunks every time: " + chunks);
                    AtomicIntegerArray dyn = new AtomicIntegerArray(count);
                    Parallel.forDynamic(0, count, 3, (lo, hi) -> { for (int i = lo; i < hi; i++) dyn.incrementAndGet(i); });
                    for (int i = 0; i < count; i++) assertEquals(1, dyn.get(i), "forDynamic index " + i);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Every pool worker held in a region of another thread (as if another process had their cores):
     * a region on this thread runs all its chunks itself, and a team is called off, instead of
     * waiting for workers that cannot start.
     */
    @Test
    void aRegionDoesNotWaitForWorkersThatCannotStart() throws Exception {
        int saved = Parallel.threads();
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = null;
        try {
            Parallel.setThreads(2);
            Parallel.forRange(0, 2, 1, (lo, hi) -> { });           // the pool exists
            int workers = Parallel.poolWorkers();
            Parallel.setThreads(workers + 1);
            AtomicInteger held = new AtomicInteger();
            holder = new Thread(() -> Parallel.forRange(0, workers + 1, 1, (lo, hi) -> {
                if (Thread.currentThread().getName().startsWith("sequoia-worker")) {
                    held.incrementAndGet();
                    await(release);
                } else {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (held.get() < workers && System.nanoTime() < end) Thread.onSpinWait();
                }
            }));
            holder.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (held.get() < workers && System.nanoTime() < end) Thread.sleep(1);
            assertEquals(workers, held.get(), "every worker held");

            Set<String> ranOn = ConcurrentHashMap.newKeySet();
            Parallel.forRange(0, workers + 1, 1, (lo, hi) -> ranOn.add(Thread.currentThread().getName()));
            assertEquals(Set.of(Thread.currentThread().getName()), ranOn, "all chunks on the caller");
            Parallel.forDynamic(0, 10, 1, (lo, hi) -> ranOn.add(Thread.currentThread().getName()));
            assertEquals(Set.of(Thread.currentThread().getName()), ranOn, "all pieces on the caller");

            AtomicInteger members = new AtomicInteger();
            assertFalse(Parallel.tryTeam(workers + 1, 1_000_000L, id -> members.incrementAndGet()), "the team is called off");
            assertEquals(0, members.get(), "no member ran");
        } finally {
            release.countDown();
            if (holder != null) holder.join(30_000);
            Parallel.setThreads(saved);
        }
        // the workers free again: a team forms, every member once
        int savedAgain = Parallel.threads();
        try {
            Parallel.setThreads(2);
            AtomicIntegerArray ran = new AtomicIntegerArray(2);
            assertTrue(Parallel.tryTeam(2, TimeUnit.SECONDS.toNanos(10), ran::incrementAndGet), "a team of free workers forms");
            assertEquals(1, ran.get(0));
            assertEquals(1, ran.get(1));
        } finally {
            Parallel.setThreads(savedAgain);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
