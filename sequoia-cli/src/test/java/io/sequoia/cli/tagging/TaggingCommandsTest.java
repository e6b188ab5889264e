package io.sequoia.cli.tagging;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** train tagger → evaluate → tag on small files in every format, through the real command line. */
class TaggingCommandsTest {
    @TempDir Path tmp;

    private static String run(int expectedExit, String... args) { return io.sequoia.cli.CliRun.run(expectedExit, args); }

    private static String last(String out) { String[] l = out.split("\n"); return l[l.length - 1]; }

    static final String[] PEOPLE = {"Anna", "Peter", "Maria", "John"}, PLACES = {"Paris", "Oslo", "Rome"}, OTHER = {"met", "in", "the", "saw"};

    /** A CoNLL-2003 style file: WORD POS CHUNK NER, -DOCSTART- lines, IOB1 tags. */
    private Path conll2003(String name, int sentences, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("-DOCSTART- -X- O O\n\n");
        for (int s = 0; s < sentences; s++) {
            for (int t = 0; t < 4 + r.nextInt(4); t++) {
                int k = r.nextInt(3);
                String w = k == 0 ? PEOPLE[r.nextInt(4)] : k == 1 ? PLACES[r.nextInt(3)] : OTHER[r.nextInt(4)];
                sb.append(w).append(" NN I-NP ").append(k == 0 ? "I-PER" : k == 1 ? "I-LOC" : "O").append('\n');
            }
            sb.append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, sb);
        return p;
    }

    @Test
    void conll2003TrainEvaluateAndTag() throws Exception {
        Path train = conll2003("train.txt", 80, 1), dev = conll2003("dev.txt", 20, 2), model = tmp.resolve("ner");
        String out = run(0, "train", "tagger", "--data", train.toString(), "--valid", dev.toString(), "--test", dev.toString(),
                "--format", "conll2003", "--embed-dim", "12", "--hidden", "12", "--epochs", "8", "--lr", "0.02", "--out", model.toString(), "--json");
        JsonObject j = JsonParser.parseString(last(out)).getAsJsonObject();
        assertEquals(1.0, j.get("f1").getAsDouble(), out);
        assertTrue(j.has("precision") && j.has("recall") && j.has("accuracy") && j.has("train_tokens_per_s"), out);
        assertTrue(out.contains("processed ") && out.contains("LOC: precision: 100.00%"), out);
        assertTrue(Files.size(model.resolve("curves.png")) > 1000);

        String ev = run(0, "evaluate", "--model", model.toString(), "--data", dev.toString(), "--json");
        JsonObject e = JsonParser.parseString(last(ev)).getAsJsonObject();
        assertEquals(1.0, e.get("f1").getAsDouble(), ev);
        assertEquals(1.0, e.get("accuracy").getAsDouble(), ev);

        String tagged = run(0, "tag", "--model", model.toString(), "Anna met Peter in Oslo");
        assertEquals("Anna/I-PER met/O Peter/I-PER in/O Oslo/I-LOC", tagged);

        Path outFile = tmp.resolve("tagged.txt");
        run(0, "tag", "--model", model.toString(), "--input", dev.toString(), "--output", outFile.toString());
        List<String> lines = Files.readAllLines(outFile);
        assertTrue(lines.get(0).matches("\\S+ NN I-NP (I-PER|I-LOC|O) (I-PER|I-LOC|O)"), lines.get(0));
        for (String l : lines) if (!l.isEmpty()) assertEquals(l.split(" ")[3], l.split(" ")[4], "gold equals prediction: " + l);
    }

