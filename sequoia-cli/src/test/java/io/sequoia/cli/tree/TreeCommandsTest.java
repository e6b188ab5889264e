package io.sequoia.cli.tree;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train tree → evaluate → predict (bracketed and plain text, with --plot) on tiny files, through the real command line. */
class TreeCommandsTest {
    @TempDir Path tmp;

    private static String run(int expectedExit, String... args) { return io.sequoia.cli.CliRun.run(expectedExit, args); }

    private static String last(String out) { return out.substring(out.lastIndexOf('\n') + 1); }

    private Path folder() throws Exception {
        Path d = tmp.resolve("trees");
        Files.createDirectories(d);
        String train = String.join("\n", "(4 (3 good) (2 film))", "(0 (1 bad) (2 film))", "(1 (2 not) (3 good))", "(3 (2 not) (1 bad))",
                "(4 (2 a) (4 (3 good) (2 film)))", "(0 (2 a) (0 (1 bad) (2 film)))", "(2 (2 a) (2 film))", "(3 (2 film) (3 good))") + "\n";
        Files.writeString(d.resolve("train.txt"), train);
        Files.writeString(d.resolve("dev.txt"), train);
        Files.writeString(d.resolve("test.txt"), "(1 (2 not) (3 good))\n(3 (2 not) (1 bad))\n(2 (2 a) (2 film))\n");
        return d;
    }

