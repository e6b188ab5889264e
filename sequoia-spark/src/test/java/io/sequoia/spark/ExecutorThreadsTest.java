package io.sequoia.spark;

import io.sequoia.tensor.Parallel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExecutorThreadsTest {
    @Test void localMastersGiveTheirSlots() {
        assertEquals(1, ExecutorThreads.localSlots("local", 8));
        assertEquals(2, ExecutorThreads.localSlots("local[2]", 8));
        assertEquals(8, ExecutorThreads.localSlots("local[*]", 8));
        assertEquals(3, ExecutorThreads.localSlots("local[3,2]", 8));
    }

    /** local[2] (the tests' session): each task gets the cores divided by two slots, at least one thread. */
    @Test void aTaskGetsItsShareAndTheDriverGetsItsPoolBack() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(1, cores / 2), ExecutorThreads.perTask(LocalSpark.get().sparkContext()));
        int before = Parallel.threads();
        try (ExecutorThreads.Restore r = ExecutorThreads.remember()) {
            ExecutorThreads.set(before + 1);
            assertEquals(before + 1, Parallel.threads());
        }
        assertEquals(before, Parallel.threads());
    }
}
