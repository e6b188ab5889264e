package io.sequoia.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input catalogue of docs/reliability.md: every hostile command line and file tried, run
 * through the real command line. Each case must end with its documented exit code (2 bad usage,
 * 1 a failure while running), hold the expected words (the option, or the file and line) in the
 * FIRST line it prints to stderr (the usage text picocli prints after it lists every option, so the
 * whole output would always name one), and print no stack trace or Java exception name. The table is written to
 * {@code target/bad-input-catalogue.md} (copied into the docs).
 */
class BadInputCatalogueTest {
    @TempDir static Path tmp;
    static String csv, txt, model, trees, conll, de, en, series, translator;

    record Case(String area, String tried, int exit, String expect, String[] args) {}

    static final Pattern JAVA_NOISE = Pattern.compile("\\tat |Exception in thread|\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\bnull\\b");

    private static String write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p.toString();
    }

    private static String writeBytes(String name, byte[] b) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, b);
        return p.toString();
    }

    private static String copyModel(String name) throws Exception {
        Path to = tmp.resolve(name);
        Files.createDirectories(to);
        try (var s = Files.list(Path.of(model))) {
            for (Path f : (Iterable<Path>) s::iterator) if (Files.isRegularFile(f)) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to.toString();
    }

    private static Object[] run(String... args) { return CliRun.capture(args); }

    @BeforeAll static void files() throws Exception {
        StringBuilder sb = new StringBuilder("text,label\n");
        for (int i = 0; i < 60; i++) sb.append(i % 2 == 0 ? "a fine warm film " : "a dull cold film ").append(i % 5).append(i % 2 == 0 ? ",pos\n" : ",neg\n");
        csv = write("ok.csv", sb.toString());
        txt = write("ok.txt", "some text to model, again and again. ".repeat(40));
        model = tmp.resolve("model").toString();
        Object[] r = run("train", "classifier", "--data", csv, "--model", "cnn", "--embed-dim", "8", "--hidden", "4", "--epochs", "1",
                "--test-fraction", "0.2", "--out", model);
        assertTrue((int) r[0] == 0, (String) r[1]);
        trees = write("trees/train.txt", "(3 (2 good) (3 film))\n(1 (2 bad) (1 film))\n");
        write("trees/dev.txt", "(3 (2 good) (3 film))\n");
        conll = write("ok.conll", "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\n");
        de = write("t.de", "Ein Hund.\nZwei Katzen.\n");
        en = write("t.en", "A dog.\nTwo cats.\n");
        sb = new StringBuilder("month,value\n");
        for (int i = 0; i < 48; i++) sb.append(String.format("%d-%02d,%d%n", 2000 + i / 12, i % 12 + 1, 100 + i + (i % 12) * 3));
        series = write("series.csv", sb.toString());
        // a tiny translator folder (untrained: the cases only need a real folder of that task)
        io.sequoia.translation.TextCodec codec = io.sequoia.translation.TextCodec.learn(List.of("Ein Hund.", "Zwei Katzen."), List.of("A dog.", "Two cats."), 0, false, false, 1);
        translator = tmp.resolve("translator").toString();
        new io.sequoia.translation.Translator(new io.sequoia.translation.RecurrentTranslator(io.sequoia.translation.RecurrentTranslator.Cell.GRU,
                io.sequoia.translation.RecurrentTranslator.Attention.NONE, codec.sourceVocab().size(), codec.targetVocab().size(), 4, 4, 1, 0, 0),
                codec, java.util.Map.of()).save(Path.of(translator));
    }

    private static List<Case> cases() throws Exception {
        List<Case> c = new ArrayList<>();
        String out = tmp.resolve("out").toString();
        // ---- data files of the text classifier
        String stray = write("stray.csv", "text,label\n\"a good\" film,pos\njust awful\",neg\n");
        String w1252 = writeBytes("w1252.csv", "text,label\ncaf\u00e9 film,pos\nbad,neg\n".getBytes(StandardCharsets.ISO_8859_1));
        String few = write("few.csv", "text,label\ngood film,pos\nbad film\n");
        String emptyLabel = write("emptylabel.csv", "text,label\ngood film,pos\nbad film,\n");
        String empty = write("empty.csv", "");
        String headerOnly = write("header.csv", "text,label\n");
        String noText = write("nocol.csv", "review,label\ngood,pos\n");
        String oneClass = write("oneclass.csv", "text,label\ngood,pos\nfine,pos\nnice,pos\nwarm,pos\n");
        String unclosed = write("unclosed.csv", "text,label\n\"a good film,pos\nbad,neg\n");
        c.add(new Case("classifier data", "a stray quote after a closed field (`\"a good\" film,pos`)", 1, "stray.csv:2", a("train", "classifier", "--data", stray, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "an unclosed quote", 1, "unclosed.csv:2", a("train", "classifier", "--data", unclosed, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "a Windows-1252 CSV", 1, "w1252.csv:2", a("train", "classifier", "--data", w1252, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "a row with too few cells", 1, "few.csv:3", a("train", "classifier", "--data", few, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "an empty label", 1, "emptylabel.csv:3", a("train", "classifier", "--data", emptyLabel, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "an empty file", 1, "empty.csv", a("train", "classifier", "--data", empty, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "a header and no rows", 1, "header.csv", a("train", "classifier", "--data", headerOnly, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "no `text` column", 1, "text", a("train", "classifier", "--data", noText, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "a single class", 1, "class", a("train", "classifier", "--data", oneClass, "--test-fraction", "0.5")));
        String bom = writeBytes("bom.csv", concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "text,label\nfine,pos\nbad,neg\nwarm,pos\ncold,neg\n".getBytes(StandardCharsets.UTF_8)));
        String extra = write("extra.csv", "text,label\ngood film,pos,2\nbad film,neg\n");
        String blanks = write("blanks.csv", "text,label\n,pos\n,neg\n,pos\n,neg\n");
        c.add(new Case("classifier data", "a UTF-8 byte-order mark (Excel) before the header (accepted)", 0, "4 texts {neg=2, pos=2}", a("train", "classifier", "--data", bom, "--test-fraction", "0.5", "--epochs", "1", "--model", "cnn", "--embed-dim", "4", "--hidden", "2")));
        c.add(new Case("classifier data", "a row with an extra cell", 1, "extra.csv:2", a("train", "classifier", "--data", extra, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "every text empty", 1, "blanks.csv", a("train", "classifier", "--data", blanks, "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "a missing file", 2, "--data", a("train", "classifier", "--data", tmp.resolve("absent.csv").toString(), "--test-fraction", "0.5")));
        c.add(new Case("classifier data", "a folder given as --test", 1, "trees", a("train", "classifier", "--data", csv, "--test", tmp.resolve("trees").toString())));
        // ---- classifier options
        c.add(new Case("classifier options", "`--epochs 0`", 2, "--epochs", a("train", "classifier", "--data", csv, "--epochs", "0", "--test-fraction", "0.5")));
        c.add(new Case("classifier options", "`--batch-size -1`", 2, "--batch-size", a("train", "classifier", "--data", csv, "--batch-size", "-1", "--test-fraction", "0.5")));
        c.add(new Case("classifier options", "`--lr NaN`", 2, "--lr", a("train", "classifier", "--data", csv, "--lr", "NaN", "--test-fraction", "0.5")));
        c.add(new Case("classifier options", "`--lr abc`", 2, "--lr", a("train", "classifier", "--data", csv, "--lr", "abc", "--test-fraction", "0.5")));
        c.add(new Case("classifier options", "`--model foo`", 2, "--model", a("train", "classifier", "--data", csv, "--model", "foo", "--test-fraction", "0.5")));
        c.add(new Case("classifier options", "`--clip -1`", 2, "--clip", a("train", "classifier", "--data", csv, "--clip", "-1", "--test-fraction", "0.5")));
        c.add(new Case("classifier options", "`--max-minutes -5`", 2, "--max-minutes", a("train", "classifier", "--data", csv, "--max-minutes", "-5", "--test-fraction", "0.5")));
        c.add(new Case("classifier options", "`--cv 3 --folds -1`", 2, "--folds", a("train", "classifier", "--data", csv, "--cv", "3", "--folds", "-1")));
        c.add(new Case("classifier options", "`--cv 3 --folds 0`", 2, "--folds", a("train", "classifier", "--data", csv, "--cv", "3", "--folds", "0")));
        c.add(new Case("classifier options", "`--cv 1`", 2, "--cv", a("train", "classifier", "--data", csv, "--cv", "1")));
        c.add(new Case("classifier options", "`--test-fraction 1.5`", 2, "--test-fraction", a("train", "classifier", "--data", csv, "--test-fraction", "1.5")));
        c.add(new Case("classifier options", "`--cv` and `--test` together", 2, "--cv", a("train", "classifier", "--data", csv, "--cv", "3", "--test", csv)));
        c.add(new Case("classifier options", "a misspelt option `--epohcs`", 2, "--epohcs", a("train", "classifier", "--data", csv, "--epohcs", "3")));
        c.add(new Case("classifier options", "`--dropout 1`", 2, "--dropout", a("train", "classifier", "--data", csv, "--dropout", "1", "--test-fraction", "0.5")));
        c.add(new Case("classifier options", "`--pretrained` a missing file", 2, "--pretrained", a("train", "classifier", "--data", csv, "--pretrained", tmp.resolve("nov.txt").toString(), "--test-fraction", "0.5")));
        // ---- --out and --resume
        String aFile = write("afile.txt", "x");
        String userDir = write("mine/config.json", "{\"my\": \"settings\"}");
        c.add(new Case("--out / --resume", "`--out` an existing file", 2, "--out", a("train", "classifier", "--data", csv, "--test-fraction", "0.5", "--out", aFile)));
        c.add(new Case("--out / --resume", "`--out` a path under a file", 2, "--out", a("train", "classifier", "--data", csv, "--test-fraction", "0.5", "--out", aFile + "/m")));
        c.add(new Case("--out / --resume", "`--out` a folder with the user's own config.json", 2, "not a Sequoia model", a("train", "classifier", "--data", csv, "--test-fraction", "0.5", "--out", Path.of(userDir).getParent().toString())));
        c.add(new Case("--out / --resume", "`train lm --out` a file", 2, "--out", a("train", "lm", "--data", txt, "--out", aFile)));
        c.add(new Case("--out / --resume", "`train tagger --out` a file", 2, "--out", a("train", "tagger", "--data", conll, "--out", aFile)));
        c.add(new Case("--out / --resume", "`train tree --out` a folder of the user's", 2, "not a Sequoia model", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--out", Path.of(userDir).getParent().toString())));
        c.add(new Case("--out / --resume", "`train translator --out` a file", 2, "--out", a("train", "translator", "--train-src", de, "--train-tgt", en, "--out", aFile)));
        c.add(new Case("--out / --resume", "`--resume` a folder without a checkpoint", 2, "--resume: Checkpoint: no checkpoint", a("train", "classifier", "--resume", tmp.toString())));
        c.add(new Case("--out / --resume", "`--resume` with another `--out`", 2, "--resume", a("train", "classifier", "--data", csv, "--test-fraction", "0.5", "--resume", model, "--out", out)));
        c.add(new Case("--out / --resume", "`train tagger --resume` a folder without a checkpoint", 2, "no checkpoint", a("train", "tagger", "--resume", tmp.toString())));
        c.add(new Case("--out / --resume", "`train tree --resume` a folder without a checkpoint", 2, "no checkpoint", a("train", "tree", "--resume", tmp.toString())));
        c.add(new Case("--out / --resume", "`train translator --resume` a folder without a checkpoint", 2, "no checkpoint", a("train", "translator", "--resume", tmp.toString())));
        c.add(new Case("--out / --resume", "`--checkpoint-every -1`", 2, "--checkpoint-every", a("train", "lm", "--data", txt, "--out", out, "--checkpoint-every", "-1")));
        c.add(new Case("--out / --resume", "`train tree --checkpoint-every` without `--out`", 2, "--checkpoint-every", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--checkpoint-every", "5", "--epochs", "1")));
        c.add(new Case("--out / --resume", "`forecast --resume` with a classical model", 2, "--resume", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--resume", model)));
        c.add(new Case("--out / --resume", "`forecast --model lstm --resume` a folder without checkpoints", 2, "--resume", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--model", "lstm", "--resume", model)));
        // ---- damaged model folders
        String flipped = copyModel("flipped");
        byte[] w = Files.readAllBytes(Path.of(flipped, "model.safetensors"));
        w[w.length - 5] ^= 0x40;
        Files.write(Path.of(flipped, "model.safetensors"), w);
        String truncatedVocab = copyModel("truncvocab");
        List<String> vocab = Files.readAllLines(Path.of(truncatedVocab, "vocab.txt"));
        Files.write(Path.of(truncatedVocab, "vocab.txt"), vocab.subList(0, vocab.size() / 2));
        String truncatedWeights = copyModel("truncweights");
        Files.write(Path.of(truncatedWeights, "model.safetensors"), java.util.Arrays.copyOf(w, w.length / 2));
        String badJson = copyModel("badjson");
        Files.writeString(Path.of(badJson, "config.json"), "{\"format_version\": 1, ");
        String wrongType = copyModel("wrongtype");
        Files.writeString(Path.of(wrongType, "config.json"), Files.readString(Path.of(wrongType, "config.json")).replaceFirst("\"embedding_dim\": [0-9]+", "\"embedding_dim\": \"eight\""));
        String newer = copyModel("newer");
        Files.writeString(Path.of(newer, "config.json"), Files.readString(Path.of(newer, "config.json")).replace("\"format_version\": 1", "\"format_version\": 99"));
        String noWeights = copyModel("noweights");
        Files.delete(Path.of(noWeights, "model.safetensors"));
        String otherWeights = copyModel("otherweights");
        Path lmDir = tmp.resolve("lmmodel");
        run("train", "lm", "--data", txt, "--hidden", "8", "--embed-dim", "4", "--layers", "1", "--epochs", "1", "--seq-len", "10", "--out", lmDir.toString());
        Files.copy(lmDir.resolve("model.safetensors"), Path.of(otherWeights, "model.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        c.add(new Case("model folders", "one flipped bit in model.safetensors", 1, "model.safetensors is not the file this model was saved with", a("predict", "--model", flipped, "good film")));
        c.add(new Case("model folders", "vocab.txt cut in half", 1, "vocab.txt is not the file this model was saved with", a("predict", "--model", truncatedVocab, "good film")));
        c.add(new Case("model folders", "model.safetensors cut in half", 1, "model.safetensors", a("evaluate", "--model", truncatedWeights, "--data", csv)));
        c.add(new Case("model folders", "config.json cut mid-object", 2, "config.json", a("predict", "--model", badJson, "good film")));
        c.add(new Case("model folders", "config.json with a string where a number belongs", 1, "config.json", a("predict", "--model", wrongType, "good film")));
        c.add(new Case("model folders", "config.json of a newer format", 1, "format_version", a("predict", "--model", newer, "good film")));
        c.add(new Case("model folders", "model.safetensors missing", 1, "model.safetensors", a("predict", "--model", noWeights, "good film")));
        c.add(new Case("model folders", "another model's model.safetensors", 1, "model.safetensors", a("predict", "--model", otherWeights, "good film")));
        c.add(new Case("model folders", "a file given as --model", 2, "--model", a("predict", "--model", csv, "good film")));
        c.add(new Case("model folders", "a classifier given to `generate`", 2, "--model", a("generate", "--model", model)));
        c.add(new Case("model folders", "a classifier given to `translate`", 2, "--model", a("translate", "--model", model, "Ein Hund.")));
        c.add(new Case("model folders", "a classifier given to `tag`", 2, "--model", a("tag", "--model", model, "Anna met Peter")));
        c.add(new Case("model folders", "`evaluate --split bogus`", 2, "--split", a("evaluate", "--model", model, "--data", csv, "--split", "bogus")));
        // ---- language models
        String w1252txt = writeBytes("w1252.txt", "caf\u00e9 au lait\n".repeat(50).getBytes(StandardCharsets.ISO_8859_1));
        c.add(new Case("language model", "a Windows-1252 text", 1, "w1252.txt:1", a("train", "lm", "--data", w1252txt, "--out", out)));
        c.add(new Case("language model", "`--level byte`", 2, "--level", a("train", "lm", "--data", txt, "--level", "byte", "--out", out)));
        c.add(new Case("language model", "`--seq-len 0`", 2, "--seq-len", a("train", "lm", "--data", txt, "--seq-len", "0", "--out", out)));
        c.add(new Case("language model", "`--hidden 0`", 2, "--hidden", a("train", "lm", "--data", txt, "--hidden", "0", "--out", out)));
        c.add(new Case("language model", "`--valid-fraction 1.5`", 2, "--valid-fraction", a("train", "lm", "--data", txt, "--valid-fraction", "1.5", "--out", out)));
        c.add(new Case("language model", "a folder given as `--data`", 2, "--data", a("train", "lm", "--data", tmp.toString(), "--out", out)));
        c.add(new Case("language model", "no `--out`", 2, "--out", a("train", "lm", "--data", txt)));
        c.add(new Case("generation", "`generate --temperature 0`", 2, "--temperature", a("generate", "--model", lmDir.toString(), "--temperature", "0")));
        c.add(new Case("generation", "`generate --top-p 1.5`", 2, "--top-p", a("generate", "--model", lmDir.toString(), "--top-p", "1.5")));
        c.add(new Case("generation", "`generate --top-k -1`", 2, "--top-k", a("generate", "--model", lmDir.toString(), "--top-k", "-1")));
        c.add(new Case("generation", "`generate --beam -1`", 2, "--beam", a("generate", "--model", lmDir.toString(), "--beam", "-1")));
        c.add(new Case("generation", "`generate --length -5`", 2, "--length", a("generate", "--model", lmDir.toString(), "--length", "-5")));
        c.add(new Case("generation", "`generate --length 2000000000`", 2, "--length", a("generate", "--model", lmDir.toString(), "--length", "2000000000")));
        c.add(new Case("generation", "`generate --greedy --temperature 0.5`", 2, "--temperature", a("generate", "--model", lmDir.toString(), "--greedy", "--temperature", "0.5")));
        c.add(new Case("generation", "`generate --repetition-penalty 0`", 2, "--repetition-penalty", a("generate", "--model", lmDir.toString(), "--repetition-penalty", "0")));
        // ---- tagging
        String oneCol = write("onecol.conll", "EU\nrejects O\n");
        String conllu9 = write("nine.conllu", "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\n");
        String badTag = write("badtag.conll", "\n\n-DOCSTART- -X- O O\n\n");
        String w1252conll = writeBytes("w1252.conll", "caf\u00e9 NN B-NP O\n".getBytes(StandardCharsets.ISO_8859_1));
        c.add(new Case("tagger data", "a token line with one column", 1, "onecol.conll:1", a("train", "tagger", "--data", oneCol, "--out", out)));
        c.add(new Case("tagger data", "a CoNLL-U line with 9 columns", 1, "nine.conllu:1", a("train", "tagger", "--data", conllu9, "--format", "conllu", "--out", out)));
        c.add(new Case("tagger data", "a file with no sentence", 1, "badtag.conll", a("train", "tagger", "--data", badTag, "--out", out)));
        c.add(new Case("tagger data", "a Windows-1252 CoNLL file", 1, "w1252.conll:1", a("train", "tagger", "--data", w1252conll, "--out", out)));
        c.add(new Case("tagger options", "`--format conll2010`", 2, "--format", a("train", "tagger", "--data", conll, "--format", "conll2010", "--out", out)));
        c.add(new Case("tagger options", "`--model crf`", 2, "--model", a("train", "tagger", "--data", conll, "--model", "crf", "--out", out)));
        c.add(new Case("tagger options", "`--encoding klingon-8`", 2, "--encoding", a("train", "tagger", "--data", conll, "--encoding", "klingon-8", "--out", out)));
        c.add(new Case("tagger options", "`--scheme bogus`", 2, "--scheme", a("train", "tagger", "--data", conll, "--scheme", "bogus", "--out", out)));
        c.add(new Case("tagger options", "`--epochs 0`", 2, "--epochs", a("train", "tagger", "--data", conll, "--epochs", "0", "--out", out)));
        c.add(new Case("tagger options", "`--optimizer rmsprop`", 2, "--optimizer", a("train", "tagger", "--data", conll, "--optimizer", "rmsprop", "--out", out)));
        c.add(new Case("tagger options", "`--char bogus`", 2, "--char", a("train", "tagger", "--data", conll, "--char", "bogus", "--out", out)));
        c.add(new Case("tagger options", "`tag --format conll2010`", 2, "--format", a("tag", "--model", model, "--format", "conll2010", "--input", conll)));
        c.add(new Case("tagger options", "no `--data`", 2, "--data", a("train", "tagger", "--out", out)));
        c.add(new Case("tagger options", "no `--out`", 2, "--out", a("train", "tagger", "--data", conll)));
        // ---- trees
        String unbalanced = write("unbal/train.txt", "(3 (2 good) (3 film)\n");
        String badLabel = write("badlabel/train.txt", "(7 (2 good) (3 film))\n");
        String w1252tree = writeBytes("w1252tree.txt", "(3 (2 caf\u00e9) (3 film))\n".getBytes(StandardCharsets.ISO_8859_1));
        c.add(new Case("tree data", "an unclosed bracket", 1, "train.txt:1", a("train", "tree", "--data", unbalanced, "--epochs", "1")));
        c.add(new Case("tree data", "label 7 with 5 classes", 1, "train.txt:1", a("train", "tree", "--data", badLabel, "--epochs", "1")));
        c.add(new Case("tree data", "a Windows-1252 tree file", 1, "w1252tree.txt:1", a("train", "tree", "--data", w1252tree, "--epochs", "1")));
        c.add(new Case("tree options", "`--classes 4`", 2, "--classes", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--classes", "4")));
        c.add(new Case("tree options", "`--model lstm`", 2, "--model", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--model", "lstm")));
        c.add(new Case("tree options", "`--tune-embeddings` without `--pretrained`", 2, "--tune-embeddings", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--tune-embeddings")));
        c.add(new Case("tree options", "`--epochs 0`", 2, "--epochs", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--epochs", "0")));
        c.add(new Case("tree options", "`--optimizer sgd`", 2, "--optimizer", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--optimizer", "sgd")));
        c.add(new Case("tree options", "`--dropout 1.5`", 2, "--dropout", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--dropout", "1.5")));
        c.add(new Case("tree options", "`--data` a missing folder", 2, "--data", a("train", "tree", "--data", tmp.resolve("nowhere").toString())));
        // ---- word vectors
        String hugeHeader = write("huge.vec", "3000000000 300\nthe 0.1\n");
        String ragged = write("ragged.vec", "the 0.1 0.2\ncat 0.3\n");
        String hugeBin = writeBytes("huge.bin", concat("2000000 2000\n".getBytes(StandardCharsets.US_ASCII), new byte[]{'a', ' ', 0, 0, 0, 0}));
        c.add(new Case("word vectors", "a header claiming 3e9 vectors", 1, "huge.vec:1", a("train", "classifier", "--data", csv, "--pretrained", hugeHeader, "--test-fraction", "0.5")));
        c.add(new Case("word vectors", "lines of different lengths", 1, "ragged.vec:2", a("train", "classifier", "--data", csv, "--pretrained", ragged, "--test-fraction", "0.5")));
        c.add(new Case("word vectors", "a binary header claiming 16 GB in a 20-byte file", 1, "huge.bin:1", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--pretrained", hugeBin, "--epochs", "1")));
        // ---- translation
        String shortEn = write("short.en", "A dog.\n");
        c.add(new Case("translation", "source and target of different lengths", 1, "short.en", a("train", "translator", "--train-src", de, "--train-tgt", shortEn, "--out", out)));
        c.add(new Case("translation", "only `--valid-src`", 2, "--valid-src", a("train", "translator", "--train-src", de, "--train-tgt", en, "--valid-src", de, "--out", out)));
        c.add(new Case("translation", "`--model rnn`", 2, "--model", a("train", "translator", "--train-src", de, "--train-tgt", en, "--model", "rnn", "--out", out)));
        c.add(new Case("translation", "`--attention foo`", 2, "--attention", a("train", "translator", "--train-src", de, "--train-tgt", en, "--attention", "foo", "--out", out)));
        c.add(new Case("translation", "`bleu` with hypotheses and references of different lengths", 1, "short.en", a("bleu", "--hyp", de, "--ref", shortEn)));
        c.add(new Case("translation", "`bleu --hyp` a missing file", 2, "--hyp", a("bleu", "--hyp", tmp.resolve("none.txt").toString(), "--ref", en)));
        c.add(new Case("translation", "`train translator --train-src` a missing file", 2, "--train-src", a("train", "translator", "--train-src", tmp.resolve("none.de").toString(), "--train-tgt", en, "--out", out)));
        // ---- forecasting
        String textValue = write("textvalue.csv", "month,value\n2000-01,1\n2000-02,lots\n2000-03,3\n");
        c.add(new Case("forecasting", "a value that is not a number", 1, "textvalue.csv:3", a("forecast", "--data", textValue, "--target", "value", "--horizon", "3")));
        c.add(new Case("forecasting", "`--target` a missing column", 1, "value2", a("forecast", "--data", series, "--target", "value2", "--horizon", "3")));
        c.add(new Case("forecasting", "`--horizon 0`", 2, "--horizon", a("forecast", "--data", series, "--target", "value", "--horizon", "0")));
        c.add(new Case("forecasting", "`--level 1.5`", 2, "--level", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--level", "1.5")));
        c.add(new Case("forecasting", "`--level 0`", 2, "--level", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--level", "0")));
        c.add(new Case("forecasting", "`--period -1`", 2, "--period", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--period", "-1")));
        c.add(new Case("forecasting", "`train forecaster --period 0`", 2, "--period", a("train", "forecaster", "--data", series, "--target", "value", "--model", "naive", "--horizon", "3", "--period", "0", "--out", out)));
        c.add(new Case("forecasting", "`--model foo`", 2, "--model", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--model", "foo")));
        c.add(new Case("forecasting", "`--holdout 0`", 2, "--holdout", a("forecast", "--data", series, "--target", "value", "--holdout", "0")));
        c.add(new Case("forecasting", "`--ensemble 0`", 2, "--ensemble", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--model", "lstm", "--ensemble", "0")));
        // ---- tried again as a new user after later work: forecast --wide, forecast --out / --holdout / --backtest, train tree --objective / --paper-leaf
        StringBuilder wideRows = new StringBuilder("month,a,b\n");
        for (int i = 0; i < 48; i++) wideRows.append(String.format("%d-%02d,%d,%d%n", 2000 + i / 12, i % 12 + 1, 100 + i, 50 + i % 12));
        String wide = write("wide.csv", wideRows.toString());
        String wideShort = write("wideshort.csv", "month,a,b\n2000-01,1,2\n2000-02,2\n");
        String wideDup = write("widedup.csv", "month,a,a\n2000-01,1,2\n2000-02,2,3\n");
        String wideTimeOnly = write("widetime.csv", "month\n2000-01\n2000-02\n");
        String dir = Path.of(trees).getParent().toString();
        c.add(new Case("forecast --wide", "a row with fewer cells than the header", 1, "wideshort.csv:3", a("forecast", "--wide", "--data", wideShort, "--time", "month", "--horizon", "1")));
        c.add(new Case("forecast --wide", "two series columns of one name", 1, "widedup.csv:1", a("forecast", "--wide", "--data", wideDup, "--time", "month", "--horizon", "1")));
        c.add(new Case("forecast --wide", "a file with the time column only", 1, "widetime.csv:1", a("forecast", "--wide", "--data", wideTimeOnly, "--time", "month", "--horizon", "1")));
        c.add(new Case("forecast --wide", "`--time` a missing column", 1, "nosuch", a("forecast", "--wide", "--data", wide, "--time", "nosuch", "--horizon", "3")));
        c.add(new Case("forecast --wide", "`--wide` with `--target`", 2, "--target", a("forecast", "--wide", "--data", wide, "--time", "month", "--target", "a", "--horizon", "3")));
        c.add(new Case("forecast --wide", "`--wide` with `--id-col`", 2, "--id-col", a("forecast", "--wide", "--data", wide, "--time", "month", "--id-col", "a", "--horizon", "3")));
        c.add(new Case("forecast --wide", "`--wide --plot`", 2, "--plot", a("forecast", "--wide", "--data", wide, "--time", "month", "--horizon", "3", "--plot", tmp.resolve("p.png").toString())));
        c.add(new Case("forecast --wide", "`--holdout 48` on series of 48 points (was exit 1 naming TimeSplit.holdOut, after reading)", 2, "--holdout", a("forecast", "--wide", "--data", wide, "--time", "month", "--holdout", "48")));
        c.add(new Case("forecast --wide", "`--backtest 12 --horizon 3` on 48 points (was exit 1 naming TimeSplit.rollingOrigin, 'got -12')", 2, "--backtest, --horizon", a("forecast", "--wide", "--data", wide, "--time", "month", "--backtest", "12", "--horizon", "3")));
        c.add(new Case("forecast --wide", "`--out` under a file (was exit 1 after every fit, the JDK's 'Not a directory')", 2, "--out", a("forecast", "--wide", "--data", wide, "--time", "month", "--horizon", "3", "--out", aFile + "/sub")));
        c.add(new Case("forecasting", "`--out` a file (was exit 1 after the fits, `error: afile.txt`)", 2, "--out", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--out", aFile)));
        c.add(new Case("forecasting", "`--holdout 50` on 48 points", 2, "--holdout", a("forecast", "--data", series, "--target", "value", "--holdout", "50")));
        c.add(new Case("forecasting", "`--data` a folder", 2, "--data", a("forecast", "--data", dir, "--target", "value", "--horizon", "3")));
        c.add(new Case("forecasting", "`--overwrite` with `--resume`", 2, "--overwrite", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--model", "lstm", "--resume", dir, "--overwrite")));
        c.add(new Case("tree options", "`--objective bogus`", 2, "--objective", a("train", "tree", "--data", dir, "--objective", "bogus")));
        c.add(new Case("tree options", "`--objective` without a value", 2, "--objective", a("train", "tree", "--data", dir, "--objective")));
        c.add(new Case("tree options", "`--paper-leaf --model childsum` (was accepted and reported as \"leaf the paper's\")", 2, "--paper-leaf", a("train", "tree", "--data", dir, "--paper-leaf", "--model", "childsum")));
        c.add(new Case("tree options", "`--paper-leaf=maybe`", 2, "--paper-leaf", a("train", "tree", "--data", dir, "--paper-leaf=maybe")));
        c.add(new Case("tree options", "`--objective tai --time-batching 2` (was accepted: it does not train)", 2, "--objective", a("train", "tree", "--data", dir, "--objective", "tai", "--time-batching", "2")));
        c.add(new Case("tree options", "`--pretrained` a missing file (was exit 1, `error: none.vec`)", 2, "--pretrained", a("train", "tree", "--data", dir, "--pretrained", tmp.resolve("none.vec").toString())));
        c.add(new Case("tree options", "`--pretrained` a folder (was exit 1, `error: Is a directory`)", 2, "--pretrained", a("train", "tree", "--data", dir, "--pretrained", dir)));
        c.add(new Case("tagger options", "`--pretrained` a missing file (was exit 1, `error: none.vec`)", 2, "--pretrained", a("train", "tagger", "--data", conll, "--out", out, "--pretrained", tmp.resolve("none.vec").toString())));
        // ---- resource limits: refused before the data is read (exit 2), naming the options, their values and the limit
        String shortSeries = write("short.csv", "month,value\n2000-01,1\n2000-02,2\n2000-03,3\n2000-04,4\n2000-05,5\n2000-06,6\n");
        c.add(new Case("resource limits", "`train lm --hidden 200000` (480 billion parameters)", 2, "--hidden, --layers, --embed-dim", a("train", "lm", "--data", txt, "--out", out, "--hidden", "200000")));
        c.add(new Case("resource limits", "`train lm --model transformer --hidden 1000000`", 2, "--hidden, --layers", a("train", "lm", "--data", txt, "--out", out, "--model", "transformer", "--hidden", "1000000")));
        c.add(new Case("resource limits", "`train lm --batch-size 1000000 --seq-len 100000`", 2, "--batch-size, --seq-len", a("train", "lm", "--data", txt, "--out", out, "--batch-size", "1000000", "--seq-len", "100000")));
        c.add(new Case("resource limits", "`train classifier --model lstm --hidden 1000000`", 2, "--hidden", a("train", "classifier", "--data", csv, "--test-fraction", "0.5", "--model", "lstm", "--hidden", "1000000")));
        c.add(new Case("resource limits", "`train classifier --vocab-size 2000000000 --embed-dim 1000`", 2, "--vocab-size", a("train", "classifier", "--data", csv, "--test-fraction", "0.5", "--vocab-size", "2000000000", "--embed-dim", "1000")));
        c.add(new Case("resource limits", "`train classifier --batch-size 1000000 --max-len 1000000`", 2, "--batch-size, --max-len", a("train", "classifier", "--data", csv, "--test-fraction", "0.5", "--batch-size", "1000000", "--max-len", "1000000")));
        c.add(new Case("resource limits", "`forecast --horizon 2000000000`", 2, "--horizon", a("forecast", "--data", series, "--target", "value", "--horizon", "2000000000")));
        c.add(new Case("resource limits", "`forecast --model lstm` on a 6-point series", 2, "--lookback, --horizon", a("forecast", "--data", shortSeries, "--target", "value", "--horizon", "3", "--model", "lstm")));
        c.add(new Case("resource limits", "`forecast --model seq2seq --holdout 24` on 48 points", 2, "--lookback, --horizon", a("forecast", "--data", series, "--target", "value", "--holdout", "24", "--model", "seq2seq")));
        c.add(new Case("resource limits", "`train tagger --hidden 200000`", 2, "--embed-dim, --hidden", a("train", "tagger", "--data", conll, "--out", out, "--hidden", "200000")));
        c.add(new Case("resource limits", "`train tree --model rntn --hidden 5000` (its tensor: 500 billion parameters)", 2, "--embed-dim, --hidden", a("train", "tree", "--data", Path.of(trees).getParent().toString(), "--model", "rntn", "--hidden", "5000")));
        c.add(new Case("resource limits", "`train translator --hidden 200000`", 2, "--embed-dim, --hidden, --layers", a("train", "translator", "--train-src", de, "--train-tgt", en, "--out", out, "--hidden", "200000")));
        c.add(new Case("resource limits", "`train translator --model transformer --hidden 100000`", 2, "--hidden, --layers, --feedforward", a("train", "translator", "--train-src", de, "--train-tgt", en, "--out", out, "--model", "transformer", "--hidden", "100000")));
        c.add(new Case("resource limits", "`word2vec --dim 2000000000`", 2, "--dim, --min-count", a("word2vec", "--data", csv, "--dim", "2000000000")));
        c.add(new Case("--out / --resume", "`--overwrite` without `--out`", 2, "--overwrite", a("train", "classifier", "--data", csv, "--test-fraction", "0.5", "--overwrite")));
        c.add(new Case("--out / --resume", "`forecast --overwrite` (its --out holds no model)", 2, "--overwrite", a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--overwrite")));
        // ---- other commands
        c.add(new Case("other", "no subcommand", 2, "Missing subcommand", a()));
        c.add(new Case("other", "`train` alone", 2, "Missing", a("train")));
        c.add(new Case("other", "`predict` without text", 2, "TEXT", a("predict", "--model", model)));
        c.add(new Case("other", "`translate --model` a classifier folder", 2, "task 'classifier'", a("translate", "--model", model, "--beam", "-1", "x")));
        c.add(new Case("other", "`word2vec --dim 0`", 2, "--dim", a("word2vec", "--data", txt, "--dim", "0", "--out", out)));
        c.add(new Case("other", "`bench lstm --mode sideways`", 2, "--mode", a("bench", "lstm", "--mode", "sideways")));
        // output paths: checked before any data is read or model loaded (OutputPathTest covers every command x fault)
        String afile = write("afile.txt", "x"), afolder = tmp.resolve("afolder").toString();
        Files.createDirectories(Path.of(afolder));
        String[] fc = {"forecast", "--data", series, "--target", "value", "--horizon", "3", "--model", "naive"};
        c.add(new Case("output paths", "`forecast --plot afile.txt/x.png` (a path under a file)", 2, "--plot: ", concat(fc, "--plot", afile + "/x.png")));
        c.add(new Case("output paths", "`forecast --plot nodir/x.png` (a missing folder)", 2, "--plot: the folder", concat(fc, "--plot", tmp.resolve("nodir/x.png").toString())));
        c.add(new Case("output paths", "`forecast --plot afolder` (a folder for a file)", 2, "--plot: ", concat(fc, "--plot", afolder)));
        c.add(new Case("output paths", "`forecast --plot /proc/x.png` (a place that takes no files)", 2, "--plot: cannot write /proc/x.png", concat(fc, "--plot", "/proc/x.png")));
        c.add(new Case("output paths", "`forecast --deepar-out afile.txt` (a file for a folder)", 2, "--deepar-out: ",
                a("forecast", "--data", series, "--target", "value", "--horizon", "3", "--id-col", "value", "--model", "deepar", "--deepar-out", afile)));
        c.add(new Case("output paths", "`predict --plot afolder`", 2, "--plot: ", a("predict", "--model", model, "--plot", afolder, "a fine film")));
        c.add(new Case("output paths", "`translate --plot-attention nodir/a.png`", 2, "--plot-attention: the folder", a("translate", "--model", model, "--plot-attention", tmp.resolve("nodir/a.png").toString(), "ein Hund")));
        c.add(new Case("output paths", "`evaluate --hyp-out afile.txt/hyp.txt`", 2, "--hyp-out: ", a("evaluate", "--model", model, "--src", de, "--ref", en, "--hyp-out", afile + "/hyp.txt")));
        c.add(new Case("output paths", "`tag --output afolder`", 2, "--output: ", a("tag", "--model", model, "--output", afolder, "Peter runs")));
        c.add(new Case("output paths", "`export onnx --out nodir/m.onnx`", 2, "--out: the folder", a("export", "onnx", "--model", model, "--out", tmp.resolve("nodir/m.onnx").toString())));
        c.add(new Case("output paths", "`attention-map --out afolder`", 2, "--out: ", a("attention-map", "--model", model, "--text", "a b", "--out", afolder)));
        c.add(new Case("output paths", "`word2vec --out afolder`", 2, "--out: ", a("word2vec", "--data", txt, "--out", afolder)));
        c.add(new Case("output paths", "`train lm --out /proc/m` (a place that takes no folder)", 2, "--out: cannot write /proc/m", a("train", "lm", "--data", txt, "--out", "/proc/m")));
        c.add(new Case("forecast", "`--model arima --order 30,2,30` on 48 points", 2, "--order: ARIMA(30,2,30)", concat(new String[]{"forecast", "--data", series, "--target", "value", "--horizon", "3"},
                "--model", "arima", "--order", "30,2,30")));
        c.add(new Case("tree options", "`--weight-decay 1e-4` with the treelstm default `--objective tai` (was accepted: two L2 penalties)", 2, "--weight-decay",
                a("train", "tree", "--data", dir, "--weight-decay", "1e-4")));
        c.add(new Case("translation", "`translate --beam -1` (a translator folder)", 2, "--beam", a("translate", "--model", translator, "--beam", "-1", "Ein Hund.")));
        c.add(new Case("translation", "`translate --beam 0` (a translator folder)", 2, "--beam", a("translate", "--model", translator, "--beam", "0", "Ein Hund.")));
        // ---- resource limits that depend on the data: refused once the data is read, before the model is allocated
        StringBuilder manyTags = new StringBuilder();
        for (int i = 0; i < 20000; i++) manyTags.append(i % 2 == 0 ? "word" : "other").append(" t").append(i).append(i % 4 == 3 ? "\n\n" : "\n");
        String tagsFile = write("manytags.conll", manyTags.toString());
        c.add(new Case("resource limits", "`train tagger --batch-size 1000000` on 5,000 sentences with 20,000 distinct tags (the CRF's tables of one batch: about 15 TB)", 2,
                "--batch-size, --model: one batch's emissions over the 20,000 tags", a("train", "tagger", "--data", tagsFile, "--out", out, "--batch-size", "1000000")));
        String leafTrees = write("leaves.txt", "(3 (2 word) (2 other))\n".repeat(4000));
        c.add(new Case("resource limits", "`train tree --embed-dim 2000000 --hidden 4 --batch-size 1000000` on 4,000 two-word trees (8,000 leaf vectors of 2,000,000 floats: about 60 GB)", 2,
                "--batch-size, --hidden, --embed-dim: one batch's node states", a("train", "tree", "--data", leafTrees, "--embed-dim", "2000000", "--hidden", "4", "--batch-size", "1000000")));
        return c;
    }

    private static String firstLine(String s) { return s.strip().lines().findFirst().orElse(""); }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] o = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, o, x.length, y.length);
        return o;
    }

    private static String[] a(String... s) { return s; }

    @Test void everyBadInputGetsItsExitCodeAndASentence() throws Exception {
        List<Case> cases = cases();
        List<String> failures = new ArrayList<>();
        StringBuilder md = new StringBuilder("| # | area | tried | exit | what the user sees (first line) |\n|---|---|---|---|---|\n");
        int i = 0;
        for (Case k : cases) {
            i++;
            Object[] r = run(k.args());
            int code = (int) r[0];
            String text = ((String) r[1]).strip();
            // the first line the user reads about the failure: of stderr for an error, of the output for an accepted input
            String shown = firstLine(code == 0 ? text : (String) r[2]);
            String cleaned = shown.replace(tmp.toString() + "/", "").replace(tmp.toString(), "TMP").replace("|", "\\|");
            if (cleaned.length() > 220) cleaned = cleaned.substring(0, 217) + "...";
            md.append("| ").append(i).append(" | ").append(k.area()).append(" | ").append(k.tried()).append(" | ").append(code).append(" | `")
                    .append(cleaned.replace("`", "'")).append("` |\n");
            String why = code != k.exit() ? "exit " + code + ", expected " + k.exit()
                    : k.expect().isEmpty() || !shown.contains(k.expect()) ? "the first line does not name '" + k.expect() + "': " + shown
                    : JAVA_NOISE.matcher(text).find() ? "a stack trace or Java exception name in the output" : null;
            if (why != null) failures.add(i + ". " + k.tried() + " (" + String.join(" ", k.args()) + "): " + why + "\n" + text);
        }
        Path table = Path.of("target", "bad-input-catalogue.md");
        Files.createDirectories(table.getParent());
        Files.writeString(table, md.toString());
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases fail:\n" + String.join("\n\n", failures));
        assertTrue(cases.size() >= 80, "the catalogue holds at least 80 cases: " + cases.size());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
