package io.sequoia.tagging;

import com.google.gson.JsonParser;
import io.sequoia.data.conll.TagScheme;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TaggerTest {
    @TempDir Path tmp;

    static final String[] PEOPLE = {"Anna", "Peter", "Maria", "John", "Olga", "Karl"};
    static final String[] PLACES = {"Paris", "Berlin", "Oslo", "Rome", "Lima"};
    static final String[] FILLER = {"visited", "met", "in", "and", "the", "today", "from", "saw"};

    /** Sentences of people (PER, sometimes two names), places (LOC) and filler words, tagged in IOB1. */
    static List<TaggedSentence> corpus(int n, long seed) {
        Random r = new Random(seed);
        List<TaggedSentence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> tok = new ArrayList<>(), tags = new ArrayList<>();
            int len = 3 + r.nextInt(6);
            while (tok.size() < len) {
                int k = r.nextInt(4);
                if (k == 0) {
                    tok.add(PEOPLE[r.nextInt(PEOPLE.length)]);
                    tags.add("I-PER");
                    if (r.nextBoolean()) { tok.add(PEOPLE[r.nextInt(PEOPLE.length)] + "son"); tags.add("I-PER"); }
                } else if (k == 1) {
                    tok.add(PLACES[r.nextInt(PLACES.length)]);
                    tags.add("I-LOC");
                } else {
                    tok.add(FILLER[r.nextInt(FILLER.length)]);
                    tags.add("O");
                }
            }
            out.add(TaggedSentence.of(tok, tags));
        }
        return out;
    }

    private static Tagger.Spec small(String model, String chars) {
        return new Tagger.Spec(model, chars, 16, 8, 8, 4, 16, 0.1, "bioes", 0.0);
    }

    @Test
    void bilstmCrfLearnsATinyCorpusAndWritesTheInputScheme() {
        Generator.manualSeed(1);
        List<TaggedSentence> train = corpus(120, 2), test = corpus(30, 3);
        Tagger t = Tagger.create(small("bilstm-crf", "cnn"), train);
        assertEquals(TagScheme.IOB1, t.inputScheme());
        assertEquals(List.of("O", "B-LOC", "B-PER", "E-LOC", "E-PER", "I-LOC", "I-PER", "S-LOC", "S-PER"), t.labels());
        double before = t.loss(train, 64);
        TaggerTrainer.Result r = new TaggerTrainer(12, 8, "adam", 0.02, 0, 5, 0, 0, 0, null).fit(t, train, test, null);
        double after = t.loss(train, 64);
        assertTrue(after < before / 10, "loss " + before + " → " + after);
        assertEquals(1.0, r.bestScore(), 1e-12, "entity F1 on held-out sentences of the same grammar");
        assertEquals("val_f1", r.monitor());
        for (List<String> tags : t.predict(TaggerTest.tokens(test), 7)) {
            assertEquals(tags, TagScheme.IOB1.convert(tags), "predictions are valid IOB1");
        }
    }

    static List<List<String>> tokens(List<TaggedSentence> s) { return s.stream().map(TaggedSentence::tokens).toList(); }

    @Test
    void predictionsDoNotDependOnTheBatch() {
        Generator.manualSeed(4);
        List<TaggedSentence> data = corpus(40, 5);
        for (String model : List.of("bilstm-crf", "bigru")) {
            for (String chars : List.of("cnn", "lstm")) {
                Tagger t = Tagger.create(small(model, chars), data);
                new TaggerTrainer(1, 8, "adam", 0.01, 0, 5, 0, 0, 0, null).fit(t, data, null, null);
                List<List<String>> all = t.predict(tokens(data), 64);
                for (int i = 0; i < data.size(); i += 7) {
                    assertEquals(all.get(i), t.predict(List.of(data.get(i).tokens()), 1).get(0), model + " " + chars + " sentence " + i);
                }
            }
        }
    }

    @Test
    void saveAndLoadGiveTheSamePredictionsAndTheTaskIsTagger() throws Exception {
        Generator.manualSeed(6);
        List<TaggedSentence> data = corpus(40, 7);
        Tagger t = Tagger.create(small("bilstm-crf", "cnn"), data).reading(java.util.Map.of("format", "conll2003"));
        new TaggerTrainer(2, 8, "adam", 0.01, 0, 5, 0, 0, 0, null).fit(t, data, null, null);
        Path dir = tmp.resolve("m");
        t.save(dir);
        var config = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        assertEquals("tagger", config.get("task").getAsString());
        assertEquals("SequenceTagger", config.getAsJsonObject("architecture").get("type").getAsString());
        Tagger back = Tagger.load(dir);
        List<String> unseen = List.of("Zorro", "visited", "Quito", "2024");
        assertEquals(t.predict(tokens(data), 16), back.predict(tokens(data), 16));
        assertEquals(t.predict(List.of(unseen), 1), back.predict(List.of(unseen), 1));
        assertEquals("conll2003", back.reading().get("format"));
        assertEquals(TagScheme.IOB1, back.inputScheme());
        assertTrue(back.network().crf.constraints() != null);
    }

    @Test
    void partOfSpeechTagsAreNotChunksAndScoreByAccuracy() {
        Generator.manualSeed(8);
        List<TaggedSentence> data = new ArrayList<>();
        for (TaggedSentence s : corpus(60, 9)) {
            data.add(s.withTags(s.tags().stream().map(x -> x.equals("O") ? "X" : "PROPN").toList()));
        }
        Tagger t = Tagger.create(small("bilstm", "none"), data);
        assertFalse(t.chunkTags());
        TaggerTrainer.Result r = new TaggerTrainer(10, 8, "adam", 0.02, 0, 5, 0, 0, 0, null).fit(t, data, data, null);
        assertEquals("val_accuracy", r.monitor());
        assertEquals(1.0, r.bestScore(), 1e-12);
    }

    @Test
    void badSpecsAndUnknownTagsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> small("lstm-crf", "cnn"));
        assertTrue(e.getMessage().contains("unknown model; expected [bilstm, bilstm-crf, bigru, bigru-crf], got lstm-crf"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> small("bilstm", "bytes"));
        assertTrue(e.getMessage().contains("unknown char mode"), e.getMessage());
        Tagger t = Tagger.create(small("bilstm", "none"), corpus(10, 1));
        List<TaggedSentence> other = List.of(TaggedSentence.of(List.of("Acme"), List.of("I-ORG")));
        e = assertThrows(IllegalArgumentException.class, () -> t.loss(other, 4));
        assertTrue(e.getMessage().contains("a tag the model was not trained with") && e.getMessage().contains("got S-ORG"), e.getMessage());
    }

    @Test
    void pretrainedVectorsBringTheirWordsIntoTheVocabularyNormalisedAsTheTaggerReads() {
        Generator.manualSeed(1);
        List<TaggedSentence> train = corpus(20, 2);
        float[] vals = new float[3 * 16];
        for (int i = 0; i < vals.length; i++) vals[i] = i / 10f;
        io.sequoia.data.text.WordVectors v = new io.sequoia.data.text.WordVectors(List.of("Tokyo1", "paris", "TOKYO2"), vals, 16);
        int plain = Tagger.create(small("bilstm-crf", "cnn"), train).vocabularySize();
        Tagger t = Tagger.create(small("bilstm-crf", "cnn"), train, v);
        assertEquals(plain + 1, t.vocabularySize(), "tokyo0 is new (once); paris was a training word");
        assertEquals(2, t.usePretrained(v));
        int row = t.wordVocabulary().index("tokyo0");
        assertNotEquals(t.wordVocabulary().unknownIndex(), row);
        float[] w = t.network().wordEmbedding.weight.data().toFloatArray();
        for (int j = 0; j < 16; j++) assertEquals(vals[j], w[row * 16 + j], 0f, "the first of Tokyo1 / TOKYO2 wins");
    }
}
