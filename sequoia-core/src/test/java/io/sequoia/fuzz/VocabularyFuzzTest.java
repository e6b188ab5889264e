package io.sequoia.fuzz;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.tagging.Tagger;
import io.sequoia.text.TextClassifier;
import io.sequoia.translation.RecurrentTranslator;
import io.sequoia.translation.TextCodec;
import io.sequoia.translation.Translator;
import io.sequoia.tree.TreeClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.sequoia.fuzz.ParserFuzzTest.fuzz;
import static io.sequoia.fuzz.ParserFuzzTest.utf8;

/**
 * The vocabulary files of model folders (issue 17): the classifier's {@code vocab.txt}, the tree model's,
 * the tagger's {@code words.txt}/{@code chars.txt}/{@code tags.txt}, the translator's vocabularies and BPE
 * merges. The folders are saved by the library, then their {@code checksums} entry is removed from
 * {@code config.json} (as in folders written before checksums were recorded; otherwise every mutant would
 * be refused by its checksum and the reader never reached). Each input is loaded and the model run once:
 * a result, or a file error naming the vocabulary file. {@link #main} runs them outside Maven.
 */
class VocabularyFuzzTest {
    @TempDir Path dir;

    private static final List<String> DICT = List.of("<pad>", "<unk>", "<bos>", "<eos>", "\n", "\n\n", "\r\n", "the", "@@", " ", "a b\n");

    /** Removes the recorded checksums, as in a folder saved before they were recorded. */
    static void withoutChecksums(Path folder) throws Exception {
        Path cfg = folder.resolve("config.json");
        JsonObject o = JsonParser.parseString(Files.readString(cfg)).getAsJsonObject();
        o.remove("checksums");
        Files.writeString(cfg, o.toString());
    }

    private static List<byte[]> seeds(Path folder, String file, String... handMade) throws Exception {
        List<byte[]> s = new java.util.ArrayList<>();
        s.add(Files.readAllBytes(folder.resolve(file)));
        s.addAll(utf8(handMade));
        return s;
    }

