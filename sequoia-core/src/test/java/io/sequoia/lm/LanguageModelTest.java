package io.sequoia.lm;

import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LanguageModelTest {
    static final String PARAGRAPH = "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n"
            + "The slings and arrows of outrageous fortune,\nOr to take arms against a sea of troubles\n";
    static Codec codec;
    static LanguageModel model;
    static List<LmTrainer.Epoch> history;

    /** A small model overfits the paragraph (trained once for the whole class). */
    @BeforeAll
    static void overfit() {
        Generator.manualSeed(11);
        codec = Codec.characters(PARAGRAPH);
        model = new RecurrentLanguageModel("lstm", codec.size(), 16, 64, 1, 0.0);
        String text = PARAGRAPH.repeat(8);
        int[] ids = codec.encode(text);
        history = LmTrainer.train(model, ids, codec.encode(PARAGRAPH + PARAGRAPH), new LmTrainer.Options(40, 4, 40, 0.01, 5, 0), null, null);
    }

    @Test
    void lossFallsAndGreedyRegeneratesTheParagraph() {
        double first = history.get(0).trainLoss(), last = history.get(history.size() - 1).trainLoss();
        assertTrue(last < first / 10, first + " -> " + last);
        String gen = Sampler.generate(model, codec, "To be, or", 60, Sampler.Options.greedyDecoding(), null);
        assertEquals(PARAGRAPH.substring(9, 69), gen);
    }

    @Test
    void seededSamplingRepeatsAndTopKOneIsGreedy() {
        Sampler.Options o = Sampler.Options.sampling(1.5, 0, 1, 42);
        String a = Sampler.generate(model, codec, "The", 80, o, null), b = Sampler.generate(model, codec, "The", 80, o, null);
        assertEquals(a, b);
        assertNotEquals(a, Sampler.generate(model, codec, "The", 80, Sampler.Options.sampling(1.5, 0, 1, 43), null));
        String greedy = Sampler.generate(model, codec, "Or to", 50, Sampler.Options.greedyDecoding(), null);
        assertEquals(greedy, Sampler.generate(model, codec, "Or to", 50, Sampler.Options.sampling(3.0, 1, 1, 7), null));
        StringBuilder streamed = new StringBuilder();
        String s = Sampler.generate(model, codec, "Or", 30, o, streamed::append);
        assertEquals(s, streamed.toString());
    }

    @Test
    void beamSearchFindsTheLikelyContinuation() {
        io.sequoia.data.decoding.Hypothesis h = BeamSearch.search(model, codec, "Whether 'tis", 12, 3, 0.7, Set.of(codec.tokens().indexOf("\n")));
        assertEquals(" nobler in t", codec.decode(h.tokens()));
        assertTrue(h.logProb() <= 0);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampler.Options.sampling(0, 0, 1, 1));
        assertTrue(e.getMessage().contains("temperature must be positive") && e.getMessage().contains("got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampler.Options.sampling(1, 0, 1.5, 1));
        assertTrue(e.getMessage().contains("topP must be in (0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampler.Options.sampling(1, 0, 0, 1));
        assertTrue(e.getMessage().contains("got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampler.generate(model, codec, "Zebra!", 5, Sampler.Options.greedyDecoding(), null));
        assertTrue(e.getMessage().contains("'Z'") && e.getMessage().contains("position 0"), e.getMessage());
    }

    @Test
    void wordCodecRoundTripsAndMapsUnknownWords() {
        Codec w = Codec.words("the cat sat on the mat .\nthe dog", 1, 0);
        assertEquals("<unk>", w.token(0));
        assertEquals("the", w.token(1));
        int[] ids = w.encode("the bird sat .");
        assertEquals(0, ids[1]);
        assertEquals("the <unk> sat.", w.decode(ids));
        assertArrayEquals(w.encode("the mat"), new int[]{1, w.tokens().indexOf("mat")});
    }

    @Test
    void perplexityOfTheTrainingTextIsLow() {
        double nats = LmTrainer.evaluate(model, codec.encode(PARAGRAPH.repeat(2)), 1, 50);
        assertTrue(nats < 0.5, "nats/char " + nats);
    }

    @Test
    void ngramBaselinesKnowTheirCounts() {
        // "ab" repeated: the bigram model predicts perfectly up to smoothing, the unigram at ~ln 2
        int[] train = new int[200];
        for (int i = 0; i < train.length; i++) train[i] = i % 2;
        NGramBaseline.Result r = NGramBaseline.fit(train, new int[]{0, 1, 0, 1, 0, 1}, 3);
        assertEquals(Math.log(203.0 / 101), r.unigramLoss(), 1e-9);
        assertTrue(r.bigramLoss() < 0.15 && r.lambda() == 0.9, r.toString());
    }

    @Test
    void causalTransformerLanguageModelLearnsAndGenerates() {
        Generator.manualSeed(2);
        LanguageModel t = LanguageModel.create(LanguageModel.Cell.TRANSFORMER, codec.size(), 0, 32, 2, 0.0, 48);
        List<LmTrainer.Epoch> h = LmTrainer.train(t, codec.encode(PARAGRAPH.repeat(6)), codec.encode(PARAGRAPH + PARAGRAPH),
                new LmTrainer.Options(48, 4, 40, 0.01, 1, 0), null, null);
        assertTrue(h.get(h.size() - 1).trainLoss() < h.get(0).trainLoss() / 3, h.get(0).trainLoss() + " -> " + h.get(h.size() - 1).trainLoss());
        double unigram = NGramBaseline.fit(codec.encode(PARAGRAPH.repeat(6)), codec.encode(PARAGRAPH), codec.size()).unigramLoss();
        double val = h.get(h.size() - 1).valLoss();
        assertTrue(val < unigram / 2, "valid loss " + val + " vs unigram " + unigram);
        String g = Sampler.generate(t, codec, "The slings", 20, Sampler.Options.greedyDecoding(), null);
        assertEquals(g, Sampler.generate(t, codec, "The slings", 20, Sampler.Options.greedyDecoding(), null));
        assertTrue(g.contains(" a"), "greedy continuation '" + g + "'");
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(t, codec, "The", 5, 2, 0, Set.of()));
    }
}
