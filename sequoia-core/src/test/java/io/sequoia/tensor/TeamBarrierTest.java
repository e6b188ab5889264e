package io.sequoia.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TeamBarrierTest {
    @Test
    void noPartyPassesAPhaseBeforeAllHaveArrived() throws Exception {
        int parties = 3, phases = 2000;
        TeamBarrier b = new TeamBarrier(parties);
        AtomicInteger[] arrivals = new AtomicInteger[phases];
        for (int i = 0; i < phases; i++) arrivals[i] = new AtomicInteger();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread[] ts = new Thread[parties];
        for (int t = 0; t < parties; t++) {
            ts[t] = new Thread(() -> {
                for (int ph = 0; ph < phases; ph++) {
                    arrivals[ph].incrementAndGet();
                    b.await();
                    int seen = arrivals[ph].get();
                    if (seen != parties) wrong.compareAndSet(null, "phase " + ph + " passed with " + seen + " arrivals");
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join(60_000);
        assertEquals(null, wrong.get());
    }

    @Test
    void aBrokenBarrierReleasesWaitersWithAnError() throws Exception {
        TeamBarrier b = new TeamBarrier(2);
        AtomicReference<Throwable> got = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                b.await();
            } catch (Throwable e) {
                got.set(e);
            }
        });
        waiter.start();
        Thread.sleep(20);
        b.breakWith(new IllegalArgumentException("member failed"));
        waiter.join(10_000);
        assertTrue(got.get() instanceof IllegalStateException, "waiter got " + got.get());
        assertEquals("member failed", got.get().getCause().getMessage());
        assertThrows(IllegalStateException.class, b::await);
    }

    @Test
    void aParallelProductOnATeamOfTwoCompletes() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            float[] a = new float[300 * 300], bb = new float[300 * 300], c = new float[300 * 300];
            java.util.Arrays.fill(a, 1f);
            java.util.Arrays.fill(bb, 2f);
            Gemm.sgemm(false, false, 300, 300, 300, 1f, a, 0, 300, bb, 0, 300, 0f, c, 0, 300);
            assertEquals(600f, c[0]);
            assertEquals(600f, c[c.length - 1]);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void concurrentProductsFromSeveralThreadsCompleteAndAgree() throws Exception {
        // three application threads multiplying at once with a team size of 3: teams must not wait
        // for members queued behind another team's (one team at a time, the others run serially)
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(3);
            int n = 200;
            float[] a = new float[n * n], b = new float[n * n], want = new float[n * n];
            for (int i = 0; i < a.length; i++) { a[i] = (i % 13) * 0.01f; b[i] = (i % 7) * 0.02f; }
            ScalarGemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, want, 0, n);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread[] ts = new Thread[3];
            for (int t = 0; t < ts.length; t++) {
                ts[t] = new Thread(() -> {
                    try {
                        float[] c = new float[n * n];
                        for (int rep = 0; rep < 40; rep++) {
                            Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                            for (int i = 0; i < c.length; i++) {
                                if (Math.abs(c[i] - want[i]) > 1e-3f * (1 + Math.abs(want[i]))) {
                                    throw new AssertionError("element " + i + ": " + c[i] + " vs " + want[i]);
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                ts[t].setDaemon(true);
                ts[t].start();
            }
            for (Thread t : ts) t.join(120_000);
            for (Thread t : ts) assertTrue(!t.isAlive(), "a GEMM thread did not finish within 120 s (deadlock?)");
            assertEquals(null, failure.get());
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