    @Test
    void conlluPosTaggingByAccuracy() throws Exception {
        StringBuilder sb = new StringBuilder();
        Random r = new Random(3);
        for (int s = 0; s < 60; s++) {
            sb.append("# sent_id = ").append(s).append('\n');
            int id = 1;
            for (int t = 0; t < 3 + r.nextInt(3); t++) {
                boolean noun = r.nextBoolean();
                String w = noun ? PLACES[r.nextInt(3)] : OTHER[r.nextInt(4)];
                sb.append(id++).append('\t').append(w).append("\t_\t").append(noun ? "PROPN" : "ADP").append("\tX\t_\t0\tdep\t_\t_\n");
            }
            sb.append('\n');
        }
        Path data = tmp.resolve("pos.conllu"), model = tmp.resolve("pos");
        Files.writeString(data, sb);
        String out = run(0, "train", "tagger", "--data", data.toString(), "--valid", data.toString(), "--model", "bilstm", "--char", "none",
                "--embed-dim", "8", "--hidden", "8", "--epochs", "6", "--lr", "0.03", "--out", model.toString(), "--json");
        JsonObject j = JsonParser.parseString(last(out)).getAsJsonObject();
        assertEquals(1.0, j.get("val_accuracy").getAsDouble(), out);
        String ev = run(0, "evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertTrue(ev.contains("token accuracy: 100.00%"), ev);
        assertFalse(JsonParser.parseString(last(ev)).getAsJsonObject().has("f1"));
    }

    @Test
    void conll2002TabsAndGenericColumns() throws Exception {
        Random r = new Random(5);
        StringBuilder tab = new StringBuilder(), cols = new StringBuilder();
        for (int s = 0; s < 40; s++) {
            for (int t = 0; t < 4; t++) {
                boolean place = r.nextBoolean();
                String w = place ? PLACES[r.nextInt(3)] : OTHER[r.nextInt(4)];
                tab.append(w).append('\t').append(place ? "B-LOC" : "O").append('\n');
                cols.append(t + 1).append(' ').append(w).append(" x ").append(place ? "B-LOC" : "O").append('\n');
            }
            tab.append('\n');
            cols.append('\n');
        }
        Path a = tmp.resolve("esp.train"), b = tmp.resolve("generic.txt");
        Files.writeString(a, tab);
        Files.writeString(b, cols);
        String out = run(0, "train", "tagger", "--data", a.toString(), "--format", "conll2002", "--embed-dim", "8", "--hidden", "8",
                "--epochs", "4", "--lr", "0.03", "--out", tmp.resolve("m1").toString(), "--json");
        assertTrue(out.contains("scheme IOB2, trained as BIOES"), out);
        Path tagged = tmp.resolve("esp.tagged");
        run(0, "tag", "--model", tmp.resolve("m1").toString(), "--input", a.toString(), "--output", tagged.toString());
        assertTrue(Files.readAllLines(tagged).get(0).matches("\\S+\t(B-LOC|O)\t(B-LOC|O)"), Files.readAllLines(tagged).get(0));
        out = run(0, "train", "tagger", "--data", b.toString(), "--format", "columns", "--token-col", "2", "--tag-col", "4", "--embed-dim", "8",
                "--hidden", "8", "--epochs", "4", "--lr", "0.03", "--out", tmp.resolve("m2").toString(), "--json");
        assertTrue(out.contains("40 sentences, 160 tokens"), out);
        String ev = run(0, "evaluate", "--model", tmp.resolve("m2").toString(), "--data", b.toString(), "--json");
        assertTrue(JsonParser.parseString(last(ev)).getAsJsonObject().has("f1"), ev);
    }

    @Test
    void badUsageExitsTwoAndBadFilesExitOneWithFileAndLine() throws Exception {
        Path train = conll2003("t.txt", 5, 4);
        run(2, "train", "tagger", "--data", train.toString(), "--out", tmp.resolve("x").toString(), "--format", "conll2010");
        run(2, "train", "tagger", "--data", train.toString(), "--out", tmp.resolve("x").toString(), "--model", "crf");
        run(2, "train", "tagger", "--data", train.toString(), "--out", tmp.resolve("x").toString(), "--encoding", "klingon-8");
        Path bad = tmp.resolve("bad.txt");
        Files.writeString(bad, "Anna NN I-NP I-PER\nmet NN O\n");
        String out = run(1, "train", "tagger", "--data", bad.toString(), "--out", tmp.resolve("y").toString());
        assertTrue(out.contains("bad.txt:2: ColumnReader: every token line must have as many columns as the first (line 1); expected 4, got 3"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }
}
