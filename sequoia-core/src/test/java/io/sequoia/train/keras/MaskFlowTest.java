package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import io.sequoia.train.keras.Dense;
import io.sequoia.train.FitOptions;
import io.sequoia.train.Sequential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

import static io.sequoia.train.keras.Seqs.close;
import static io.sequoia.train.keras.Seqs.mask;
import static io.sequoia.train.keras.Seqs.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaskFlowTest {
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    static final double TOL = 1e-5;

    @BeforeEach
    void seed() { Generator.manualSeed(31); }

    /** Two sequences of 3 steps, 2 features; row 0 has steps 0 and 2 real, row 1 none. */
    static final Tensor X = Tensor.of(new float[]{1, 2, 10, 20, 3, -4, /* row 1 */ 5, 6, 7, 8, 9, 10}, 2, 3, 2);
    static final Tensor M = Tensor.of(new float[]{1, 0, 1, 0, 0, 0}, 2, 3);

    @Test
    void maskedAveragePoolingIsTheMeanOverRealStepsAndZerosForAllPadding() {
        Tensor y = new GlobalAveragePooling1D().forward(X, M);
        close(Tensor.of(new float[]{(1 + 3) / 2f, (2 - 4) / 2f, 0, 0}, 2, 2), y, TOL);
        close(Tensor.of(new float[]{14 / 3f, 6, 7, 8}, 2, 2), new GlobalAveragePooling1D().forward(X), TOL);
    }

    @Test
    void maskedMaxPoolingIsTheMaxOverRealStepsAndZerosForAllPadding() {
        close(Tensor.of(new float[]{3, 2, 0, 0}, 2, 2), new GlobalMaxPooling1D().forward(X, M), 0);
        close(Tensor.of(new float[]{10, 20, 9, 10}, 2, 2), new GlobalMaxPooling1D().forward(X), 0);
    }

    @Test
    void poolingGradientsSkipPaddedSteps() {
        Tensor x = X.copy().requiresGrad(true);
        new GlobalAveragePooling1D().forward(x, M).sum().backward();
        close(Tensor.of(new float[]{.5f, .5f, 0, 0, .5f, .5f, 0, 0, 0, 0, 0, 0}, 2, 3, 2), x.grad(), TOL);
        Tensor x2 = X.copy().requiresGrad(true);
        new GlobalMaxPooling1D().forward(x2, M).sum().backward();
        close(Tensor.of(new float[]{0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, 2, 3, 2), x2.grad(), TOL);
    }

    @Test
    void embeddingMakesTheMaskAndMaskingLayerToo() {
        Tensor ids = Tensor.of(new float[]{3, 1, 0, 0, 0, 2}, 2, 3);
        Embedding e = new Embedding(4, 5, true);
        close(Tensor.of(new float[]{1, 1, 0, 0, 0, 1}, 2, 3), e.computeMask(ids, null), 0);
        assertArrayEquals(new int[]{2, 3, 5}, e.forward(ids, null).shape());
        assertNull(new Embedding(4, 5).computeMask(ids, null));
        Tensor x = Tensor.of(new float[]{1, 0, 0, 0, -1, 2}, 1, 3, 2);
        Masking masking = new Masking();
        close(Tensor.of(new float[]{1, 0, 1}, 1, 3), masking.computeMask(x, null), 0);
        close(x, masking.forward(x), 0);
        Tensor x2 = Tensor.of(new float[]{1, 0, -1, -1, -1, 2}, 1, 3, 2);
        close(Tensor.of(new float[]{1, 0, 1}, 1, 3), new Masking(-1).computeMask(x2, null), 0);
        close(Tensor.of(new float[]{1, 0, 0, 0, -1, 2}, 1, 3, 2), new Masking(-1).forward(x2), 0);
    }

    @Test
    void theMaskFlowsThroughPerStepLayersAndStopsAtTwoDimensionalOutputs() {
        Tensor ids = Tensor.of(new float[]{3, 1, 0, 2, 0, 0}, 2, 3);
        io.sequoia.nn.Sequential perStep = new io.sequoia.nn.Sequential(new Embedding(4, 5, true),
                new LSTM(6).returnSequences(true), new Dropout(0.1), new Dense(2));
        MaskedOutput o = Masks.forward(perStep, ids);
        assertArrayEquals(new int[]{2, 3, 2}, o.output().shape());
        close(Tensor.of(new float[]{1, 1, 0, 1, 0, 0}, 2, 3), o.mask(), 0);
        io.sequoia.nn.Sequential pooled = new io.sequoia.nn.Sequential(new Embedding(4, 5, true), new GRU(6), new Dense(2));
        assertNull(Masks.forward(pooled, ids).mask());
        assertNull(Masks.forward(new io.sequoia.nn.Sequential(new Embedding(4, 5, true), new Flatten()), ids).mask());
        assertArrayEquals(new int[]{2, 15}, new Flatten().forward(randn(1, 2, 3, 5)).shape());
    }

    /** Embedding(maskZero) → Bidirectional(LSTM) → pooling → Dense: a padded batch predicts what each sequence alone does. */
    @Test
    void paddedBatchPredictsLikeEachSequenceAlone() {
        float[][] seqs = {{4, 7, 2, 9, 1}, {3, 3}, {8, 1, 5}};
        for (boolean pre : new boolean[]{false, true}) {
            for (boolean max : new boolean[]{false, true}) {
                Sequential model = new Sequential(new Embedding(10, 4, true), new Bidirectional(new LSTM(5).returnSequences(true)),
                        max ? new GlobalMaxPooling1D() : new GlobalAveragePooling1D(), new Dense(1, "sigmoid"));
                Tensor batch = model.predict(pad(seqs, 6, pre), 8);
                for (int i = 0; i < seqs.length; i++) {
                    close(model.predict(Tensor.of(seqs[i], 1, seqs[i].length), 1), batch.narrow(0, i, 1), TOL);
                }
            }
        }
    }

    /** Rows padded with id 0 to {@code t} steps, at the end (post) or the start (pre). */
    static Tensor pad(float[][] seqs, int t, boolean pre) {
        float[] out = new float[seqs.length * t];
        for (int i = 0; i < seqs.length; i++) System.arraycopy(seqs[i], 0, out, i * t + (pre ? t - seqs[i].length : 0), seqs[i].length);
        return Tensor.of(out, seqs.length, t);
    }

    /** returnSequences outputs reaching a per-step loss: padded steps are left out of the mean, and of the metrics. */
    @Test
    void perStepLossAndMetricsSkipPaddedSteps() {
        Tensor ids = pad(new float[][]{{1, 2, 3}, {4}, {2, 2}}, 4, false);
        float[] yv = {1, 0, 1, 1, /**/ 0, 1, 0, 0, /**/ 1, 1, 1, 1};
        Tensor y = Tensor.of(yv, 3, 4);
        Sequential model = new Sequential(new Embedding(5, 3, true), new SimpleRNN(4).returnSequences(true), new Dense(1, "sigmoid"));
        model.logTo(QUIET).compile("adam", "binary_crossentropy", "accuracy");
        Tensor p = model.predict(ids, 8);                                                 // (3, 4, 1)
        double sum = 0, correct = 0;
        int[][] real = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {2, 0}, {2, 1}};
        for (int[] r : real) {
            double q = p.get(r[0], r[1], 0), t = yv[r[0] * 4 + r[1]];
            sum += -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
            correct += (q > 0.5) == (t > 0.5) ? 1 : 0;
        }
        Map<String, Double> ev = model.evaluate(ids, y, 8);
        assertEquals(sum / real.length, ev.get("loss"), 1e-5);
        assertEquals(correct / real.length, ev.get("accuracy"), 1e-12);
        float[] flipped = yv.clone();
        for (int i : new int[]{3, 5, 6, 7, 10, 11}) flipped[i] = 1 - flipped[i];          // only padded targets change
        assertEquals(ev.get("loss"), model.evaluate(ids, Tensor.of(flipped, 3, 4), 8).get("loss"), 1e-12);
        model.fit(ids, y, FitOptions.epochs(2).batchSize(2).verbose(0));
    }

    /** Per-step classes (N, T, C) with targets (N, T): cross-entropy over the real steps only. */
    @Test
    void perStepCrossEntropySkipsPaddedSteps() {
        Tensor ids = pad(new float[][]{{1, 2, 3}, {4}}, 3, true);
        Tensor y = Tensor.of(new float[]{0, 2, 1, 1, 1, 0}, 2, 3);
        Sequential model = new Sequential(new Embedding(5, 3, true), new LSTM(4).returnSequences(true), new Dense(3));
        model.logTo(QUIET).compile("adam", "sparse_categorical_crossentropy", "accuracy");
        Tensor p = model.predict(ids, 2);                                                  // (2, 3, 3)
        double sum = 0;
        int[][] real = {{0, 0}, {0, 1}, {0, 2}, {1, 2}};
        for (int[] r : real) {
            double lse = 0;
            for (int c = 0; c < 3; c++) lse += Math.exp(p.get(r[0], r[1], c));
            sum += Math.log(lse) - p.get(r[0], r[1], (int) y.get(r[0], r[1]));
        }
        assertEquals(sum / real.length, model.evaluate(ids, y, 2).get("loss"), 1e-5);
    }

    @Test
    void poolingErrors() {
        var e = assertThrows(ShapeMismatchException.class, () -> new GlobalAveragePooling1D().forward(randn(1, 2, 3)));
        assertEquals("GlobalAveragePooling1D.forward: input must be 3-D (N, T, F), batch first; expected 3 dims, got 2 (input shape [2, 3])",
                e.getMessage());
        var e2 = assertThrows(ShapeMismatchException.class, () -> new GlobalMaxPooling1D().forward(randn(1, 2, 3, 4), Tensor.ones(2)));
        assertEquals("GlobalMaxPooling1D.forward: mask must be (N, T) for an input (N, T, ...); expected [2, 3], got [2] (input shape [2, 3, 4])",
                e2.getMessage());
        var e3 = assertThrows(ShapeMismatchException.class, () -> new Flatten().forward(Tensor.scalar(1)));
        assertEquals("Flatten.forward: input needs a batch dim; expected >= 1 dims, got 0 (input shape [])", e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> Masks.forward(null, X));
        assertEquals("Masks.forward: module must not be null; expected a Module, got null", e4.getMessage());
    }
}
