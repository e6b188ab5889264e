package io.sequoia.cli.lm;

import io.sequoia.lm.LanguageModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory refusal of {@code train lm} must never refuse a model that fits: its parameter estimate is a lower
 * bound of the real count, and a close one (within a factor 2), for every cell type.
 */
class LmParameterBoundTest {
    @Test void theEstimateIsACloseLowerBoundOfTheRealParameterCount() {
        int[][] shapes = {{65, 16, 32, 1, 20}, {65, 64, 256, 2, 100}, {3000, 32, 64, 3, 50}, {10, 8, 128, 2, 64}};
        for (LanguageModel.Cell cell : LanguageModel.Cell.values()) {
            for (int[] s : shapes) {
                int hidden = cell == LanguageModel.Cell.TRANSFORMER ? Math.max(64, s[2] / 64 * 64) : s[2];
                LanguageModel m = LanguageModel.create(cell, s[0], s[1], hidden, s[3], 0.1, s[4]);
                double bound = TrainLmCommand.parameterBound(cell, s[0], s[1], hidden, s[3], s[4]);
                long real = m.parameterCount();
                String what = cell + " vocab " + s[0] + " embed " + s[1] + " hidden " + hidden + " layers " + s[3] + ": bound " + bound + ", real " + real;
                assertTrue(bound <= real, "a lower bound: " + what);
                assertTrue(bound >= real / 2.0, "a close one: " + what);
            }
        }
    }
}
