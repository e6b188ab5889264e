package io.sequoia.translation;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingPartsTest {
    @Test void inverseSqrtWarmupRisesLinearlyThenFallsAsOneOverRootStep() {
        assertEquals(1e-3 * 1 / 400.0, TranslatorTrainer.InverseSqrtWarmup.rate(1e-3, 400, 1), 1e-15);
        assertEquals(1e-3 * 0.5, TranslatorTrainer.InverseSqrtWarmup.rate(1e-3, 400, 200), 1e-15);
        assertEquals(1e-3, TranslatorTrainer.InverseSqrtWarmup.rate(1e-3, 400, 400), 1e-15);
        assertEquals(1e-3 * 0.5, TranslatorTrainer.InverseSqrtWarmup.rate(1e-3, 400, 1600), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TranslatorTrainer.InverseSqrtWarmup(1e-3, 0));
        assertTrue(e.getMessage().contains("warmup must be at least 1 step; expected >= 1, got 0"), e.getMessage());
    }

    @Test void scheduledSamplingReplacesInputsByPredictionsAtRatioZeroAndKeepsThemAtOne() {
        Generator.manualSeed(1);
        RecurrentTranslator m = new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.GENERAL, 12, 12, 6, 8, 1, 0, 0);
        PairBatches.Batch b = PairBatches.batch(new int[][]{{4, 5, 6}, {7, 8}}, new int[][]{{9, 10, 11}, {4}}, new int[]{0, 1});
        assertArrayEquals(b.tgtIn().data().toFloatArray(), TranslatorTrainer.sampledInputs(m, b, 1.0).data().toFloatArray());
        float[] mixed = TranslatorTrainer.sampledInputs(m, b, 0.0).data().toFloatArray();
        float[] pred = m.logits(b.src(), b.srcLengths(), b.tgtIn()).argmax(2, false).data().toFloatArray();
        int t = b.tgtIn().size(1);                                          // 4: <bos> + 3
        for (int i = 0; i < 2; i++) {
            assertEquals(TextCodec.BOS, mixed[i * t]);
            for (int j = 1; j < t; j++) {
                float in = b.tgtIn().data().toFloatArray()[i * t + j];
                assertEquals(in == TextCodec.PAD ? TextCodec.PAD : pred[i * t + j - 1], mixed[i * t + j], "row " + i + " pos " + j);
            }
        }
    }

    @Test void badBatchesAndDecodingArgumentsNameTheArgument() {
        RecurrentTranslator m = new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.DOT, 12, 12, 6, 8, 1, 0, 0);
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> m.encode(Tensor.zeros(2, 3), new int[]{3, 4}));
        assertEquals("RecurrentTranslator.encode: srcLengths must be in [1, S]; expected [1, 3], got 4 (sentence 1)", len.getMessage());
        IllegalArgumentException beam = assertThrows(IllegalArgumentException.class, () -> io.sequoia.data.decoding.BeamSearch.decode(
                m.stepDecoder(), m.encode(Tensor.zeros(1, 2), new int[]{2}), 1, 2, 3, new int[]{5}, 2, LengthPenalty.none(), 3));
        assertEquals("BeamSearch.decode: nBest must be in [1, beam]; expected [1, 2], got 3", beam.getMessage());
        IllegalArgumentException lp = assertThrows(IllegalArgumentException.class, () -> LengthPenalty.parse("gnmt:x"));
        assertTrue(lp.getMessage().contains("alpha must be a number"), lp.getMessage());
        assertEquals(Math.pow(11 / 6.0, 0.6), LengthPenalty.parse("gnmt:0.6").penalty(6), 1e-12);
        assertEquals(6.0, LengthPenalty.parse("average").penalty(6), 1e-12);
        IllegalArgumentException tr = assertThrows(IllegalArgumentException.class, () -> new TransformerTranslator(10, 12, 8, 2, 1, 1, 16, 0, true, true, true, 0));
        assertTrue(tr.getMessage().contains("shared embeddings need one vocabulary for both sides; expected 10, got 12"), tr.getMessage());
    }
}
