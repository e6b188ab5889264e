package io.sequoia.cli.text;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train classifier → evaluate → predict on a tiny CSV, through the real command line. */
class TextCommandsTest {
    @TempDir Path tmp;

    private String[] run(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        int code;
        try {
            code = Main.commandLine().execute(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        assertEquals(expectedExit, code, out);
        return out.strip().split("\n");
    }

    @Test void trainEvaluatePredictWithJson() throws Exception {
        StringBuilder csv = new StringBuilder("id,message,kind\n");
        for (int i = 0; i < 120; i++) csv.append(i).append(",\"").append(i % 2 == 0 ? "win cash now, free prize" : "see you at lunch today").append(" ").append(i).append("\",")
                .append(i % 2 == 0 ? "spam" : "ham").append('\n');
        Path data = tmp.resolve("sms.csv"), model = tmp.resolve("model");
        Files.writeString(data, csv);
        String[] out = run(0, "train", "classifier", "--data", data.toString(), "--text-col", "message", "--label-col", "3", "--model", "cnn",
                "--embed-dim", "8", "--hidden", "4", "--epochs", "3", "--batch-size", "16", "--lr", "0.02", "--test-fraction", "0.25",
                "--out", model.toString(), "--json");
        JsonObject j = JsonParser.parseString(out[out.length - 1]).getAsJsonObject();
        assertEquals(1.0, j.get("accuracy").getAsDouble(), out[out.length - 1]);
        assertTrue(j.has("macro_f1") && j.has("loss"));
        assertTrue(Files.isRegularFile(model.resolve("vocab.txt")) && Files.size(model.resolve("curves.png")) > 1000);

        String[] ev = run(0, "evaluate", "--model", model.toString(), "--data", data.toString(), "--text-col", "message", "--label-col", "kind", "--json");
        assertEquals(1.0, JsonParser.parseString(ev[ev.length - 1]).getAsJsonObject().get("accuracy").getAsDouble());

        String[] pr = run(0, "predict", "--model", model.toString(), "free cash prize", "lunch today?");
        assertTrue(pr[pr.length - 2].startsWith("spam") && pr[pr.length - 1].startsWith("ham"), String.join("\n", pr));
    }

    @Test void crossValidationReportsFoldsWithMeanAndStd() throws Exception {
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 60; i++) tsv.append(i % 2 == 0 ? "pos\tlovely film " : "neg\tawful film ").append(i).append('\n');
        Path data = tmp.resolve("r.tsv");
        Files.writeString(data, tsv);
        String[] out = run(0, "train", "classifier", "--data", data.toString(), "--no-header", "--text-col", "2", "--label-col", "1",
                "--model", "gru", "--embed-dim", "8", "--hidden", "4", "--epochs", "3", "--lr", "0.05", "--cv", "3", "--json");
        JsonObject j = JsonParser.parseString(out[out.length - 1]).getAsJsonObject();
        assertEquals(3, j.getAsJsonArray("folds").size());
        assertTrue(j.has("accuracy_std"));
    }

    @Test void missingTestDataIsBadUsage() throws Exception {
        Path data = tmp.resolve("x.csv");
        Files.writeString(data, "text,label\na,x\nb,y\n");
        run(2, "train", "classifier", "--data", data.toString());
    }

    @Test void datasetsList() {
        String[] out = run(0, "datasets", "list", "--cache", tmp.toString());
        assertTrue(out[0].startsWith("mr "), out[0]);
    }
}
