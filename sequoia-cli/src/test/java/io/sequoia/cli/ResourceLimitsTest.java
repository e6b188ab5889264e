package io.sequoia.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resource limits (issue 17): a model, a batch or a horizon that cannot fit, or a series too short for the
 * chosen model, is refused before work starts (exit 2), naming the option, the value and the limit; and
 * {@code --overwrite} lets a model be written into a folder of the user's (refused without it).
 */
class ResourceLimitsTest {
    @TempDir Path tmp;

    /** Exit 2; the first line of stderr names the options and the values; nothing was written to --out. */
    private String refused(String options, String values, String... args) {
        Object[] r = CliRun.capture(args);
        String err = ((String) r[2]).strip(), first = err.lines().findFirst().orElse("");
        assertEquals(2, r[0], String.join(" ", args) + "\n" + r[1]);
        assertTrue(first.contains(options), "names " + options + ": " + first);
        assertTrue(first.contains("got " + values), "names the values " + values + ": " + first);
        assertFalse(((String) r[1]).contains("OutOfMemoryError"), (String) r[1]);
        return first;
    }

    private static String heapLimit(String first) {
        String heap = MemoryBudget.size(Runtime.getRuntime().maxMemory());
        assertTrue(first.contains("more than the Java heap of " + heap), "names the limit (" + heap + "): " + first);
        return first;
    }

