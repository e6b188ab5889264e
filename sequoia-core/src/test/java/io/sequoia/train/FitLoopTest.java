package io.sequoia.train;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.loss.MSELoss;
import io.sequoia.optim.Adam;
import io.sequoia.optim.SGD;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one fit loop over any batch source: what every lab trains through. */
class FitLoopTest {
    @BeforeEach
    void seed() { Generator.manualSeed(7); }

    /** Batches of (x, y) pairs of a line y = 2x − 1; a custom step computes the loss. */
    private static List<Tensor[]> lineData(int batches) {
        Generator g = new Generator(3);
        List<Tensor[]> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] x = new float[8], y = new float[8];
            for (int i = 0; i < 8; i++) { x[i] = (float) g.nextGaussian(); y[i] = 2 * x[i] - 1; }
            out.add(new Tensor[]{Tensor.of(x).reshape(8, 1), Tensor.of(y).reshape(8, 1)});
        }
        return out;
    }

    @Test
    void customStepLearnsAndValidationIsLoggedWithPrefix() {
        Linear lin = new Linear(1, 1);
        List<Tensor[]> data = lineData(6);
        Model m = new Model(lin).compile(ps -> new Adam(ps, 0.05));
        MSELoss mse = new MSELoss();
        List<Boolean> trainingDuringValidation = new ArrayList<>();
        History h = m.fit(rng -> data, b -> StepLoss.of(mse.forward(lin.forward(b[0]), b[1]), 8),
                FitOptions.epochs(60).verbose(0).validation(() -> {
                    trainingDuringValidation.add(lin.isTraining());
                    Tensor[] b = data.get(0);
                    return Map.of("mse", mse.forward(lin.forward(b[0]), b[1]).item());
                }));
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(59) < loss.get(0) / 10, loss.get(0) + " -> " + loss.get(59));
        assertEquals(60, h.get("val_mse").size());
        assertFalse(trainingDuringValidation.contains(true), "validation runs in eval mode");
        assertTrue(lin.isTraining(), "train mode is restored after validation");
    }

    @Test
    void epochLossIsTheWeightedMeanOfTheBatchLosses() {
        Linear lin = new Linear(1, 1);
        Model m = new Model(lin).compile(ps -> new SGD(ps, 0.0));   // lr 0: the weights never move
        List<Tensor[]> data = lineData(2);
        MSELoss mse = new MSELoss();
        double[] w = {1, 3};
        int[] i = {0};
        History h = m.fit(rng -> data, b -> StepLoss.of(mse.forward(lin.forward(b[0]), b[1]), w[i[0]++ % 2]),
                FitOptions.epochs(1).verbose(0));
        double l0 = mse.forward(lin.forward(data.get(0)[0]), data.get(0)[1]).item();
        double l1 = mse.forward(lin.forward(data.get(1)[0]), data.get(1)[1]).item();
        assertEquals((l0 * 1 + l1 * 3) / 4, h.get("loss").get(0), 1e-6);
    }

    @Test
    void earlyStoppingAndPlateauCallbacksWatchCustomValidation() {
        Linear lin = new Linear(1, 1);
        Model m = new Model(lin).compile(ps -> new SGD(ps, 0.1));
        List<Tensor[]> data = lineData(1);
        MSELoss mse = new MSELoss();
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("val_score", 0.5, 0, "min", 0);
        EarlyStopping stop = new EarlyStopping("val_score", 0, 2, "min", false);
        History h = m.fit(rng -> data, b -> StepLoss.of(mse.forward(lin.forward(b[0]), b[1]), 8),
                FitOptions.epochs(20).verbose(0).validation(() -> Map.of("score", 1.0)).callbacks(plateau, stop));
        assertEquals(3, h.epochs(), "a constant score stops after patience 2 past the first epoch");
        assertEquals(0.1 * 0.5 * 0.5, h.get("lr").get(2), 1e-12, "the lr halves on every epoch without improvement");
    }

    @Test
    void maxMinutesStopsAfterTheEpochThatSpentTheBudget() {
        Linear lin = new Linear(1, 1);
        Model m = new Model(lin).compile(ps -> new SGD(ps, 0.01));
        List<Tensor[]> data = lineData(1);
        MSELoss mse = new MSELoss();
        History h = m.fit(rng -> data, b -> StepLoss.of(mse.forward(lin.forward(b[0]), b[1]), 8),
                FitOptions.epochs(1000).verbose(0).maxMinutes(1e-9));
        assertEquals(1, h.epochs());
    }

    @Test
    void ofIndicesShufflesWithTheLoopGeneratorAndCoversEveryItem() {
        Batches<int[]> b = Batches.ofIndices(10, 4, true, r -> r);
        List<int[]> e = b.epoch(new Generator(1));
        assertEquals(3, e.size());
        boolean[] seen = new boolean[10];
        for (int[] r : e) for (int i : r) seen[i] = true;
        for (boolean s : seen) assertTrue(s);
        assertEquals(java.util.Arrays.toString(e.get(0)), java.util.Arrays.toString(b.epoch(new Generator(1)).get(0)));
    }

    @Test
    void badUseIsRefusedWithNames() {
        Model m = new Model(new Linear(1, 1));
        var e = assertThrows(IllegalStateException.class, () -> m.fit(rng -> List.of(), b -> null, FitOptions.epochs(1)));
        assertTrue(e.getMessage().contains("compile"), e.getMessage());
        var w = assertThrows(IllegalArgumentException.class, () -> StepLoss.of(Tensor.scalar(1), 0));
        assertTrue(w.getMessage().contains("weight"), w.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(1).maxMinutes(-1));
        assertTrue(t.getMessage().contains("maxMinutes"), t.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss", 1.5, 1, "min", 0));
        assertTrue(r.getMessage().contains("factor"), r.getMessage());
    }

    @Test
    void aNonFiniteLossNamesTheStepAndTheFirstBadParameter() {
        io.sequoia.nn.Sequential net = new io.sequoia.nn.Sequential(new Linear(1, 3), new Linear(3, 1));
        Model m = new Model(net).compile(ps -> new SGD(ps, 0.1));
        List<Tensor[]> data = lineData(2);
        MSELoss mse = new MSELoss();
        ((Linear) net.get(1)).weight.data().setDouble(1, Double.NaN);     // a NaN injected into one layer
        var e = assertThrows(IllegalStateException.class, () -> m.fit(rng -> data, b -> StepLoss.of(net.forward(b[0]).sub(b[1]).mul(net.forward(b[0]).sub(b[1])).mean(), 8),
                FitOptions.epochs(1).verbose(0)));
        assertTrue(e.getMessage().startsWith("Model.fit: loss became non-finite"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch 1, batch 1, step 1"), e.getMessage());
        assertTrue(e.getMessage().contains("first non-finite weights: 1.weight [1, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("Hint: lower the learning rate or clip gradients"), e.getMessage());
    }
}
