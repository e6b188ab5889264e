package io.sequoia.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@link Model#fit}: a shutdown hook asks the loop to stop at the
 * next step boundary and waits (up to {@value #GRACE_SECONDS} s) while the loop writes a final
 * checkpoint; then the JVM exits (130 after SIGINT, 143 after SIGTERM). Without a checkpoint folder
 * the loop has nothing to write and the JVM exits at once. Another framework whose own shutdown hook tears down
 * what the loop's step needs (Spark stops its context, on which a data-parallel step runs its job) calls
 * {@link #awaitCheckpoint()} first in that hook.
 */
public final class Interruption {
    private Interruption() {}

    static final int GRACE_SECONDS = 120;
    private static volatile boolean requested;
    private static volatile CountDownLatch handled;
    private static boolean installed;

    /** Installs the hook once, and arms it for a run that checkpoints. */
    static synchronized void arm() {
        handled = new CountDownLatch(1);
        if (installed) return;
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(Interruption::awaitCheckpoint, "sequoia-interrupt"));
    }

    /** The run is over (finished, failed or checkpointed after a request): the hook has nothing to wait for. */
    static synchronized void disarm() {
        CountDownLatch h = handled;
        handled = null;
        if (h != null) h.countDown();
    }

    static boolean requested() { return requested; }

    /**
     * The hook's work; also for another framework's shutdown hook, called before it tears down what a running fit loop needs: asks the
     * loop to stop at the next step boundary (as this class's own hook does) and waits, up to {@value #GRACE_SECONDS} s,
     * until the loop has written its checkpoint or the run has ended. Returns at once when no checkpointing run is going.
     */
    public static void awaitCheckpoint() {
        CountDownLatch h = handled;
        if (h == null) return;
        requested = true;
        try {
            h.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
