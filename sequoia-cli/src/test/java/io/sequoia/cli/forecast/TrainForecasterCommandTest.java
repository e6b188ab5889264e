package io.sequoia.cli.forecast;

import io.sequoia.cli.CliRun;
import io.sequoia.io.ModelFolder;
import io.sequoia.timeseries.ForecasterFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code sequoia train forecaster}: a folder that serve and export read, and usage errors before any data is read. */
class TrainForecasterCommandTest {
    static final String AIR = ForecastCommandTest.AIR;
    @TempDir Path dir;

    @Test void classicalAndNeuralFoldersAreWritten() throws Exception {
        Path ets = dir.resolve("air-ets"), gru = dir.resolve("air-gru");
        String out = CliRun.run(0, "train", "forecaster", "--data", AIR, "--target", "Passengers", "--model", "ets", "--transform", "log",
                "--horizon", "12", "--level", "0.8", "--out", ets.toString(), "--json");
        assertTrue(out.contains("fitted to each series"), out);
        assertEquals(ForecasterFolder.TASK, ModelFolder.task(ets));
        assertEquals(12, ForecasterFolder.load(ets).forecast(new double[]{112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135,
                125, 149, 170, 170, 158, 133, 114, 140}, 12, 0.8).mean().length);
        CliRun.run(0, "train", "forecaster", "--data", AIR, "--target", "Passengers", "--model", "gru", "--horizon", "6", "--epochs", "2",
                "--hidden", "4", "--out", gru.toString());
        ForecasterFolder f = ForecasterFolder.load(gru);
        assertTrue(f.isNeural());
        assertEquals(6, f.maxHorizon());
    }

    @Test void optionsThatWouldHaveNoEffectAreRefused() {
        String out = CliRun.run(2, "train", "forecaster", "--data", AIR, "--target", "Passengers", "--model", "ets", "--horizon", "3",
                "--hidden", "8", "--out", dir.resolve("x").toString());
        assertTrue(out.contains("--hidden has no effect"), out);
        out = CliRun.run(2, "train", "forecaster", "--data", AIR, "--target", "Passengers", "--model", "lstm", "--horizon", "3", "--order", "1,1,1",
                "--out", dir.resolve("x").toString());
        assertTrue(out.contains("--order has no effect"), out);
        out = CliRun.run(2, "train", "forecaster", "--data", AIR, "--target", "Passengers", "--model", "ets", "--horizon", "0", "--out", dir.resolve("x").toString());
        assertTrue(out.contains("--horizon"), out);
        out = CliRun.run(2, "train", "forecaster", "--data", AIR, "--target", "Passengers", "--model", "ets", "--horizon", "3");
        assertTrue(out.contains("--out"), out);
    }
}
