package io.sequoia.text;

import io.sequoia.data.text.TextVectorizer;
import io.sequoia.autograd.Tensor;
import io.sequoia.data.LabeledTexts;
import io.sequoia.data.MovieReviews;
import io.sequoia.tensor.Generator;
import io.sequoia.train.keras.Dense;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Sequential;
import io.sequoia.train.keras.GlobalAveragePooling1D;
import io.sequoia.train.keras.Embedding;
import io.sequoia.train.keras.LSTM;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The course's lab model in the Keras-style API, exactly as docs/labs.md shows it (on a small part of MR). */
class KerasLabModelTest {
    @Test void theLabModelIsAFewLines() throws Exception {
        Generator.manualSeed(0);
        LabeledTexts mr = MovieReviews.mr(Paths.get("..", "..", "shared", "data", "mr-polarity")).shuffled(1);
        LabeledTexts[] parts = mr.subset(java.util.stream.IntStream.range(0, 3000).toArray()).stratifiedSplit(0.2, 1);
        LabeledTexts train = parts[0], val = parts[1];

        TextVectorizer vectorizer = TextVectorizer.builder().maxTokens(10000).outputSequenceLength(40).build().adapt(train.texts());
        Tensor x = vectorizer.transform(train.texts()), xVal = vectorizer.transform(val.texts());
        Tensor y = labels(train), yVal = labels(val);

        Sequential model = new Sequential(
                new Embedding(vectorizer.vocabulary().size(), 4, true),
                new LSTM(4).returnSequences(true).goBackwards(true),
                new GlobalAveragePooling1D(),
                new Dense(4, "relu"), new Dense(1, "relu"), new Dense(1, "sigmoid"));
        model.compile("adam", "binary_crossentropy", "accuracy");
        History h = model.fit(x, y, FitOptions.epochs(3).batchSize(512).validationData(xVal, yVal).verbose(0));   // the lab: epochs(25)

        assertEquals(3, h.get("val_accuracy").size());
        assertTrue(h.get("loss").get(2) < h.get("loss").get(0), "loss falls: " + h.get("loss"));
        assertEquals(List.of("0.weight", "1.weight_ih_l0", "1.weight_hh_l0", "1.bias_ih_l0", "1.bias_hh_l0", "3.weight", "3.bias",
                "4.weight", "4.bias", "5.weight", "5.bias"), List.copyOf(model.module().namedParameters().keySet()));
    }

    private static Tensor labels(LabeledTexts d) {
        float[] f = new float[d.size()];
        for (int i = 0; i < f.length; i++) f[i] = d.labels().get(i).equals("pos") ? 1 : 0;
        return Tensor.of(f, f.length, 1);
    }
}
