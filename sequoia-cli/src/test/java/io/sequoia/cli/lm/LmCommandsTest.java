package io.sequoia.cli.lm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train lm → generate → evaluate on a small text, end to end through the command classes. */
class LmCommandsTest {
    static String run(Object cmd, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            int code = new CommandLine(cmd).execute(args);
            assertEquals(0, code, buf.toString());
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void trainGenerateEvaluate(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "the quick brown fox jumps over the lazy dog.\n".repeat(60));
        Path model = dir.resolve("lm");
        String out = run(new TrainLmCommand(), "--text", text.toString(), "--hidden", "32", "--layers", "1", "--embed-dim", "8",
                "--seq-len", "30", "--batch-size", "4", "--epochs", "8", "--lr", "0.01", "--dropout", "0", "--out", model.toString(), "--json");
        String last = out.strip().substring(out.strip().lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("{\"val_loss\":"), out);
        double val = Double.parseDouble(last.substring(13, last.indexOf(',')));
        assertTrue(val < 1.0, "val loss " + val);
        assertTrue(Files.exists(model.resolve("config.json")) && Files.exists(model.resolve("model.safetensors")));
        String a = run(new GenerateCommand(), "--model", model.toString(), "--prime", "the quick", "--length", "40", "--seed", "3");
        String b = run(new GenerateCommand(), "--model", model.toString(), "--prime", "the quick", "--length", "40", "--seed", "3");
        assertEquals(a, b);
        assertTrue(a.startsWith("the quick"), a);
        String g = run(new GenerateCommand(), "--model", model.toString(), "--prime", "the quick", "--length", "20", "--greedy");
        assertTrue(g.startsWith("the quick brown fox"), g);
        String e = run(new EvaluateLmCommand(), "--model", model.toString(), "--text", text.toString(), "--json");
        assertTrue(e.contains("\"ppl\":"), e);
    }

    @Test
    void transformerLmAndAttentionMap(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "the quick brown fox jumps over the lazy dog.\n".repeat(40));
        Path model = dir.resolve("tlm");
        run(new TrainLmCommand(), "--text", text.toString(), "--model", "transformer", "--hidden", "32", "--layers", "2",
                "--seq-len", "24", "--batch-size", "4", "--epochs", "2", "--lr", "0.005", "--dropout", "0", "--out", model.toString());
        Path png = dir.resolve("map.png");
        String out = run(new AttentionMapCommand(), "--model", model.toString(), "--text", "the quick brown", "--out", png.toString());
        assertTrue(out.contains("wrote"), out);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100, img.getWidth() + "x" + img.getHeight());
        int exit = new CommandLine(new AttentionMapCommand()).execute("--model", model.toString(), "--text", "the", "--layer", "5", "--out", png.toString());
        assertEquals(2, exit, "a --layer out of range is bad usage");
    }
}
