package io.sequoia.train;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.nn.recurrent.Stateful;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.train.keras.MaskedOutput;
import io.sequoia.train.keras.Masks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batches and the step of Keras-style {@code fit(x, y)}: shuffled minibatches of rows, or with
 * truncated BPTT each minibatch cut into chunks of k1 steps whose recurrent state is carried
 * (detached) from one chunk to the next and reset at every new minibatch. The compiled loss runs on
 * the real (unmasked) steps and the compiled metrics are updated batch by batch.
 */
final class TensorSteps implements TrainingStep<TensorSteps.Chunk>, Model.TrainMetrics {
    /** Rows {@code rows} of the data; for TBPTT the steps [start, start + skip + len) of them. */
    record Chunk(int[] rows, int start, int skip, int len, boolean first) {}

    private final Model model;
    private final Tensor x, y;
    private final FitOptions o;
    private final List<Stateful> layers;
    private Tensor bx, by;

    TensorSteps(Model model, Tensor x, Tensor y, FitOptions o) {
        this.model = model;
        this.x = x;
        this.y = y;
        this.o = o;
        if (o.tbpttForward > 0) {
            if (x.dim() < 2 || y.dim() < 2 || x.size(1) != y.size(1)) {
                throw Errors.shape("Model.fit", "tbptt needs batch-first sequences with per-step targets (N, T, ...)",
                        "x and y with the same T at dim 1", "x " + x.shapeString() + ", y " + y.shapeString(), null);
            }
            layers = findStateful(model.module());
            if (layers.isEmpty()) {
                throw Errors.state("Model.fit", "tbptt needs a recurrent layer that can carry its state", "use RNN, LSTM or GRU layers");
            }
        } else {
            layers = List.of();
        }
    }

    List<Stateful> statefulLayers() { return layers; }

    Batches<Chunk> batches() {
        int n = x.size(0);
        Batches<int[]> rows = Batches.ofIndices(n, o.batchSize, o.shuffle, r -> r);
        if (o.tbpttForward == 0) return rng -> rows.epoch(rng).stream().map(r -> new Chunk(r, 0, 0, 0, true)).toList();
        int t = x.size(1), k1 = o.tbpttForward, k2 = o.tbpttBackward;
        return rng -> {
            List<Chunk> out = new ArrayList<>();
            for (int[] r : rows.epoch(rng)) {
                for (int s = 0; s < t; s += k1) {
                    int len = Math.min(k1, t - s), skip = Math.max(0, len - k2);
                    out.add(new Chunk(r, s, skip, len - skip, s == 0));
                }
            }
            return out;
        };
    }

    @Override public StepLoss loss(Chunk c) {
        if (c.first()) {
            Tensor idx = indexTensor(c.rows());
            bx = x.indexSelect(0, idx).detach();
            by = y.indexSelect(0, idx).detach();
        }
        if (o.tbpttForward == 0) {
            MaskedOutput out = Masks.forward(model.module(), bx);   // masks flow (train.layers)
            Tensor[] scored = Masks.realSteps(out.output(), by, out.mask());
            Tensor pred = scored[0], target = scored[1];
            Tensor l = model.maskedLoss(out.output(), pred, target);
            Tensor pd = pred.detach();
            for (Metric m : model.metrics) m.update(pd, target);
            return new StepLoss(l, c.rows().length);
        }
        if (c.first()) layers.forEach(Stateful::resetStates);
        else layers.forEach(Stateful::detachStates);
        Module module = model.module();
        if (c.skip() > 0) {
            Tensor ahead;
            try (var g = GradMode.noGrad()) { ahead = module.forward(bx.narrow(1, c.start(), c.skip())); }
            for (Metric m : model.metrics) m.update(ahead, by.narrow(1, c.start(), c.skip()));
        }
        Tensor target = by.narrow(1, c.start() + c.skip(), c.len());
        Tensor pred = module.forward(bx.narrow(1, c.start() + c.skip(), c.len()));
        Tensor l = model.computeLoss(pred, target);
        Tensor pd = pred.detach();
        for (Metric m : model.metrics) m.update(pd, target);
        return new StepLoss(l, (double) c.rows().length * c.len());
    }

    @Override public void reset() { model.metrics.forEach(Metric::reset); }

    @Override public Map<String, double[]> sums() {
        Map<String, double[]> r = new LinkedHashMap<>();
        for (Metric m : model.metrics) r.put(m.name(), new double[]{m.total, m.count});
        return r;
    }

    @Override public void restore(Map<String, double[]> sums) {
        for (Metric m : model.metrics) {
            double[] s = sums.get(m.name());
            if (s != null) { m.total = s[0]; m.count = (long) s[1]; }
        }
    }

    @Override public Map<String, Double> results() {
        Map<String, Double> r = new LinkedHashMap<>();
        for (Metric m : model.metrics) r.put(m.name(), m.result());
        return r;
    }

    /** The modules in the tree that can carry recurrent state. */
    static List<Stateful> findStateful(Module root) {
        List<Stateful> out = new ArrayList<>();
        ArrayDeque<Module> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Module m = todo.pop();
            if (m instanceof Stateful s) out.add(s);
            todo.addAll(m.namedChildren().values());
        }
        return out;
    }

    private static Tensor indexTensor(int[] rows) {
        float[] f = new float[rows.length];
        for (int i = 0; i < rows.length; i++) f[i] = rows[i];
        return new Tensor(NDArray.wrap(f, f.length));
    }
}