    @Test void classifierVocabulary() throws Exception {
        Path m = dir.resolve("clf");
        List<String> texts = List.of("a fine film", "a dull film", "the best", "the worst film ever");
        TextClassifier clf = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.GRU, 4, 4, 1, 0, 8, 50, null), texts, List.of("pos", "neg"))
                .compile(1e-3);
        clf.predict(texts);   // builds the recurrent layer's weights
        clf.save(m);
        withoutChecksums(m);
        fuzz("vocab-classifier", m, TextClassifier.VOCAB_FILE, seeds(m, TextClassifier.VOCAB_FILE, "<pad>\n<unk>\nfilm\n", "<pad>\n<unk>\n<unk>\n"), DICT,
                f -> TextClassifier.load(f.getParent()).predict(List.of("a fine film", "unseen words here")));
    }

    @Test void treeModelVocabulary() throws Exception {
        Path m = dir.resolve("tree");
        TreeClassifier.create(new TreeClassifier.Spec("treelstm", 4, 4, 5, 0.0, true),
                List.of(TreeReader.parse("(3 (2 good) (3 film))"), TreeReader.parse("(1 (2 bad) (1 film))"))).save(m);
        withoutChecksums(m);
        fuzz("vocab-tree", m, TreeClassifier.VOCAB_FILE, seeds(m, TreeClassifier.VOCAB_FILE, "<unk>\ngood\n"), DICT,
                f -> TreeClassifier.load(f.getParent()).predict(TreeReader.parse("(2 (2 good) (2 (2 bad) (2 x)))")));
    }

    @Test void taggerVocabularies() throws Exception {
        Path m = dir.resolve("tagger");
        List<TaggedSentence> train = List.of(TaggedSentence.of(List.of("John", "lives", "in", "Paris"), List.of("B-PER", "O", "O", "B-LOC")),
                TaggedSentence.of(List.of("Acme", "Corp", "hired", "Mary"), List.of("B-ORG", "I-ORG", "O", "B-PER")));
        Tagger.create(new Tagger.Spec("bilstm-crf", "cnn", 4, 4, 4, 2, 4, 0.0, "bioes", 0.0), train).save(m);
        withoutChecksums(m);
        List<List<String>> input = List.of(List.of("John", "hired", "Zed", "in", "\u00e9t\u00e9"));
        for (String f : List.of(Tagger.WORDS_FILE, Tagger.CHARS_FILE, Tagger.TAGS_FILE)) {
            byte[] original = Files.readAllBytes(m.resolve(f));
            fuzz("vocab-tagger-" + f.replace(".txt", ""), m, f, seeds(m, f, "<pad>\n<unk>\nO\n"), List.of("B-PER", "I-PER", "S-LOC", "E-ORG", "O", "<pad>", "<unk>", "\n"),
                    p -> Tagger.load(p.getParent()).predict(input, 2));
            Files.write(m.resolve(f), original);
        }
    }

    @Test void translatorVocabulariesAndMerges() throws Exception {
        Path m = dir.resolve("translator");
        List<String> src = List.of("ein kleines Haus", "ein Hund", "zwei Hunde"), tgt = List.of("a small house", "a dog", "two dogs");
        TextCodec codec = TextCodec.learn(src, tgt, 8, false, false, 1);
        new Translator(new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.ADDITIVE,
                codec.sourceVocab().size(), codec.targetVocab().size(), 4, 4, 1, 0, 0), codec, Map.of()).save(m);
        withoutChecksums(m);
        for (String f : List.of(TextCodec.SRC_VOCAB, TextCodec.TGT_VOCAB, TextCodec.SRC_BPE, TextCodec.TGT_BPE)) {
            byte[] original = Files.readAllBytes(m.resolve(f));
            fuzz("translator-" + f.replace(".txt", ""), m, f, seeds(m, f, f.contains("bpe") ? "e i\nei n</w>\n" : "<pad>\n<unk>\n<bos>\n<eos>\nein\n"),
                    List.of("<pad>", "<unk>", "<bos>", "<eos>", "</w>", " ", "\n", "e i\n"),
                    p -> Translator.load(p.getParent()).translate(List.of("ein Haus", "drei Katzen"), 2, io.sequoia.data.decoding.LengthPenalty.none()));
            Files.write(m.resolve(f), original);
        }
    }

    /** The fuzzer's first findings, each as a plain case: the error names the vocabulary file and, where one line is at fault, the line. */
    @Test void theFirstFindingsNameTheFileAndLine() throws Exception {
        Path m = dir.resolve("clf-cases");
        List<String> texts = List.of("a fine film", "a dull film");
        TextClassifier clf = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.CNN, 4, 4, 1, 0, 8, 50, null), texts, List.of("pos", "neg")).compile(1e-3);
        clf.predict(texts);
        clf.save(m);
        withoutChecksums(m);
        Path vocab = m.resolve(TextClassifier.VOCAB_FILE);
        List<String> lines = Files.readAllLines(vocab);
        Files.write(vocab, lines.stream().filter(l -> !l.equals("<unk>")).toList());       // was: loaded, then predict threw "no unknown token"
        assertRefused(m, vocab, "no unknown token", TextClassifier::load);
        java.util.ArrayList<String> more = new java.util.ArrayList<>(lines);
        more.add("extra");                                                                   // more tokens than embedding rows
        Files.write(vocab, more);
        assertRefused(m, vocab, "does not match the weights", TextClassifier::load);
        more.set(more.size() - 1, lines.get(2));                                             // a token twice: both lines named
        Files.write(vocab, more);
        assertRefused(m, vocab, "lines 3 and " + more.size(), TextClassifier::load);
        Files.write(vocab, new byte[]{'<', 'u', 'n', 'k', '>', '\n', (byte) 0xFF, '\n'});   // not UTF-8
        assertRefused(m, vocab, "not UTF-8", TextClassifier::load);

        Path t = dir.resolve("translator-cases");
        TextCodec codec = TextCodec.learn(List.of("ein Hund"), List.of("a dog"), 0, false, false, 1);
        new Translator(new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.NONE,
                codec.sourceVocab().size(), codec.targetVocab().size(), 4, 4, 1, 0, 0), codec, Map.of()).save(t);
        withoutChecksums(t);
        Path src = t.resolve(TextCodec.SRC_VOCAB);
        List<String> sl = new java.util.ArrayList<>(Files.readAllLines(src));
        java.util.Collections.swap(sl, 2, 3);                                                // <eos> before <bos> (was: "config.json does not describe ...")
        Files.write(src, sl);
        assertRefused(t, src, "line 3", Translator::load);
    }

    private interface Loader { Object load(Path dir) throws Exception; }

    private static void assertRefused(Path folder, Path file, String expect, Loader loader) {
        io.sequoia.io.FileFormatException e = org.junit.jupiter.api.Assertions.assertThrows(io.sequoia.io.FileFormatException.class, () -> loader.load(folder));
        org.junit.jupiter.api.Assertions.assertEquals(file, e.path());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()) && e.getMessage().contains(expect), e.getMessage());
    }

    /** The long run outside Maven: {@code java -Dsequoia.fuzz.seconds=300 -cp ... io.sequoia.fuzz.VocabularyFuzzTest [target]}. */
    public static void main(String[] args) throws Exception {
        VocabularyFuzzTest t = new VocabularyFuzzTest();
        t.dir = Files.createTempDirectory("fuzz");
        String only = args.length > 0 ? args[0] : "";
        if (only.isEmpty() || only.equals("classifier")) t.classifierVocabulary();
        if (only.isEmpty() || only.equals("tree")) t.treeModelVocabulary();
        if (only.isEmpty() || only.equals("tagger")) t.taggerVocabularies();
        if (only.isEmpty() || only.equals("translator")) t.translatorVocabulariesAndMerges();
    }
}
