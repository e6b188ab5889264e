package io.sequoia.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.cli.CliRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchAllTest {
    @Test
    void benchAllPrintsOneJsonLinePerRowOfEveryBenchmark() {
        Object[] r = CliRun.capture("bench", "all", "--quick", "--threads", "1", "--json");
        String text = (String) r[1];
        assertEquals(0, r[0], text);
        List<JsonObject> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{")) rows.add(JsonParser.parseString(line).getAsJsonObject());
        }
        long gemm = rows.stream().filter(o -> o.get("bench").getAsString().equals("gemm")).count();
        long lstm = rows.stream().filter(o -> o.get("bench").getAsString().equals("lstm") && o.get("cell").getAsString().equals("lstm")).count();
        long gru = rows.stream().filter(o -> o.get("bench").getAsString().equals("lstm") && o.get("cell").getAsString().equals("gru")).count();
        long enc = rows.stream().filter(o -> o.get("bench").getAsString().equals("encoder")).count();
        assertEquals(1, gemm, text);
        assertEquals(2, lstm, text);
        assertEquals(2, gru, text);
        assertEquals(2, enc, text);
        for (JsonObject o : rows) {
            if (o.get("bench").getAsString().equals("gemm")) {
                assertTrue(o.get("gflops").getAsDouble() > 0, o.toString());
            } else {
                assertTrue(o.get("ms_per_step").getAsDouble() > 0, o.toString());
                assertEquals(1, o.get("threads").getAsInt(), o.toString());
                assertTrue(o.has("alloc_mb_per_step"), o.toString());
            }
        }
    }

    @Test
    void lstmBenchRefusesAnUnknownCell() {
        Object[] r = CliRun.capture("bench", "lstm", "--cell", "transformer");
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).lines().findFirst().orElse("").contains("--cell"), (String) r[1]);
    }

    @Test
    void encoderBenchRefusesHeadsThatDoNotDivideTheWidth() {
        Object[] r = CliRun.capture("bench", "encoder", "--d-model", "16", "--heads", "3");
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).lines().findFirst().orElse("").contains("--heads"), (String) r[1]);
    }
}
