package io.sequoia.cli.translation;

import io.sequoia.cli.text.EvaluateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train translator → translate → evaluate → bleu on a tiny parallel text, end to end through the command classes. */
class TranslationCommandsTest {
    record Run(int code, String out, String err) {}

    static Run run(Object cmd, String... args) {
        PrintStream old = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        System.setErr(new PrintStream(err, true));
        try {
            CommandLine cl = new CommandLine(cmd);
            cl.setErr(new java.io.PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, buf.toString(), err.toString());
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
    }

    static final List<String> DE = List.of("Ein Mann fährt Fahrrad.", "Zwei Hunde spielen im Schnee.", "Eine Frau liest ein Buch.", "Kinder spielen Fußball.");
    static final List<String> EN = List.of("A man rides a bike.", "Two dogs play in the snow.", "A woman reads a book.", "Children play soccer.");

    @Test void trainTranslateEvaluateBleu(@TempDir Path dir) throws Exception {
        Path de = dir.resolve("t.de"), en = dir.resolve("t.en"), model = dir.resolve("m");
        Files.write(de, DE);
        Files.write(en, EN);
        Run t = run(new TrainTranslatorCommand(), "--train-src", de.toString(), "--train-tgt", en.toString(), "--valid-src", de.toString(),
                "--valid-tgt", en.toString(), "--bpe", "20", "--embed-dim", "32", "--hidden", "64", "--dropout", "0", "--label-smoothing", "0",
                "--lr", "0.01", "--epochs", "60", "--batch-size", "4", "--out", model.toString(), "--json");
        assertEquals(0, t.code(), t.out() + t.err());
        String last = t.out().strip().substring(t.out().strip().lastIndexOf('\n') + 1);
        assertTrue(last.contains("\"val_bleu\":100.0"), last);
        for (String f : List.of("config.json", "model.safetensors", "src_vocab.txt", "tgt_vocab.txt", "src_bpe.txt", "curves.png")) {
            assertTrue(Files.exists(model.resolve(f)), f);
        }
        Run tr = run(new TranslateCommand(), "--model", model.toString(), "--beam", "3", DE.get(0), DE.get(3));
        assertEquals(0, tr.code(), tr.err());
        assertEquals(EN.get(0) + "\n" + EN.get(3) + "\n", tr.out().replace("\r", ""));
        Run nb = run(new TranslateCommand(), "--model", model.toString(), "--beam", "3", "--length-penalty", "none", "--n-best", "2", DE.get(1));
        String[] lines = nb.out().strip().split("\n");
        assertEquals(2, lines.length, nb.out());
        double s0 = Double.parseDouble(lines[0].split(" \\|\\|\\| ")[1]), s1 = Double.parseDouble(lines[1].split(" \\|\\|\\| ")[1]);
        assertTrue(lines[0].startsWith("0 ||| ") && lines[1].startsWith("0 ||| ") && s0 >= s1, nb.out());
        Path plot = dir.resolve("att.png");
        Run ev = run(new EvaluateCommand(), "--model", model.toString(), "--src", de.toString(), "--ref", en.toString(), "--beam", "1", "--plot-attention", plot.toString(), "--json");
        assertEquals(0, ev.code(), ev.out() + ev.err());
        String evLast = ev.out().strip().substring(ev.out().strip().lastIndexOf('\n') + 1);
        var ej = com.google.gson.JsonParser.parseString(evLast).getAsJsonObject();
        assertEquals(100.0, ej.get("bleu").getAsDouble(), 1e-9, evLast);
        assertEquals(100.0, ej.get("chrf").getAsDouble(), 1e-9, evLast);
        assertTrue(ej.get("sentences_per_second").getAsDouble() > 0, evLast);
        assertTrue(ev.out().contains("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2"), ev.out());
        assertTrue(Files.size(plot) > 0);
        Path hyp = dir.resolve("h.en");
        Files.write(hyp, List.of("A man rides a bike.", "Two dogs play in snow.", "A woman reads a book.", "Children play soccer."));
        Run b = run(new BleuCommand(), "--hyp", hyp.toString(), "--ref", en.toString(), "--json");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("BLEU = ") && b.out().contains("chrF2 = "), b.out());
    }

    @Test void transformerDefaultsAreTheLabRunsAndGivenOptionsWin(@TempDir Path dir) throws Exception {
        Path de = dir.resolve("t.de"), en = dir.resolve("t.en");
        Files.write(de, DE);
        Files.write(en, EN);
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Run ra = run(new TrainTranslatorCommand(), "--train-src", de.toString(), "--train-tgt", en.toString(), "--model", "transformer",
                "--bpe", "10", "--hidden", "16", "--epochs", "1", "--out", a.toString());
        assertEquals(0, ra.code(), ra.out() + ra.err());
        Run rb = run(new TrainTranslatorCommand(), "--train-src", de.toString(), "--train-tgt", en.toString(), "--model", "transformer",
                "--bpe", "10", "--hidden", "16", "--layers", "1", "--heads", "2", "--feedforward", "32", "--dropout", "0.2", "--lr", "0.01",
                "--warmup", "5", "--epochs", "1", "--out", b.toString());
        assertEquals(0, rb.code(), rb.out() + rb.err());
        for (var c : List.of(new Object[]{a, 3, 8, 512, 0.1, 7e-4, 800}, new Object[]{b, 1, 2, 32, 0.2, 0.01, 5})) {
            String cfg = Files.readString(((Path) c[0]).resolve("config.json"));
            var j = com.google.gson.JsonParser.parseString(cfg).getAsJsonObject();
            var o = j.has("options") ? j.getAsJsonObject("options") : j;
            String all = o.toString();
            assertTrue(all.contains("\"layers\":" + c[1]) && all.contains("\"heads\":" + c[2]) && all.contains("\"feedforward\":" + c[3]), all);
            assertTrue(all.contains("\"dropout\":" + c[4]) && all.contains("\"lr\":" + c[5]) && all.contains("\"warmup\":" + c[6]), all);
        }
    }

    @Test void badUsageExitsTwoAndBadFilesNameTheLine(@TempDir Path dir) throws Exception {
        Path de = dir.resolve("a.de"), en = dir.resolve("a.en");
        Files.write(de, List.of("eins", "zwei", "drei"));
        Files.write(en, List.of("one", "two"));
        Run bad = run(new TrainTranslatorCommand(), "--train-src", de.toString(), "--train-tgt", en.toString(), "--model", "rnn", "--out", dir.resolve("m").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--model must be gru-attention"), bad.err());
        Run mismatch = run(new TrainTranslatorCommand(), "--train-src", de.toString(), "--train-tgt", en.toString(), "--out", dir.resolve("m").toString());
        assertEquals(1, mismatch.code());
        assertTrue(mismatch.err().contains(de + ":3:"), mismatch.err());
        Run none = run(new TranslateCommand(), "--model", dir.toString());
        assertEquals(2, none.code());
    }
}
