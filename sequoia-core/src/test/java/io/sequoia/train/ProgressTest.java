package io.sequoia.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ProgressTest {
    private static String run(int verbose, long every) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = new Progress(verbose, out, false, every)) {
            p.epochBegin(0, 2, 3);
            for (int i = 0; i < 3; i++) p.batchEnd(Map.of("loss", 1.5 - i));
            p.epochEnd(0, 2, Map.of("loss", 0.5));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test void withoutTerminalALongEpochLogsPlainBatchLines() {
        String log = run(1, 0);
        assertTrue(log.contains("Epoch 1/2 - batch 1/3 - "), log);
        assertTrue(log.contains("Epoch 1/2 - batch 3/3 - ") && log.contains("loss: -0.5000"), log);
        assertTrue(log.lines().reduce((a, b) -> b).orElseThrow().matches("Epoch 1/2 - [0-9.]+s - loss: 0\\.5000"), log);
    }

    @Test void shortEpochsAndVerboseTwoPrintOnlyTheEpochLine() {
        assertEquals(1, run(1, Long.MAX_VALUE).lines().count());
        assertEquals(1, run(2, 0).lines().count());
        assertEquals(0, run(0, 0).lines().count());
    }
}
