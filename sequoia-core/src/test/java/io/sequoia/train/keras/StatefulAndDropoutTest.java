package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Generator;
import io.sequoia.train.keras.Dense;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import io.sequoia.train.Sequential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.sequoia.train.keras.Seqs.close;
import static io.sequoia.train.keras.Seqs.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatefulAndDropoutTest {
    static final double TOL = 1e-5;

    @BeforeEach
    void seed() { Generator.manualSeed(51); }

    /** Keras's stateful=True: feeding a sequence in two chunks gives what one call gives. */
    @Test
    void statefulLayerCarriesItsStateAcrossCalls() {
        Tensor x = randn(1, 2, 6, 3);
        for (RecurrentLayer l : new RecurrentLayer[]{new LSTM(4), new GRU(4), new SimpleRNN(4)}) {
            l.returnSequences(true);
            Tensor whole = l.forward(x);
            l.setStateful(true);
            Tensor a = l.forward(x.narrow(1, 0, 4)), b = l.forward(x.narrow(1, 4, 2));
            close(whole, Tensor.concat(1, a, b), TOL);
            assertEquals(l instanceof LSTM ? 2 : 1, l.states().size());
            l.resetStates();
            close(whole.narrow(1, 0, 4), l.forward(x.narrow(1, 0, 4)), TOL);
        }
    }

    @Test
    void carriedStatesAreSavedWithTheModel(@TempDir Path dir) throws IOException {
        Sequential m = new Sequential(new LSTM(4).returnSequences(true), new Dense(1));
        ((RecurrentLayer) m.module().namedChildren().get("0")).setStateful(true);
        Tensor x = randn(2, 2, 5, 3);
        m.predict(x.narrow(1, 0, 3), 2);
        m.save(dir);
        Tensor next = m.predict(x.narrow(1, 3, 2), 2);
        close(next, Model.load(dir).predict(x.narrow(1, 3, 2), 2), 0);
    }

    @Test
    void truncatedBackpropagationThroughTimeTrainsKerasLayers() {
        Generator g = new Generator(2);
        int n = 32, t = 12;
        float[] x = new float[n * t], y = new float[n * t];
        for (int i = 0; i < n; i++) for (int s = 0; s < t; s++) {
            x[i * t + s] = g.nextInt(2);
            y[i * t + s] = s == 0 ? 0 : x[i * t + s - 1];                                   // echo the previous step
        }
        Sequential m = new Sequential(new GRU(8).returnSequences(true), new Dense(1, "sigmoid"));
        m.logTo(MaskFlowTest.QUIET).compile("adam", 0.05, "binary_crossentropy");
        History h = m.fit(Tensor.of(x, n, t, 1), Tensor.of(y, n, t, 1), FitOptions.epochs(15).batchSize(8).tbptt(4).verbose(0));
        double first = h.get("loss").get(0), last = h.get("loss").get(h.epochs() - 1);
        assertTrue(last < first / 2, "loss " + first + " -> " + last);
    }

    @Test
    void recurrentDropoutActsInTrainingOnlyAndIsSaved(@TempDir Path dir) throws IOException {
        Tensor x = randn(3, 2, 5, 3);
        RecurrentLayer l = new LSTM(4, true, 3).recurrentDropout(0.5);
        assertEquals(0.5, l.module().recurrentDropout());
        Tensor a = l.forward(x), b = l.forward(x);
        assertTrue(a.sub(b).abs().max().item() > 1e-4, "training: a new dropout mask each call");
        l.eval();
        close(l.forward(x), l.forward(x), 0);
        Bidirectional bi = new Bidirectional(new SimpleRNN(4).recurrentDropout(0.25));
        assertEquals(0.25, bi.backwardLayer().recurrentDropout());
        Sequential m = new Sequential(bi);
        m.predict(x, 2);
        m.save(dir);
        Bidirectional loaded = (Bidirectional) Model.load(dir).module().namedChildren().get("0");
        assertEquals(0.25, loaded.forwardLayer().recurrentDropout());
        assertEquals(0.25, loaded.backwardLayer().recurrentDropout());
        var e = assertThrows(IllegalArgumentException.class, () -> new GRU(4).recurrentDropout(1));
        assertEquals("GRU.recurrentDropout: p must be in [0, 1); expected 0 <= p < 1, got 1.0", e.getMessage());
    }
}
