package io.sequoia.text;

import io.sequoia.data.LabeledTexts;
import io.sequoia.tensor.Generator;
import io.sequoia.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextClassifierTest {
    @TempDir Path tmp;

    /** Texts with "good" are ham, with "bad" spam; a few words of noise around them. */
    static LabeledTexts toy(int n, long seed) {
        Generator g = new Generator(seed);
        String[] noise = {"the", "film", "was", "a", "plot", "very", "and"};
        List<String> t = new ArrayList<>(), l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean pos = i % 2 == 0;
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 4; k++) sb.append(noise[g.nextInt(noise.length)]).append(' ');
            sb.append(pos ? "good" : "bad");
            t.add(sb.toString());
            l.add(pos ? "ham" : "spam");
        }
        return new LabeledTexts(t, l, "toy");
    }

    @Test void everyArchitectureLearnsAToyTaskAndReloads() throws Exception {
        for (String variant : List.of("lstm", "bilstm", "gru", "cnn", "transformer", "bilstm:max", "gru:mean")) {
            String model = variant.split(":")[0], pool = variant.contains(":") ? variant.split(":")[1] : "last";
            Generator.manualSeed(1);
            LabeledTexts train = toy(200, 1), test = toy(40, 2);
            TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.parse(model), 16, 8, 1, 0.0, 8, 100,
                    TextClassifier.Pool.parse(pool)), train.texts(), train.classes()).compile(0.02);
            assertEquals(pool, c.spec().pool().toString());
            c.fit(train, null, FitOptions.epochs(model.equals("transformer") ? 8 : 4).batchSize(20).verbose(0));
            ClassificationMetrics m = c.evaluate(test);
            assertTrue(m.accuracy() >= 0.95, model + " accuracy " + m.accuracy());
            c.save(tmp.resolve(variant.replace(':', '-')));
            TextClassifier back = TextClassifier.load(tmp.resolve(variant.replace(':', '-')));
            assertEquals(pool, back.spec().pool().toString(), variant);
            assertEquals(List.of("ham", "spam"), back.classes());
            double[][] a = c.probabilities(test.texts()), b = back.probabilities(test.texts());
            for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 1e-6, model);
            assertEquals("ham", back.predict(List.of("a very good film")).get(0).label());
        }
    }

    @Test void moreThanTwoClassesUseSoftmax() {
        Generator.manualSeed(2);
        LabeledTexts d = new LabeledTexts(List.of("red", "green", "blue", "red red", "green green", "blue blue"),
                List.of("r", "g", "b", "r", "g", "b"), "colours");
        TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.GRU, 8, 8, 1, 0, 4, 50, null), d.texts(), d.classes()).compile(0.05);
        c.fit(d, null, FitOptions.epochs(40).batchSize(6).verbose(0));
        assertEquals(1.0, c.evaluate(d).accuracy());
        double[] p = c.predict(List.of("blue")).get(0).probabilities();
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
    }

    @Test void metricsMacroF1() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[]{0, 0, 1, 1}, new double[][]{{.9, .1}, {.4, .6}, {.2, .8}, {.3, .7}});
        assertEquals(0.75, m.accuracy());
        assertEquals((2.0 / 3 + 0.8) / 2, m.macroF1(), 1e-12);
        assertArrayEquals(new int[]{1, 1}, m.confusion()[0]);
    }

    @Test void poolIsCheckedAndLimitedToRecurrentModels() {
        assertEquals("TextClassifier.Pool: unknown pool; expected last, max or mean, got sum",
                assertThrows(IllegalArgumentException.class, () -> TextClassifier.Pool.parse("sum")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TextClassifier.Spec(TextClassifier.Architecture.CNN, 8, 8, 1, 0, 4, 50, TextClassifier.Pool.MAX))
                .getMessage().contains("pool applies to the recurrent models"));
        assertEquals(TextClassifier.Pool.LAST, new TextClassifier.Spec(TextClassifier.Architecture.CNN, 8, 8, 1, 0, 4, 50, null).pool());
        assertEquals(TextClassifier.DEFAULT_POOL, new TextClassifier.Spec(TextClassifier.Architecture.LSTM, 8, 8, 1, 0, 4, 50, null).pool());
    }

    @Test void unknownModelIsAnError() {
        assertEquals("TextClassifier.Architecture: unknown model; expected lstm, bilstm, gru, cnn or transformer, got rnn",
                assertThrows(IllegalArgumentException.class, () -> TextClassifier.Architecture.parse("rnn")).getMessage());
    }
}
