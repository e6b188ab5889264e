package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.lm.RecurrentLanguageModel;
import io.sequoia.lm.TransformerLanguageModel;
import io.sequoia.nn.Module;
import io.sequoia.nn.ModuleRegistryTest;
import io.sequoia.nn.ModuleRegistryTest.Sample;
import io.sequoia.tensor.Generator;
import io.sequoia.text.ConvTextEncoder;
import io.sequoia.text.TransformerTextEncoder;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The Keras layers and the labs' own modules are rebuilt from their descriptions like nn's. */
class KerasRegistryTest {
    private static Tensor rand(int... shape) {
        Generator.manualSeed(4);
        return Tensor.randn(shape);
    }

    private static Tensor ids(int vocab, int n, int l) {
        float[] f = new float[n * l];
        for (int i = 0; i < f.length; i++) f[i] = (i * 5 + 1) % vocab;
        return Tensor.of(f).reshape(n, l);
    }

    private static Sample one(Module m, int... shape) { return new Sample(m, x -> x.forward(rand(shape))); }

    @Test
    void kerasLayersAndLabModulesRebuild() {
        Generator.manualSeed(8);
        List<Sample> samples = List.of(
                one(new Dense(4, "relu", true, 3), 2, 3),
                one(new LSTM(4, true, 3).returnSequences(true), 2, 5, 3),
                one(new GRU(4, false, 3).goBackwards(true), 2, 5, 3),
                one(new SimpleRNN(4, "tanh", true, 3), 2, 5, 3),
                one(new Bidirectional(new LSTM(4, true, 3).returnSequences(true), "sum"), 2, 5, 3),
                new Sample(new Embedding(9, 4, true), m -> m.forward(ids(9, 2, 5))),
                one(new Masking(0.0), 2, 5, 3),
                one(new GlobalAveragePooling1D(), 2, 5, 3),
                one(new GlobalMaxPooling1D(), 2, 5, 3),
                one(new Flatten(), 2, 5, 3),
                one(new ConvTextEncoder(6, 4, 2, 3), 2, 7, 6),
                new Sample(new TransformerTextEncoder(12, 8, 2, 1, 16, 0.0, 10), m -> m.forward(ids(12, 2, 6))),
                new Sample(new RecurrentLanguageModel("gru", 12, 6, 8, 2, 0.0), m -> m.forward(ids(12, 2, 6))),
                new Sample(new TransformerLanguageModel(12, 8, 2, 1, 16, 0.0, 10), m -> m.forward(ids(12, 2, 6))));
        for (Sample s : samples) ModuleRegistryTest.assertRebuilds(s);
    }
}