    @Test void trainEvaluatePredictAndPlot() throws Exception {
        Path d = folder(), model = tmp.resolve("model"), png = tmp.resolve("neg.png");
        String out = run(0, "train", "tree", "--data", d.toString(), "--model", "treelstm", "--embed-dim", "6", "--hidden", "6",
                "--dropout", "0", "--epochs", "60", "--patience", "0", "--batch-size", "4", "--lr", "0.05", "--out", model.toString(), "--json");
        JsonObject j = JsonParser.parseString(last(out)).getAsJsonObject();
        assertEquals(1.0, j.get("root_accuracy").getAsDouble(), out);
        assertTrue(j.has("all_accuracy") && j.has("binary_root_accuracy") && j.has("seconds_per_epoch"), out);
        assertTrue(Files.size(model.resolve("curves.png")) > 1000);

        String ev = run(0, "evaluate", "--model", model.toString(), "--data", d.resolve("test.txt").toString(), "--json");
        JsonObject e = JsonParser.parseString(last(ev)).getAsJsonObject();
        assertEquals(1.0, e.get("root_accuracy").getAsDouble(), ev);
        assertEquals(1.0, e.get("binary_root_accuracy").getAsDouble(), ev);
        assertEquals(7.0 / 9, e.get("all_accuracy").getAsDouble(), 2.0 / 9 + 1e-9, ev);

        String pr = run(0, "predict", "--model", model.toString(), "--plot", png.toString(), "(2 (2 not) (2 bad))");
        assertTrue(pr.contains("positive") && pr.contains("(3 (2 not) (1 bad))"), pr);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() >= 300 && img.getHeight() >= 150);
        String plain = run(0, "predict", "--model", model.toString(), "--json", "not good");
        assertTrue(last(plain).contains("\"tree\":\"(1 (2 not) (3 good))\""), plain);
    }

    @Test void binaryWithANeutralClassTrainsEvaluatesAndPlots() throws Exception {
        Path d = folder(), model = tmp.resolve("ternary"), png = tmp.resolve("t.png");
        String out = run(0, "train", "tree", "--data", d.toString(), "--classes", "3", "--embed-dim", "6", "--hidden", "6",
                "--dropout", "0", "--epochs", "40", "--batch-size", "4", "--out", model.toString(), "--json");
        assertTrue(out.contains("3 classes"), out);
        JsonObject j = JsonParser.parseString(last(out)).getAsJsonObject();
        assertEquals(j.get("binary_root_accuracy").getAsDouble(), j.get("root_accuracy").getAsDouble(), 1e-12, out);
        String ev = run(0, "evaluate", "--model", model.toString(), "--data", d.resolve("test.txt").toString(), "--json");
        JsonObject e = JsonParser.parseString(last(ev)).getAsJsonObject();
        assertEquals(2, e.get("binary_trees").getAsInt(), ev);
        String pr = run(0, "predict", "--model", model.toString(), "--plot", png.toString(), "(2 (2 film) (2 film))");
        assertTrue(pr.contains("neutral"), pr);
        assertTrue(ImageIO.read(png.toFile()).getWidth() >= 150);
    }

    @Test void thePapersObjectivesAndLeavesFromTheCommandLine() throws Exception {
        Path d = folder();
        for (String[] v : new String[][]{{"rntn", "socher"}, {"treelstm", "tai"}}) {
            Path model = tmp.resolve("m-" + v[0]);
            String out = run(0, "train", "tree", "--data", d.toString(), "--model", v[0], "--embed-dim", "4", "--hidden", "4", "--epochs", "2",
                    "--optimizer", "adagrad", "--lr", "0.05", "--clip", "0", "--objective", v[1], "--paper-leaf", "--adagrad-reset", "1", "--adagrad-eps", "1e-3",
                    "--out", model.toString(), "--json");
            assertTrue(out.contains("training: adagrad (reset every 1 epochs, eps 0.00100000) lr"), out);
            JsonObject j = JsonParser.parseString(last(out)).getAsJsonObject();
            assertEquals(v[1], j.get("objective").getAsString(), out);
            assertTrue(j.get("paper_leaf").getAsBoolean(), out);
            assertTrue(out.contains("objective: loss summed per tree"), out);
            assertTrue(out.contains("weight decay 0.00000, batch"), "the objective's L2 alone, no default weight decay on top: " + out);
            assertTrue(Files.readString(model.resolve("config.json")).contains("\"paper_leaf\": true"), v[0]);
            String ev = run(0, "evaluate", "--model", model.toString(), "--data", d.resolve("test.txt").toString(), "--json");
            assertEquals(j.get("root_accuracy").getAsDouble(), JsonParser.parseString(last(ev)).getAsJsonObject().get("root_accuracy").getAsDouble(), 1e-12, ev);
        }
        String out = run(2, "train", "tree", "--data", d.toString(), "--objective", "sum");
        assertTrue(out.contains("--objective: expected mean, socher or tai, got sum"), out);
        out = run(2, "train", "tree", "--data", d.toString(), "--adagrad-eps", "-1");
        assertTrue(out.contains("--adagrad-eps: expected a non-negative number, got -1"), out);
    }

    @Test void weightDecayIsRefusedWithAnObjectiveThatCarriesItsOwnL2() throws Exception {
        Path d = folder();
        String out = run(2, "train", "tree", "--data", d.toString(), "--model", "rntn", "--objective", "socher", "--weight-decay", "1e-5");
        assertTrue(out.contains("--weight-decay 1.0E-5 with --objective socher: the objective adds its own L2 penalty"), out);
        out = run(2, "train", "tree", "--data", d.toString(), "--model", "treelstm", "--weight-decay", "1e-4");
        assertTrue(out.contains("--weight-decay 1.0E-4 with --objective tai (the default for --model treelstm)"), out);
        assertTrue(out.contains("give --weight-decay 0, or --objective mean"), out);
        for (String[] ok : new String[][]{{"tai", "0", "weight decay 0.00000, batch"}, {"mean", "1e-4", "weight decay 0.000100000, batch"}}) {
            out = run(0, "train", "tree", "--data", d.toString(), "--model", "treelstm", "--embed-dim", "4", "--hidden", "4", "--epochs", "1",
                    "--objective", ok[0], "--weight-decay", ok[1]);
            assertTrue(out.contains(ok[2]), out);
        }
    }

    @Test void theObjectiveLineSaysWhetherPretrainedVectorsStayFixed() throws Exception {
        Path d = folder(), vec = tmp.resolve("v.txt");
        Files.writeString(vec, "2 4\ngood 0.1 0.2 0.3 0.4\nbad -0.1 -0.2 -0.3 -0.4\n");
        String fixed = run(0, "train", "tree", "--data", d.toString(), "--embed-dim", "4", "--hidden", "4", "--epochs", "1", "--pretrained", vec.toString());
        assertTrue(fixed.contains("word vectors fixed; leaf"), fixed);
        String tuned = run(0, "train", "tree", "--data", d.toString(), "--embed-dim", "4", "--hidden", "4", "--epochs", "1", "--pretrained", vec.toString(), "--tune-embeddings");
        assertTrue(tuned.contains("word vectors by SGD at 0.1; leaf"), tuned);
    }

    @Test void embedLrSetsTheWordVectorsSgdRate() throws Exception {
        Path d = folder(), vec = tmp.resolve("v.txt");
        Files.writeString(vec, "2 4\ngood 0.1 0.2 0.3 0.4\nbad -0.1 -0.2 -0.3 -0.4\n");
        String[] base = {"train", "tree", "--data", d.toString(), "--embed-dim", "4", "--hidden", "4", "--epochs", "3", "--dropout", "0",
                "--pretrained", vec.toString(), "--tune-embeddings", "--json"};
        String dflt = run(0, base);
        String same = run(0, cat(base, "--embed-lr", "0.1"));
        String other = run(0, cat(base, "--embed-lr", "0.7"));
        assertTrue(other.contains("word vectors by SGD at 0.7; leaf"), other);
        JsonObject a = JsonParser.parseString(last(dflt)).getAsJsonObject(), b = JsonParser.parseString(last(same)).getAsJsonObject(),
                c = JsonParser.parseString(last(other)).getAsJsonObject();
        assertEquals(0.7, c.get("embed_lr").getAsDouble(), 0, other);
        assertEquals(a.getAsJsonObject("dev").toString(), b.getAsJsonObject("dev").toString(), "0.1 is Tai et al.'s rate, the default under --objective tai");
        assertTrue(!a.getAsJsonObject("dev").toString().equals(c.getAsJsonObject("dev").toString()), "another rate trains differently: " + c);
        String out = run(2, "train", "tree", "--data", d.toString(), "--pretrained", vec.toString(), "--embed-lr", "0.05");
        assertTrue(out.contains("--embed-lr has no effect with fixed --pretrained vectors"), out);
        out = run(2, "train", "tree", "--data", d.toString(), "--embed-lr", "0");
        assertTrue(out.contains("--embed-lr: expected a positive number, got 0"), out);
    }

    @Test void embedInitSetsTheRandomWordVectorsRange() throws Exception {
        Path d = folder();
        String[] base = {"train", "tree", "--data", d.toString(), "--model", "rntn", "--embed-dim", "4", "--epochs", "2", "--json"};
        String dflt = run(0, base), small = run(0, cat(base, "--embed-init", "0.001"));
        assertTrue(dflt.contains("vectors random U(-0.05, 0.05)"), dflt);
        assertTrue(small.contains("vectors random U(-0.001, 0.001)"), small);
        JsonObject a = JsonParser.parseString(last(dflt)).getAsJsonObject(), b = JsonParser.parseString(last(small)).getAsJsonObject();
        assertEquals(0.05, a.get("embed_init").getAsDouble(), 0, dflt);
        assertEquals(0.001, b.get("embed_init").getAsDouble(), 0, small);
        assertTrue(!a.getAsJsonObject("dev").toString().equals(b.getAsJsonObject("dev").toString()), "another range trains differently (dev loss): " + a + " / " + b);
        String out = run(2, "train", "tree", "--data", d.toString(), "--embed-init", "0");
        assertTrue(out.contains("--embed-init: expected a positive number, got 0"), out);
    }

    private static String[] cat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test void badInputGivesClearErrors() throws Exception {
        Path d = folder();
        String out = run(2, "train", "tree", "--data", d.toString(), "--classes", "4");
        assertTrue(out.contains("--classes: expected 5, 2 or 3, got 4"), out);
        Files.writeString(d.resolve("train.txt"), "(3 (2 good)\n");
        out = run(1, "train", "tree", "--data", d.toString(), "--epochs", "1");
        assertTrue(out.contains("train.txt:1: column 12: TreeReader: brackets stop matching"), out);
        assertTrue(!out.contains("\tat io.sequoia"), out);
    }
}
