package io.sequoia.data;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.RNN;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.tensor.Generator;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The course's lesson: over 100+ steps an LSTM learns the adding problem and an Elman RNN does not. */
class AddingProblemTest {
    /** A recurrent layer over (N, T, 2), then a linear head on the last step. */
    static final class LastStep extends Module {
        final RNNBase rnn;
        final Linear head;

        LastStep(RNNBase rnn) {
            this.rnn = registerModule("rnn", rnn);
            this.head = registerModule("head", new Linear(rnn.hiddenSize(), 1));
        }

        @Override public Tensor forward(Tensor x) {
            Tensor out = rnn.forward(x);
            return head.forward(out.select(1, out.size(1) - 1));
        }
    }

    /** Trains until the validation MSE drops below a tenth of the baseline or the epochs run out; returns the last. */
    static double train(RNNBase rnn, int t, int epochs) {
        Tensor[] train = AddingProblem.generate(2048, t, new Generator(17)), val = AddingProblem.generate(512, t, new Generator(18));
        Model m = new Model(new LastStep(rnn)).logTo(new PrintStream(new ByteArrayOutputStream()));
        m.compile("adam", 0.01, "mse");
        History h = m.fit(train[0], train[1], FitOptions.epochs(epochs).batchSize(64).validationData(val[0], val[1]).clipNorm(1.0).verbose(0)
                .callbacks(new io.sequoia.train.Callback() {
                    @Override public void onEpochEnd(Model model, int epoch, java.util.Map<String, Double> logs) {
                        if (logs.get("val_loss") < AddingProblem.BASELINE_MSE / 20) model.stopTraining();
                    }
                }));
        return h.get("val_loss").get(h.epochs() - 1);
    }

    @Test
    void dataHasTwoMarkersPerSequence() {
        Tensor[] d = AddingProblem.generate(50, 10, new Generator(3));
        for (int s = 0; s < 50; s++) {
            double markers = 0, sum = 0;
            for (int k = 0; k < 10; k++) { markers += d[0].get(s, k, 1); sum += d[0].get(s, k, 0) * d[0].get(s, k, 1); }
            assertEquals(2, markers);
            assertEquals(sum, d[1].get(s, 0), 1e-6);
        }
    }

    @Test
    void lstmLearnsOver100StepsWhereElmanDoesNot() {
        // the configuration of `sequoia lab adding` (docs/labs.md): the LSTM leaves the plateau after ~20 epochs
        int t = 100, epochs = 30;
        Generator.manualSeed(17);
        double lstmMse = train(new LSTM(2, 32, 1, true, true, 0, false), t, epochs);
        Generator.manualSeed(17);
        double elman = train(new RNN(2, 32, 1, "tanh", true, true, 0, false), t, epochs);
        assertTrue(lstmMse < AddingProblem.BASELINE_MSE / 10, "LSTM val MSE " + lstmMse);
        assertTrue(elman > AddingProblem.BASELINE_MSE / 2, "Elman val MSE " + elman);
    }
}
