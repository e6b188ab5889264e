package io.sequoia.train;

import io.sequoia.train.keras.Dense;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Activation;
import io.sequoia.nn.Linear;
import io.sequoia.nn.loss.BCEWithLogitsLoss;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's example, line for line, so it keeps working. */
class ReadmeExampleTest {
    @Test
    void kerasStyleExample(@TempDir Path dir) throws Exception {
        Generator.manualSeed(0);
        Tensor x = Tensor.of(new float[][]{{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(0f, 1f, 1f, 0f);
        Sequential model = new Sequential(new Dense(8, "tanh"), new Dense(1, "sigmoid"));
        model.compile("adam", 0.05, "binary_crossentropy", "accuracy");
        History h = model.fit(x, y, FitOptions.epochs(300).batchSize(4).verbose(0));
        assertTrue(h.get("loss").get(299) < 0.05, "final loss " + h.get("loss").get(299));
        assertEquals(1.0, h.get("accuracy").get(299));
        model.save(dir.resolve("xor-model"));
        assertTrue(Files.exists(dir.resolve("xor-model").resolve("model.safetensors")));
    }

    @Test
    void pytorchStyleExample() {
        Generator.manualSeed(0);
        Tensor x = Tensor.of(new float[][]{{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(0f, 1f, 1f, 0f);
        var net = new io.sequoia.nn.Sequential(new Linear(2, 8), Activation.tanh(), new Linear(8, 1));
        var opt = new io.sequoia.optim.Adam(net.parameters(), 0.05);
        double first = 0, last = 0;
        for (int i = 0; i < 300; i++) {
            Tensor loss = new BCEWithLogitsLoss().forward(net.forward(x), y.reshape(4, 1));
            opt.zeroGrad(); loss.backward(); opt.step();
            if (i == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < first / 10, first + " -> " + last);
        assertEquals(java.util.List.of("0.weight", "0.bias", "2.weight", "2.bias"), java.util.List.copyOf(net.namedParameters().keySet()));
    }
}
