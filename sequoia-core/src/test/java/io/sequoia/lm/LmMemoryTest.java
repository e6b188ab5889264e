package io.sequoia.lm;

import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory stays flat over a long run (issue 17): the heap after a full GC at epoch 50 of a small
 * language-model training is within {@value #TOLERANCE_PERCENT} % of the heap at epoch 5. A graph,
 * a gradient or a carried state kept from one step to the next would grow it by every epoch's steps.
 */
class LmMemoryTest {
    static final double TOLERANCE_PERCENT = 5;
    private static final String TEXT = "It was the best of times, it was the worst of times, it was the age of wisdom.\n".repeat(8);

    /** Used heap after full collections (System.gc() runs a full, compacting collection with G1 unless disabled). */
    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test void heapAfterGcDoesNotGrowOverFiftyEpochs() {
        Codec codec = Codec.characters(TEXT);
        int[] ids = codec.encode(TEXT), valid = codec.encode(TEXT.substring(0, 160));
        Generator.manualSeed(1);
        LanguageModel m = new RecurrentLanguageModel("lstm", codec.size(), 8, 16, 2, 0.2);
        List<Long> heap = new ArrayList<>();
        int[] epoch = {0};
        LmTrainer.train(m, ids, valid, new LmTrainer.Options(16, 4, 50, 0.01, 1, 0), null, line -> {
            if (++epoch[0] % 5 == 0) heap.add(heapAfterGc());
        });
        long at5 = heap.get(0), at50 = heap.get(heap.size() - 1);
        StringBuilder mb = new StringBuilder();
        for (int i = 0; i < heap.size(); i++) mb.append(String.format(Locale.ROOT, "%s%d: %.2f", i == 0 ? "" : ", ", 5 * (i + 1), heap.get(i) / 1048576.0));
        double growth = 100.0 * (at50 - at5) / at5;
        System.out.printf(Locale.ROOT, "heap after GC (MB) by epoch: %s; epoch 50 vs 5: %+.2f %%%n", mb, growth);
        assertTrue(growth <= TOLERANCE_PERCENT, String.format(Locale.ROOT, "heap after GC grew %.2f %% from epoch 5 to 50 (limit %.0f %%): %s MB",
                growth, TOLERANCE_PERCENT, mb));
    }
}
