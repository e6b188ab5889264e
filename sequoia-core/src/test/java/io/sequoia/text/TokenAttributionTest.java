package io.sequoia.text;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Saliency is the directional derivative of the class's log-probability along each token's embedding; attention rows are distributions. */
class TokenAttributionTest {
    static final List<String> TEXTS = List.of("good film", "bad film", "a fine story", "dull and long", "the plot");

    static TextClassifier classifier(TextClassifier.Architecture a) {
        Generator.manualSeed(8);
        TextClassifier c = TextClassifier.create(new TextClassifier.Spec(a, 8, 6, 1, 0.3, 12, 50, null), TEXTS, List.of("neg", "pos"));
        c.predict(TEXTS);
        if (a != TextClassifier.Architecture.TRANSFORMER) {   // U(-0.05, 0.05) rows give saliencies too small to check: widen them
            var w = c.embeddingWeight().data();
            for (int i = 0; i < w.numel(); i++) w.setDouble(i, 40 * w.getDouble(i));
        }
        return c;
    }

    @Test void saliencyIsGradientTimesInputByFiniteDifferences() {
        for (TextClassifier.Architecture a : List.of(TextClassifier.Architecture.BILSTM, TextClassifier.Architecture.CNN)) {
            TextClassifier c = classifier(a);
            String text = "a fine film and the plot";
            TokenAttribution.Scores s = TokenAttribution.saliency(c, text, "pos");
            assertEquals(List.of("a", "fine", "film", "and", "the", "plot"), s.tokens());
            Parameter w = c.embeddingWeight();
            double maxAbs = 0;
            for (int j = 0; j < s.tokens().size(); j++) {
                int id = c.vectorizer().vocabulary().encode(List.of(s.tokens().get(j)))[0];
                double eps = 1e-2, up = logPos(c, text, w, id, 1 + eps), down = logPos(c, text, w, id, 1 - eps);
                maxAbs = Math.max(maxAbs, Math.abs(s.scores()[j]));
                assertEquals((up - down) / (2 * eps), s.scores()[j], 2e-4 + 0.05 * Math.abs(s.scores()[j]), a + " token " + s.tokens().get(j));
            }
            assertTrue(maxAbs > 1e-3, a + ": saliencies too small to test (" + maxAbs + ")");
            for (Parameter p : c.model().module().parameters()) {
                assertTrue(p.requiresGrad(), "parameters are unfrozen again");
                assertNull(p.grad(), "no weight gradient is left behind");
            }
        }
    }

    /** log P(pos) with embedding row {@code id} scaled by {@code f}. */
    private static double logPos(TextClassifier c, String text, Parameter w, int id, double f) {
        int e = w.size(1);
        float[] row = new float[e];
        for (int k = 0; k < e; k++) row[k] = (float) w.data().getDouble(id * e + k);
        for (int k = 0; k < e; k++) w.data().setDouble(id * e + k, row[k] * f);
        double p = c.probabilities(List.of(text))[0][1];
        for (int k = 0; k < e; k++) w.data().setDouble(id * e + k, row[k]);
        return Math.log(p);
    }

    @Test void transformerAttentionRowsAreDistributionsOverTheRealTokens() {
        TextClassifier c = classifier(TextClassifier.Architecture.TRANSFORMER);
        TokenAttribution.Attention a = TokenAttribution.attention(c, "good film story");
        assertEquals(List.of("good", "film", "story"), a.tokens());
        for (double[] row : a.layers()[0]) assertEquals(1.0, row[0] + row[1] + row[2], 1e-5);
        assertEquals(1.0, java.util.Arrays.stream(TokenAttribution.received(a)).sum(), 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenAttribution.attention(classifier(TextClassifier.Architecture.GRU), "good"));
        assertTrue(e.getMessage().contains("saliency"), e.getMessage());
        assertEquals(3, TokenAttribution.saliency(c, "good film story", null).scores().length);
    }
}