    @Test void modelsAndBatchesThatCannotFitAreRefusedBeforeReadingTheData() throws Exception {
        // the data file is not valid UTF-8: reading it would fail with exit 1, so exit 2 shows the refusal came first
        Path bad = tmp.resolve("w1252.txt");
        Files.write(bad, "caf\u00e9 ".repeat(50).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String out = tmp.resolve("m").toString(), data = bad.toString();
        heapLimit(refused("--hidden, --layers, --embed-dim", "200000, 2, 64", "train", "lm", "--data", data, "--out", out, "--hidden", "200000"));
        heapLimit(refused("--hidden, --layers", "1000000, 2", "train", "lm", "--data", data, "--out", out, "--model", "transformer", "--hidden", "1000000"));
        heapLimit(refused("--batch-size, --seq-len", "1000000, 100000", "train", "lm", "--data", data, "--out", out, "--batch-size", "1000000", "--seq-len", "100000"));
        Path csv = tmp.resolve("w1252.csv");
        Files.write(csv, "text,label\ncaf\u00e9,pos\nbad,neg\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String c = csv.toString();
        heapLimit(refused("--vocab-size, --embed-dim, --hidden, --layers", "10000, 128, 1000000, 1",
                "train", "classifier", "--data", c, "--test-fraction", "0.5", "--model", "lstm", "--hidden", "1000000"));
        heapLimit(refused("--vocab-size, --embed-dim, --hidden, --layers", "2000000000, 1000, 64, 1",
                "train", "classifier", "--data", c, "--test-fraction", "0.5", "--vocab-size", "2000000000", "--embed-dim", "1000"));
        heapLimit(refused("--vocab-size, --embed-dim, --layers", "10000, 1000000, 2",
                "train", "classifier", "--data", c, "--test-fraction", "0.5", "--model", "transformer", "--embed-dim", "1000000", "--layers", "2"));
        heapLimit(refused("--batch-size, --max-len", "1000000, 1000000",
                "train", "classifier", "--data", c, "--test-fraction", "0.5", "--batch-size", "1000000", "--max-len", "1000000"));
        assertFalse(Files.exists(Path.of(out)), "nothing written");
    }

    @Test void taggerTreeTranslatorAndWord2vecModelsThatCannotFitAreRefusedBeforeReadingTheData() throws Exception {
        // files that are not valid UTF-8 (or trees that do not parse): reading them fails with exit 1, so exit 2 shows the refusal came first
        Path conll = tmp.resolve("w1252.conll"), trees = tmp.resolve("bad.txt"), de = tmp.resolve("w1252.de");
        Files.write(conll, "caf\u00e9 O\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.writeString(trees, "(3 (2 good) (3 film)\n");
        Files.write(de, "caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String out = tmp.resolve("m").toString();
        heapLimit(refused("--embed-dim, --hidden", "100, 200000", "train", "tagger", "--data", conll.toString(), "--out", out, "--hidden", "200000"));
        heapLimit(refused("--embed-dim, --hidden", "2000000000, 8", "train", "tagger", "--data", conll.toString(), "--out", out, "--embed-dim", "2000000000", "--hidden", "8"));
        String first = heapLimit(refused("--embed-dim, --hidden", "5000, 5000", "train", "tree", "--data", trees.toString(), "--model", "rntn", "--hidden", "5000"));
        assertTrue(first.contains("Adam") == false && first.contains("optimizer's state"), "the RNTN trains with Adagrad (one state): " + first);
        heapLimit(refused("--embed-dim, --hidden", "300, 100000", "train", "tree", "--data", trees.toString(), "--hidden", "100000"));
        heapLimit(refused("--embed-dim, --hidden, --layers", "256, 200000, 1", "train", "translator", "--train-src", de.toString(), "--train-tgt", de.toString(),
                "--out", out, "--hidden", "200000"));
        heapLimit(refused("--hidden, --layers, --feedforward", "100000, 3, 512", "train", "translator", "--train-src", de.toString(), "--train-tgt", de.toString(),
                "--out", out, "--model", "transformer", "--hidden", "100000"));
        heapLimit(refused("--dim, --min-count", "2000000000, 5", "word2vec", "--data", tmp.resolve("absent.csv").toString(), "--dim", "2000000000"));
        assertFalse(Files.exists(Path.of(out)), "nothing written");
    }

    /** The i-th of distinct words made of letters only (the tagger reads digits as 0: w1 and w2 would be one word). */
    private static String word(long i) {
        StringBuilder sb = new StringBuilder("w");
        do { sb.append((char) ('a' + i % 26)); i /= 26; } while (i > 0);
        return sb.toString();
    }

    /** n distinct words, each twice, {@code perLine} to a line. */
    private static String words(int n, String sep, int perLine) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2 * n; i++) sb.append(word(i % n)).append((i + 1) % perLine == 0 ? "\n" : sep);
        return sb.toString();
    }

    @Test void aVocabularyThatCannotFitIsRefusedOnceCounted() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        int n = 3000;
        // the embedding alone (vocabulary x embed x 16 bytes) needs about twice the heap; before reading (a vocabulary of 2) it fits
        long embed = Math.min(Integer.MAX_VALUE, 2 * heap / (16L * n) + 1);
        StringBuilder conll = new StringBuilder();
        for (int i = 0; i < n; i++) conll.append(word(i)).append(" O\n").append(i % 10 == 9 ? "\n" : "");
        Path c = tmp.resolve("words.conll");
        Files.writeString(c, conll.toString());
        String first = refused("--embed-dim, --hidden", embed + ", 4", "train", "tagger", "--data", c.toString(), "--out", tmp.resolve("m").toString(),
                "--embed-dim", "" + embed, "--hidden", "4", "--char", "none");
        assertTrue(first.contains("vocabulary ") && !first.contains("only 2"), "refused after counting: " + first);
        StringBuilder tr = new StringBuilder();
        for (int i = 0; i < n; i += 2) tr.append("(2 (2 ").append(word(i)).append(") (2 ").append(word(i + 1)).append("))\n");
        Path t = tmp.resolve("trees.txt");
        Files.writeString(t, tr.toString());
        first = refused("--embed-dim, --hidden", embed + ", 4", "train", "tree", "--data", t.toString(), "--embed-dim", "" + embed, "--hidden", "4");
        assertTrue(first.contains("vocabulary ") && !first.contains("only 2"), "refused after counting: " + first);
        // word2vec: two tables of vocabulary x dim floats (8 bytes a word and dimension), about twice the heap
        long dim = Math.min(Integer.MAX_VALUE, 2 * heap / (8L * n) + 1);
        Path csv = tmp.resolve("words.csv");
        Files.writeString(csv, "text,label\n" + words(n, " ", 20).lines().map(l -> l.strip() + ",x\n").collect(java.util.stream.Collectors.joining()));
        first = refused("--dim, --min-count", dim + ", 2", "word2vec", "--data", csv.toString(), "--dim", "" + dim, "--min-count", "2");
        assertTrue(first.contains(n + " words"), "refused after counting: " + first);
        // translator: the vocabularies are learned with the BPE merges inside the trainer; its hook refuses before the network is
        // allocated. Embeddings of (source + target vocabulary) x embed x 16 bytes: about 4 heaps if each side counts n/2 symbols
        long tembed = Math.min(Integer.MAX_VALUE, 4 * heap / (16L * n) + 1);
        Path src = tmp.resolve("words.de"), tgt = tmp.resolve("words.en");
        Files.writeString(src, words(n, " ", 10));
        Files.writeString(tgt, words(n, " ", 10));
        first = refused("--embed-dim, --hidden, --layers, --bpe", tembed + ", 4, 1, 5000", "train", "translator", "--train-src", src.toString(), "--train-tgt", tgt.toString(),
                "--out", tmp.resolve("t").toString(), "--embed-dim", "" + tembed, "--hidden", "4");
        assertTrue(first.contains("counted") && !first.contains("only 2"), "refused after counting: " + first);
        assertFalse(Files.exists(tmp.resolve("t").resolve("config.json")), "nothing written");
    }

    @Test void aBatchThatCannotFitIsRefusedOnceTheDataIsRead() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        // tagger: hidden h keeps the model (about 8 h^2 x 16 bytes) near a quarter of the heap; one batch of all sentences holds
        // T tokens of 8 h floats (4 bytes) each, T chosen for about 1.5 heaps
        int h = (int) Math.sqrt(heap / 4.0 / 128);
        long tokens = (long) (1.5 * heap / (32.0 * h));
        StringBuilder conll = new StringBuilder();
        for (long i = 0; i < tokens; i++) conll.append('w').append(i % 50).append(" O\n").append(i % 20 == 19 ? "\n" : "");
        Path c = tmp.resolve("many.conll");
        Files.writeString(c, conll.toString());
        refused("--batch-size, --hidden", "1000000, " + h, "train", "tagger", "--data", c.toString(), "--out", tmp.resolve("m").toString(),
                "--hidden", "" + h, "--batch-size", "1000000", "--char", "none", "--embed-dim", "8");
        // tree-LSTM: 10 h^2 x 16 bytes near a quarter of the heap; 5 h floats a node
        h = (int) Math.sqrt(heap / 4.0 / 160);
        long nodes = (long) (1.5 * heap / (20.0 * h));
        StringBuilder tr = new StringBuilder();
        for (long i = 0; i < nodes; i += 3) tr.append("(2 (2 w").append(i % 50).append(") (2 v").append(i % 50).append("))\n");
        Path t = tmp.resolve("many.txt");
        Files.writeString(t, tr.toString());
        refused("--batch-size, --hidden", "1000000, " + h, "train", "tree", "--data", t.toString(), "--hidden", "" + h, "--embed-dim", "8", "--batch-size", "1000000");
        // GRU translator: about 11 h^2 x 16 bytes near a quarter of the heap; 3 h floats a word
        h = (int) Math.sqrt(heap / 4.0 / 176);
        long w = (long) (1.5 * heap / (12.0 * h));
        String line = "a b c d e f g h i j\n";
        Path src = tmp.resolve("many.src");
        Files.writeString(src, line.repeat((int) (w / 20 + 1)));
        refused("--batch-size, --hidden, --layers", "1000000, " + h + ", 1", "train", "translator", "--train-src", src.toString(), "--train-tgt", src.toString(),
                "--out", tmp.resolve("m").toString(), "--model", "gru", "--hidden", "" + h, "--embed-dim", "8", "--batch-size", "1000000");
    }

    @Test void taggerEmissionsAndTreeActivationsThatCannotFitAreRefusedBeforeTheModelIsAllocated() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        // tagger, CRF: 2,000 distinct tags; each sentence of one batch holds a transition gradient of 2,000^2 doubles (32 MB),
        // n sentences chosen for about 1.5 heaps; the model (embed 100, hidden 200) and the gates of a few thousand tokens fit
        int tags = 2000;
        long n = Math.max(tags / 4, (long) Math.ceil(1.5 * heap / (8.0 * tags * tags)));
        StringBuilder conll = new StringBuilder();
        for (long i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) conll.append(word(i % 50)).append(" t").append((i * 4 + k) % tags).append('\n');
            conll.append('\n');
        }
        Path c = tmp.resolve("tags.conll");
        Files.writeString(c, conll.toString());
        String first = heapLimit(refused("--batch-size, --model", "1000000, bilstm-crf", "train", "tagger", "--data", c.toString(), "--out", tmp.resolve("m").toString(),
                "--batch-size", "1000000"));
        assertTrue(first.contains("over the 2,000 tags") && first.contains(n + " sentences of up to 4 tokens") && first.contains("CRF"), first);
        assertFalse(Files.exists(tmp.resolve("m").resolve("config.json")), "nothing written");
        // tree: every leaf's word vector of --embed-dim floats; 50 words keep the embedding (50 x e x 16 bytes) near a quarter of the
        // heap, and leaves for about 1.5 heaps in one batch; hidden 4 keeps the gates small
        long e = Math.min(Integer.MAX_VALUE, heap / 4 / (16L * 52));
        long leaves = (long) Math.ceil(1.5 * heap / (4.0 * e));
        StringBuilder tr = new StringBuilder();
        for (long i = 0; i < leaves; i += 2) tr.append("(3 (2 ").append(word(i % 50)).append(") (2 ").append(word((i + 1) % 50)).append("))\n");
        Path t = tmp.resolve("leaves.txt");
        Files.writeString(t, tr.toString());
        first = heapLimit(refused("--batch-size, --hidden, --embed-dim", "1000000, 4, " + e, "train", "tree", "--data", t.toString(), "--hidden", "4",
                "--embed-dim", "" + e, "--batch-size", "1000000", "--epochs", "1"));
        assertTrue(first.contains("node states") && first.contains("5 classes"), first);
    }

    @Test void aModelThatFitsIsNotRefused() {
        // the sizes of the README's models are far below any heap: the bound must not refuse them
        Object[] r = CliRun.capture("train", "lm", "--data", tmp.resolve("absent.txt").toString(), "--out", tmp.resolve("m").toString(), "--hidden", "512", "--layers", "3");
        assertTrue(((String) r[2]).contains("--data: file not found"), "reached the data check: " + r[2]);
    }

    @Test void aWordVocabularyThatCannotFitIsRefusedOnceCounted() throws Exception {
        // 3,000 distinct words, each twice (min-count 2): the bound with the counted vocabulary, before the model is allocated
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) sb.append("w").append(i).append(" w").append(i).append(' ');
        Path txt = tmp.resolve("words.txt");
        Files.writeString(txt, sb.toString());
        long heap = Runtime.getRuntime().maxMemory();
        // choose --embed-dim so that the embedding and the output layer alone (vocab x (embed + hidden)) need about twice the heap
        int vocab = 2700, hidden = 8;                          // about 0.9 x 3,000 words trained, min-count 2, + specials
        long embed = Math.min(Integer.MAX_VALUE, 2 * heap / (16L * vocab) + 1);
        String first = refused("--hidden, --layers, --embed-dim", hidden + ", 1, " + embed, "train", "lm", "--data", txt.toString(), "--out", tmp.resolve("m").toString(),
                "--level", "word", "--hidden", "" + hidden, "--layers", "1", "--embed-dim", "" + embed);
        assertTrue(first.contains("vocabulary "), "the counted vocabulary is named: " + first);
        assertFalse(first.contains("only 2"), "refused after counting, not before: " + first);
    }

    @Test void aForecastHorizonOrASeriesTooShortIsRefused() throws Exception {
        StringBuilder sb = new StringBuilder("month,value\n");
        for (int i = 0; i < 20; i++) sb.append(String.format("%d-%02d,%d%n", 2000 + i / 12, i % 12 + 1, 100 + i));
        Path csv = tmp.resolve("short.csv");
        Files.writeString(csv, sb.toString());
        String s = csv.toString();
        String first = refused("--horizon", "2000000000", "forecast", "--data", s, "--target", "value", "--horizon", "2000000000");
        assertTrue(first.contains("at most 1000000"), first);
        // period 12: lookback 24, so lstm needs 24 + 3 + 2 = 29 points and the series has 20
        first = refused("--lookback, --horizon", "20", "forecast", "--data", s, "--target", "value", "--horizon", "3", "--model", "lstm");
        assertTrue(first.contains("at least 29 points") && first.contains(">= 29"), first);
        // with --holdout 6 the training part is 14 points; --lookback 8 needs 8 + 6 + 2 = 16 (direct) for seq2seq
        first = refused("--lookback, --horizon", "14", "forecast", "--data", s, "--target", "value", "--holdout", "6", "--model", "seq2seq", "--lookback", "8");
        assertTrue(first.contains(">= 16") && first.contains("6 tested"), first);
        // a lookback that fits is not refused (it runs: exit 0)
        Object[] r = CliRun.capture("forecast", "--data", s, "--target", "value", "--horizon", "2", "--model", "lstm", "--lookback", "4", "--epochs", "1", "--hidden", "4");
        assertEquals(0, r[0], (String) r[1]);
    }

    @Test void overwriteWritesIntoTheUsersFolderAndIsRefusedWhereItHasNoEffect() throws Exception {
        Path csv = tmp.resolve("t.csv");
        StringBuilder sb = new StringBuilder("text,label\n");
        for (int i = 0; i < 20; i++) sb.append(i % 2 == 0 ? "a fine film,pos\n" : "a dull film,neg\n");
        Files.writeString(csv, sb.toString());
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "my notes");
        String[] train = {"train", "classifier", "--data", csv.toString(), "--test-fraction", "0.5", "--model", "cnn", "--embed-dim", "4", "--hidden", "2", "--epochs", "1",
                "--out", mine.toString()};
        Object[] r = CliRun.capture(train);
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[2]).contains("--overwrite writes into it anyway"), "the refusal points to --overwrite: " + r[2]);
        assertFalse(Files.exists(mine.resolve("config.json")));
        String[] again = java.util.Arrays.copyOf(train, train.length + 1);
        again[train.length] = "--overwrite";
        r = CliRun.capture(again);
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(io.sequoia.io.ModelFolder.isModelFolder(mine), "a model was written");
        assertEquals("my notes", Files.readString(mine.resolve("notes.txt")), "the user's other file is left");
        assertEquals(0, CliRun.capture("predict", "--model", mine.toString(), "a fine film")[0]);
        Path file = tmp.resolve("afile");
        Files.writeString(file, "x");
        String[] onFile = again.clone();
        onFile[train.length - 1] = file.toString();
        r = CliRun.capture(onFile);
        assertEquals(2, r[0], "a file is never overwritten by a model folder: " + r[1]);
        for (String[] a : new String[][] {
                {"train", "classifier", "--data", csv.toString(), "--test-fraction", "0.5", "--overwrite"},
                {"train", "tree", "--data", tmp.toString(), "--overwrite"},
                {"forecast", "--data", csv.toString(), "--target", "value", "--horizon", "2", "--overwrite"},
                {"lab", "adding", "--overwrite"}}) {
            r = CliRun.capture(a);
            assertEquals(2, r[0], String.join(" ", a) + "\n" + r[1]);
            assertTrue(((String) r[2]).lines().findFirst().orElse("").contains("--overwrite has no effect"), String.join(" ", a) + "\n" + r[2]);
        }
    }

    @Test void overwriteIsAcceptedByTheTaggerAndTreeCommands() throws Exception {
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("config.json"), "{\"my\": \"settings\"}");
        Path conll = tmp.resolve("absent.conll");
        // with --overwrite the folder check passes and the command goes on to the data (absent here): the refusal is the data's
        Object[] r = CliRun.capture("train", "tagger", "--data", conll.toString(), "--out", mine.toString(), "--overwrite");
        assertFalse(((String) r[1]).contains("not a Sequoia model"), (String) r[1]);
        r = CliRun.capture("train", "tagger", "--data", conll.toString(), "--out", mine.toString());
        assertTrue(((String) r[1]).contains("not a Sequoia model"), (String) r[1]);
        Path trees = tmp.resolve("unclosed.txt");
        Files.writeString(trees, "(3 (2 good) (3 film)\n");
        r = CliRun.capture("train", "tree", "--data", trees.toString(), "--out", mine.toString(), "--overwrite");
        assertFalse(((String) r[1]).contains("not a Sequoia model"), (String) r[1]);
        assertTrue(((String) r[1]).contains("unclosed.txt:1"), "went on to read the data: " + r[1]);
        r = CliRun.capture("train", "tree", "--data", trees.toString(), "--out", mine.toString());
        assertTrue(((String) r[1]).contains("not a Sequoia model"), (String) r[1]);
        assertEquals("{\"my\": \"settings\"}", Files.readString(mine.resolve("config.json")));
    }
}
