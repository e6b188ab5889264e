package io.sequoia.translation;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.data.decoding.BeamSearch;
import io.sequoia.data.decoding.GreedySearch;
import io.sequoia.data.decoding.Hypothesis;
import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.data.decoding.StepDecoder;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranslatorTest {
    @TempDir Path tmp;

    private ParallelCorpus corpus(String name, List<String> src, List<String> tgt) throws IOException {
        Path s = tmp.resolve(name + ".src"), t = tmp.resolve(name + ".tgt");
        Files.write(s, src);
        Files.write(t, tgt);
        return ParallelCorpus.readAligned(s, t, ParallelCorpus.Options.defaults());
    }

    static TranslatorTrainer.Options small(String model) {
        TranslatorTrainer.Options o = new TranslatorTrainer.Options();
        o.model = model;
        o.bpe = 0;
        o.embedDim = 32;
        o.hidden = 64;
        o.dropout = 0;
        o.labelSmoothing = 0;
        o.lr = 1e-2;
        o.batchSize = 16;
        o.verbose = 0;
        o.seed = 5;
        return o;
    }

    @Test void tinyGruAttentionModelOverfitsPairsAndTranslatesThemBackExactly() throws IOException {
        List<String> de = List.of("Ein Mann fährt Fahrrad.", "Zwei Hunde spielen im Schnee.", "Eine Frau liest ein Buch.", "Kinder spielen Fußball.");
        List<String> en = List.of("A man rides a bike.", "Two dogs play in the snow.", "A woman reads a book.", "Children play soccer.");
        ParallelCorpus c = corpus("toy", de, en);
        TranslatorTrainer.Options o = small("gru-attention");
        o.epochs = 60;
        TranslatorTrainer.Result r = TranslatorTrainer.train(c, null, o, tmp.resolve("model"), null);
        assertTrue(r.history().get("loss").get(59) < r.history().get("loss").get(0) / 10, r.history().get("loss").toString());
        assertEquals(en, r.translator().translate(de, 1, LengthPenalty.none()));
        assertEquals(en, r.translator().translate(de, 5, LengthPenalty.average(1)));
        Translator back = Translator.load(tmp.resolve("model"));
        assertEquals(en, back.translate(de, 5, LengthPenalty.average(1)));
        Translator.Alignment a = back.align(de.get(0), LengthPenalty.none(), 1);
        assertEquals(a.targetPieces().size(), a.weights().length);
        double sum = 0;
        for (float w : a.weights()[0]) sum += w;
        assertEquals(1.0, sum, 1e-5);
    }

    @Test void tinyTransformerWithSharedTiedEmbeddingsOverfitsPairsAndSurvivesSaveLoad() throws IOException {
        List<String> de = List.of("Ein Mann fährt Fahrrad.", "Zwei Hunde spielen im Schnee.", "Eine Frau liest ein Buch.", "Kinder spielen Fußball.");
        List<String> en = List.of("A man rides a bike.", "Two dogs play in the snow.", "A woman reads a book.", "Children play soccer.");
        TranslatorTrainer.Options o = small("transformer");
        o.hidden = 32;
        o.heads = 2;
        o.layers = 1;
        o.feedforward = 64;
        o.warmup = 20;
        o.lr = 5e-3;
        o.epochs = 80;
        TranslatorTrainer.Result r = TranslatorTrainer.train(corpus("tf", de, en), null, o, tmp.resolve("tf-model"), null);
        assertEquals(en, r.translator().translate(de, 1, LengthPenalty.none()));
        Translator back = Translator.load(tmp.resolve("tf-model"));
        assertEquals(en, back.translate(de, 1, LengthPenalty.none()));
        assertTrue(back.codec().sharedVocab());
        assertTrue(!back.model().namedParameters().containsKey("generator.weight") && back.model().namedParameters().containsKey("generator_bias"));
    }

    /**
     * Copying strings of 3 to 8 distinct digits is learned to 100 % exact match on unseen strings. (With
     * repeated digits this model, whose attention reads the current decoder state without input feeding,
     * drops repeats: 46/50 after 40 epochs; docs/labs.md.)
     */
    @Test void copyingDigitStringsOfVariableLengthIsLearnedExactly() throws IOException {
        Random rnd = new Random(1);
        List<String> src = new ArrayList<>();
        for (int i = 0; i < 650; i++) {
            List<String> d = new ArrayList<>(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
            java.util.Collections.shuffle(d, rnd);
            src.add(String.join(" ", d.subList(0, 3 + rnd.nextInt(6))));
        }
        ParallelCorpus train = corpus("copy", src.subList(0, 600), src.subList(0, 600));
        TranslatorTrainer.Options o = small("gru-attention");
        o.epochs = 15;
        o.batchSize = 30;
        o.lr = 5e-3;
        Translator t = TranslatorTrainer.train(train, null, o, null, null).translator();
        assertEquals(src.subList(600, 650), t.translate(src.subList(600, 650), 1, LengthPenalty.none()));
    }

    @Test void decodingDefaultsComeFromTheFoldersConfigElseTheLibrarysConstants() {
        TextCodec codec = TextCodec.learn(List.of("ein Haus"), List.of("a house"), 0, false, false, 1);
        RecurrentTranslator m = new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.NONE,
                codec.sourceVocab().size(), codec.targetVocab().size(), 4, 4, 1, 0, 0);
        Translator plain = new Translator(m, codec, java.util.Map.of());
        assertEquals(Translator.DEFAULT_BEAM, plain.defaultBeam());
        assertEquals(Translator.DEFAULT_LENGTH_PENALTY.toString(), plain.defaultPenalty().toString());
        Translator saved = new Translator(m, codec, java.util.Map.of("decoding", java.util.Map.of("beam", 3, "length_penalty", LengthPenalty.gnmt(0.6).toString())));
        assertEquals(3, saved.defaultBeam());
        assertEquals(LengthPenalty.gnmt(0.6).toString(), saved.defaultPenalty().toString());
    }

    @Test void beamOfOneEqualsGreedyAndPaddingNeverChangesATranslation() {
        Generator.manualSeed(9);
        RecurrentTranslator m = new RecurrentTranslator(RecurrentTranslator.Cell.LSTM, RecurrentTranslator.Attention.ADDITIVE, 20, 15, 8, 12, 2, 0, 0);
        m.eval();
        int[][] src = {{4, 5, 6, 7, 8, 9, 10}, {11, 12}, {5, 5, 5, 5}};
        PairBatches.Batch b = PairBatches.batch(src, new int[3][0], new int[]{0, 1, 2});
        int[] maxLen = {9, 9, 9};
        StepDecoder<Object> step = m.stepDecoder();
        List<Hypothesis> greedy = GreedySearch.decode(step, m.encode(b.src(), b.srcLengths()), 3, TextCodec.BOS, TextCodec.EOS, maxLen);
        List<List<Hypothesis>> beam1 = BeamSearch.decode(step, m.encode(b.src(), b.srcLengths()), 3, TextCodec.BOS, TextCodec.EOS, maxLen,
                1, LengthPenalty.average(1), 1);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(greedy.get(i).tokens(), beam1.get(i).get(0).tokens());
            assertEquals(greedy.get(i).logProb(), beam1.get(i).get(0).logProb(), 1e-4);
        }
        for (int i = 0; i < 3; i++) {                                        // alone (no padding) = in the padded batch
            PairBatches.Batch one = PairBatches.batch(new int[][]{src[i]}, new int[1][0], new int[]{0});
            List<Hypothesis> alone = GreedySearch.decode(step, m.encode(one.src(), one.srcLengths()), 1, TextCodec.BOS, TextCodec.EOS, new int[]{9});
            assertArrayEquals(greedy.get(i).tokens(), alone.get(0).tokens());
            List<List<Hypothesis>> beamAlone = BeamSearch.decode(step, m.encode(one.src(), one.srcLengths()), 1, TextCodec.BOS, TextCodec.EOS,
                    new int[]{9}, 4, LengthPenalty.gnmt(0.6), 3);
            List<List<Hypothesis>> beamAll = BeamSearch.decode(step, m.encode(b.src(), b.srcLengths()), 3, TextCodec.BOS, TextCodec.EOS,
                    maxLen, 4, LengthPenalty.gnmt(0.6), 3);
            for (int k = 0; k < beamAlone.get(0).size(); k++) {
                assertArrayEquals(beamAlone.get(0).get(k).tokens(), beamAll.get(i).get(k).tokens());
            }
        }
    }

    @Test void transformerCachedStepsEqualTheTeacherForcedPass() {
        Generator.manualSeed(2);
        TransformerTranslator m = new TransformerTranslator(17, 17, 16, 2, 2, 2, 32, 0.0, true, true, true, 0);
        m.eval();
        int[][] src = {{4, 5, 6, 7}, {8, 9}};
        int[][] tgt = {{10, 11, 12}, {13, 14, 15}};
        PairBatches.Batch b = PairBatches.batch(src, tgt, new int[]{0, 1});
        try (var g = GradMode.noGrad()) {
            Tensor full = m.logits(b.src(), b.srcLengths(), b.tgtIn()).logSoftmax(-1);   // (2, 4, V)
            StepDecoder<Object> step = m.stepDecoder();
            Object state = m.encode(b.src(), b.srcLengths());
            float[] in = b.tgtIn().data().toFloatArray();
            int t = b.tgtIn().size(1);
            for (int j = 0; j < t; j++) {
                StepDecoder.Step<Object> s = step.step(state, new int[]{(int) in[j], (int) in[t + j]});
                state = s.states();
                for (int n = 0; n < 2; n++) for (int v = 0; v < 17; v++) {
                    assertEquals(full.get(n, j, v), s.logProbs().get(n, v), 1e-4, "row " + n + " step " + j + " token " + v);
                }
            }
        }
        List<Hypothesis> greedy = GreedySearch.decode(m.stepDecoder(), m.encode(b.src(), b.srcLengths()), 2, 2, 3, new int[]{6, 6});
        List<List<Hypothesis>> beam = BeamSearch.decode(m.stepDecoder(), m.encode(b.src(), b.srcLengths()), 2, 2, 3, new int[]{6, 6}, 1, LengthPenalty.none(), 1);
        for (int i = 0; i < 2; i++) assertArrayEquals(greedy.get(i).tokens(), beam.get(i).get(0).tokens());
    }
}
