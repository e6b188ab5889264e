package io.sequoia.train;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.nn.loss.BCELoss;
import io.sequoia.nn.loss.BCEWithLogitsLoss;
import io.sequoia.nn.loss.CrossEntropyLoss;
import io.sequoia.nn.loss.L1Loss;
import io.sequoia.nn.loss.Loss;
import io.sequoia.nn.loss.MSELoss;
import io.sequoia.nn.loss.NLLLoss;
import io.sequoia.nn.recurrent.Stateful;
import io.sequoia.optim.GradClip;
import io.sequoia.optim.Optimizer;
import io.sequoia.optim.Optimizers;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.train.keras.MaskedOutput;
import io.sequoia.train.keras.Masks;

import io.sequoia.io.ModelFolder;
import io.sequoia.io.Safetensors;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Keras-style training around any {@link Module}: {@code compile(optimizer, loss, metrics)},
 * {@code fit} → {@link History}, {@code evaluate}, {@code predict}. The module's first dimension is
 * the batch. Losses by name: mse, mae, binary_crossentropy (probabilities), bce_with_logits,
 * sparse_categorical_crossentropy / cross_entropy (logits), nll.
 */
public class Model {
    protected final Module module;
    private Function<List<Parameter>, Optimizer> optimizerFactory;
    private Optimizer optimizer;
    private Loss loss;
    final List<Metric> metrics = new ArrayList<>();
    private boolean stopTraining;
    private PrintStream out = System.out;

    public Model(Module module) {
        if (module == null) throw Errors.arg("Model", "module must not be null", "a Module", null, null);
        this.module = module;
    }

    public Module module() { return module; }

    /** Compiles with an optimizer by name (sgd, adam, adamw, rmsprop, adagrad) at its default learning rate. */
    public Model compile(String optimizer, String loss, String... metrics) { return compile(optimizer, null, loss, metrics); }

    public Model compile(String optimizer, Double lr, String loss, String... metrics) {
        // fail now, not at the first fit, on an unknown name or a bad learning rate
        Optimizers.create(optimizer, List.of(new Parameter(NDArray.zeros(io.sequoia.tensor.DType.FLOAT32, 1))), lr);
        return compile(ps -> Optimizers.create(optimizer, ps, lr), lossByName(loss), metrics);
    }

    /**
     * Compiles with an optimizer only, for {@link #fit(Batches, TrainingStep, FitOptions)} where the
     * step computes the loss: {@code compile(ps -> new Adam(ps, 1e-3))}.
     */
    public Model compile(Function<List<Parameter>, Optimizer> optimizer) {
        if (optimizer == null) throw Errors.arg("Model.compile", "optimizer is required", "non-null", null, null);
        this.optimizerFactory = optimizer;
        this.optimizer = null;
        this.loss = null;
        this.metrics.clear();
        return this;
    }

    /** Compiles with an optimizer factory (called once the model's parameters exist) and a loss module. */
    public Model compile(Function<List<Parameter>, Optimizer> optimizer, Loss loss, String... metrics) {
        if (optimizer == null || loss == null) {
            throw Errors.arg("Model.compile", "optimizer and loss are required", "non-null", optimizer == null ? "optimizer null" : "loss null", null);
        }
        List<Metric> ms = new ArrayList<>();
        for (String m : metrics) ms.add(Metric.of(m));
        this.optimizerFactory = optimizer;
        this.optimizer = null;
        this.loss = loss;
        this.metrics.clear();
        this.metrics.addAll(ms);
        return this;
    }

    public static Loss lossByName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "mse": case "mean_squared_error": return new MSELoss();
            case "mae": case "l1": case "mean_absolute_error": return new L1Loss();
            case "binary_crossentropy": case "bce": return new BCELoss();
            case "bce_with_logits": case "binary_crossentropy_from_logits": return new BCEWithLogitsLoss();
            case "sparse_categorical_crossentropy": case "cross_entropy": return new CrossEntropyLoss();
            case "nll": return new NLLLoss();
            default:
                throw Errors.arg("Model.compile", "unknown loss", "one of mse, mae, binary_crossentropy, bce_with_logits, "
                        + "sparse_categorical_crossentropy, cross_entropy, nll", name, null);
        }
    }

    public Optimizer optimizer() { return optimizer; }
    public Loss loss() { return loss; }

    /** Asks {@link #fit} to stop after the current epoch (used by EarlyStopping). */
    public void stopTraining() { stopTraining = true; }

    /** Where epoch lines go (System.out by default). */
    public Model logTo(PrintStream ps) { out = ps; return this; }

    private void requireCompiled(String where) {
        if (loss == null) throw Errors.state("Model." + where, "the model is not compiled", "call compile(optimizer, loss, metrics) first");
    }

    private static void checkXY(String where, Tensor x, Tensor y) {
        if (x.dim() == 0 || y.dim() == 0 || x.size(0) != y.size(0)) {
            throw Errors.shape("Model." + where, "x and y must have the same number of samples (dim 0)",
                    x.dim() == 0 ? "x with a batch dim" : x.size(0), y.dim() == 0 ? "a scalar y" : y.size(0),
                    "x shape " + x.shapeString() + ", y shape " + y.shapeString());
        }
    }

    /** Runs one forward pass without recording, so lazily built layers create their parameters. */
    private void build(Tensor x) {
        if (optimizer != null) return;
        try (var g = GradMode.noGrad()) {
            boolean tr = module.isTraining();
            module.eval();
            Masks.forward(module, x.narrow(0, 0, Math.min(1, x.size(0))));
            module.train(tr);
        }
        optimizer = optimizerFactory.apply(module.parameters());
    }

    /**
     * Trains on tensors, Keras-style: x (N, ...) and y (N, ...) cut into shuffled minibatches of
     * {@code o.batchSize}, the compiled loss and metrics, validation on {@code validationData} or the
     * last {@code validationSplit} of the samples, and truncated BPTT when {@code o.tbptt} is set.
     * Runs the one loop of {@link #fit(Batches, TrainingStep, FitOptions)}.
     */
    public History fit(Tensor x, Tensor y, FitOptions o) {
        requireCompiled("fit");
        checkXY("fit", x, y);
        Tensor trX = x, trY = y, valX = o.valX, valY = o.valY;
        if (valX != null) checkXY("fit (validation data)", valX, valY);
        if (o.validationSplit > 0 && valX == null) {
            int n = x.size(0), nTrain = (int) Math.floor(n * (1 - o.validationSplit));
            if (nTrain < 1 || nTrain >= n) {
                throw Errors.arg("Model.fit", "validationSplit leaves no training or no validation samples", "0 < train < " + n, nTrain, null);
            }
            trX = x.narrow(0, 0, nTrain); trY = y.narrow(0, 0, nTrain);
            valX = x.narrow(0, nTrain, n - nTrain); valY = y.narrow(0, nTrain, n - nTrain);
        }
        build(trX);
        final Tensor fx = trX, fy = trY, vx = valX, vy = valY;
        TensorSteps steps = new TensorSteps(this, fx, fy, o);
        java.util.function.Supplier<Map<String, Double>> validation = vx == null ? o.validation : () -> evaluate(vx, vy, o.batchSize);
        List<Stateful> carried = o.tbpttForward > 0 ? steps.statefulLayers() : List.of();
        boolean[] was = new boolean[carried.size()];
        for (int i = 0; i < was.length; i++) { was[i] = carried.get(i).isStateful(); carried.get(i).setStateful(true); carried.get(i).resetStates(); }
        try {
            return loop(steps.batches(), steps, o, validation, steps);
        } finally {
            for (int i = 0; i < was.length; i++) { carried.get(i).resetStates(); carried.get(i).setStateful(was[i]); }
        }
    }

    /**
     * The one training loop: for each epoch, the batches of {@code train} in order, each through
     * {@code step} (the forward pass and loss), backward, optional gradient clipping and the
     * optimizer step; then {@code o.validation} (module in eval mode, no graph) logged with a
     * {@code val_} prefix, the callbacks, the History and the progress bar. Compile first (an
     * optimizer is enough: {@link #compile(Function)}).
     */
    public <B> History fit(Batches<B> train, TrainingStep<B> step, FitOptions o) {
        if (optimizerFactory == null) throw Errors.state("Model.fit", "the model is not compiled", "call compile(optimizer) first");
        if (train == null || step == null) throw Errors.arg("Model.fit", "batches and step are required", "non-null", train == null ? "batches null" : "step null", null);
        if (optimizer == null) optimizer = optimizerFactory.apply(module.parameters());
        return loop(train, step, o, o.validation, null);
    }

    /** Per-batch training metrics of the tensor path (reset each epoch; their sums go into mid-epoch checkpoints). */
    interface TrainMetrics {
        void reset();
        Map<String, Double> results();
        Map<String, double[]> sums();
        void restore(Map<String, double[]> sums);
    }

    private <B> History loop(Batches<B> train, TrainingStep<B> step, FitOptions o,
                             java.util.function.Supplier<Map<String, Double>> validation, TrainMetrics metricsOfSteps) {
        if (o.resume && o.checkpointDir == null) throw Errors.arg("Model.fit", "resume needs the checkpoint folder", "FitOptions.checkpoint(dir, ...)", null, null);
        stopTraining = false;
        History history = new History();
        long started = System.nanoTime();
        for (Callback c : o.callbacks) c.onTrainBegin(this);
        Checkpoint.LoopState resumed = null;
        if (o.resume) {
            try {
                resumed = Checkpoint.restore(o.checkpointDir, this, o.callbacks);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            history.restore(resumed.history());
            Generator.global().setState(resumed.now());    // a finished run resumed trains no more: the generator stands where it ended
            stopTraining = resumed.stopped() && resumed.position().batch() == 0;
        }
        if (io.sequoia.autograd.Anomaly.enabled()) io.sequoia.autograd.Anomaly.nameTensors(module.namedParameters());
        int startEpoch = resumed == null ? 0 : resumed.position().epoch();
        long steps = resumed == null ? 0 : resumed.position().step();
        if (o.checkpointDir != null) Interruption.arm();
        try (Progress progress = new Progress(o.verbose, out)) {
            for (int epoch = startEpoch; epoch < o.epochs && !stopTraining; epoch++) {
                for (Callback c : o.callbacks) c.onEpochBegin(this, epoch);
                module.train();
                if (metricsOfSteps != null) metricsOfSteps.reset();
                boolean resuming = resumed != null && epoch == startEpoch;
                if (resuming) Generator.global().setState(resumed.epochStart());
                Generator.State epochStart = Generator.global().state();
                List<B> batches = train.epoch(Generator.global());
                double lossSum = 0, weightSum = 0;
                int first = 0;
                if (resuming && resumed.position().batch() > 0) {             // mid-epoch: the same order, then where it stopped
                    Generator.global().setState(resumed.now());
                    first = resumed.position().batch();
                    lossSum = resumed.lossSum();
                    weightSum = resumed.weightSum();
                    if (metricsOfSteps != null) metricsOfSteps.restore(resumed.metricSums());
                    if (resumed.stopped()) stopTraining = true;               // asked during this epoch: it ends with it
                }
                progress.epochBegin(epoch, o.epochs, batches.size());
                for (int b = first; b < batches.size(); b++) {
                    StepLoss sl = step.loss(batches.get(b));
                    double lv = sl.loss().item();
                    if (!Double.isFinite(lv)) {                       // before the step: the weights are still those that produced it
                        throw new IllegalStateException(Errors.format("Model.fit", "loss became non-finite", "a finite loss", lv,
                                "epoch " + (epoch + 1) + ", batch " + (b + 1) + ", step " + (steps + 1) + firstNonFinite())
                                + ". Hint: lower the learning rate or clip gradients (--clip); the last checkpoint, if any, is kept; "
                                + "to find the first operation that went non-finite, run again with -D" + io.sequoia.autograd.Anomaly.PROPERTY + "=true "
                                + "(SEQUOIA_JAVA_OPTS for the command line)");
                    }
                    optimizer.zeroGrad();
                    sl.loss().backward();
                    if (o.clipNorm > 0) GradClip.clipGradNorm(module.parameters(), o.clipNorm, 2.0);
                    optimizer.step();
                    steps++;
                    lossSum += lv * sl.weight();
                    weightSum += sl.weight();
                    Map<String, Double> blogs = new LinkedHashMap<>();
                    blogs.put("loss", lossSum / weightSum);
                    if (metricsOfSteps != null) blogs.putAll(metricsOfSteps.results());
                    progress.batchEnd(blogs);
                    for (Callback c : o.callbacks) c.onBatchEnd(this, b, blogs);
                    boolean interrupt = Interruption.requested() || (o.interruptAfterSteps > 0 && steps == o.interruptAfterSteps);
                    boolean periodic = o.checkpointEvery > 0 && steps % o.checkpointEvery == 0 && b + 1 < batches.size();
                    if (o.checkpointDir != null && (interrupt || periodic)) {
                        checkpoint(o, new Checkpoint.Position(epoch, b + 1, steps), epochStart, lossSum, weightSum, metricsOfSteps, history);
                    }
                    if (interrupt) return interrupted(o, history);
                }
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("loss", weightSum > 0 ? lossSum / weightSum : Double.NaN);
                if (metricsOfSteps != null) logs.putAll(metricsOfSteps.results());
                if (validation != null) validate(validation).forEach((k, v) -> logs.put("val_" + k, v));
                for (Callback c : o.callbacks) c.onEpochEnd(this, epoch, logs);
                history.record(logs);   // after the callbacks, as Keras's History: it sees what they add (lr)
                progress.epochEnd(epoch, o.epochs, logs);
                if (o.checkpointDir != null) {
                    checkpoint(o, new Checkpoint.Position(epoch + 1, 0, steps), Generator.global().state(), 0, 0, null, history);
                }
                if (o.maxMinutes > 0 && (System.nanoTime() - started) / 60e9 >= o.maxMinutes) stopTraining = true;
            }
        } finally {
            if (o.checkpointDir != null) Interruption.disarm();
        }
        for (Callback c : o.callbacks) c.onTrainEnd(this);
        return history;
    }

    /** Where the numbers first went bad: the first parameter (in module order) whose weights or gradient are non-finite. */
    private String firstNonFinite() {
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            if (!allFinite(p.data())) return "; first non-finite weights: " + e.getKey() + " " + Arrays.toString(p.shape());
            if (p.grad() != null && !allFinite(p.grad().data())) return "; first non-finite gradient: " + e.getKey() + " " + Arrays.toString(p.shape());
        }
        return "; every weight and gradient is finite (the loss overflowed)";
    }

    private static boolean allFinite(NDArray a) {
        for (int i = 0, n = a.numel(); i < n; i++) if (!Double.isFinite(a.getDouble(i))) return false;
        return true;
    }

    private void checkpoint(FitOptions o, Checkpoint.Position at, Generator.State epochStart, double lossSum, double weightSum,
                            TrainMetrics metricsOfSteps, History history) {
        try {
            Checkpoint.write(o.checkpointDir, this, new Checkpoint.LoopState(at, epochStart, Generator.global().state(), lossSum, weightSum,
                    metricsOfSteps == null ? Map.of() : metricsOfSteps.sums(), history.copy(), stopTraining), o.callbacks, o.checkpointExtras);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Model.fit: cannot write the checkpoint in " + o.checkpointDir + ": " + e.getMessage(), e);
        }
    }

    /** After the interruption's checkpoint: tell the user, let the JVM exit (Ctrl-C), or return (a test's interruption). */
    private History interrupted(FitOptions o, History history) {
        out.println();
        out.println("Interrupted: checkpoint written to " + o.checkpointDir.resolve(Checkpoint.FOLDER)
                + "; continue with the same command and --resume " + o.checkpointExtras.getOrDefault(Checkpointing.RESUME_DIR, o.checkpointDir));
        out.flush();
        history.markInterrupted();
        if (Interruption.requested()) {
            Interruption.disarm();              // the shutdown hook may finish: the JVM exits (130 after Ctrl-C)
            while (true) {                      // nothing else of this run may happen (no half-written model folder)
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return history;
                }
            }
        }
        return history;
    }

    private Map<String, Double> validate(java.util.function.Supplier<Map<String, Double>> validation) {
        boolean tr = module.isTraining();
        module.eval();
        try (var g = GradMode.noGrad()) {
            return validation.get();
        } finally {
            module.train(tr);
        }
    }

    /** The loss on the real steps; zero (with a graph) when a per-step batch has none. */
    Tensor maskedLoss(Tensor output, Tensor pred, Tensor y) {
        return pred.size(0) == 0 ? output.sum().mul(0) : computeLoss(pred, y);
    }

    Tensor computeLoss(Tensor pred, Tensor y) {
        if (loss instanceof NLLLoss && pred.dim() >= 3 && y.dim() == pred.dim() - 1
                && Arrays.equals(Arrays.copyOf(pred.shape(), y.dim()), y.shape())) {
            // Keras's per-step classes (N, T, C) → PyTorch's class dim 1 (N, C, T)
            int[] perm = new int[pred.dim()];
            perm[0] = 0;
            perm[1] = pred.dim() - 1;
            for (int i = 2; i < perm.length; i++) perm[i] = i - 1;
            pred = pred.permute(perm);
        }
        if (!(loss instanceof NLLLoss) && !Arrays.equals(pred.shape(), y.shape()) && pred.numel() == y.numel()) {
            y = y.reshape(pred.shape());   // (N) targets for (N, 1) outputs, as Keras accepts
        }
        return loss.forward(pred, y);
    }

    /** Loss and metrics on (x, y) in eval mode, without recording a graph. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        requireCompiled("evaluate");
        checkXY("evaluate", x, y);
        boolean tr = module.isTraining();
        module.eval();
        List<Metric> ms = new ArrayList<>();
        for (Metric m : metrics) ms.add(Metric.of(m.name()));
        double lossSum = 0;
        int n = x.size(0);
        try (var g = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int len = Math.min(batchSize, n - from);
                Tensor bx = x.narrow(0, from, len), by = y.narrow(0, from, len);
                MaskedOutput out = Masks.forward(module, bx);   // masks flow (train.layers)
                Tensor[] scored = Masks.realSteps(out.output(), by, out.mask());
                Tensor pred = scored[0];
                by = scored[1];
                lossSum += maskedLoss(out.output(), pred, by).item() * len;
                for (Metric m : ms) m.update(pred, by);
            }
        } finally {
            module.train(tr);
        }
        Map<String, Double> res = new LinkedHashMap<>();
        res.put("loss", lossSum / n);
        for (Metric m : ms) res.put(m.name(), m.result());
        return res;
    }

    /** The module's outputs for x in eval mode, batch by batch, concatenated. */
    public Tensor predict(Tensor x, int batchSize) {
        if (batchSize < 1) throw Errors.arg("Model.predict", "batchSize must be at least 1", ">= 1", batchSize, null);
        boolean tr = module.isTraining();
        module.eval();
        List<Tensor> parts = new ArrayList<>();
        try (var g = GradMode.noGrad()) {
            for (int from = 0; from < x.size(0); from += batchSize) {
                parts.add(Masks.forward(module, x.narrow(0, from, Math.min(batchSize, x.size(0) - from))).output());
            }
        } finally {
            module.train(tr);
        }
        return Tensor.concat(0, parts.toArray(new Tensor[0]));
    }

    /**
     * Saves the model as a folder: {@code config.json} (architecture, loss, metrics) and
     * {@code model.safetensors} (weights under PyTorch names), each written atomically.
     */
    public void save(Path dir) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(ModelFolder.TASK_KEY, TASK);
        if (loss != null) extra.put("loss", loss.name());
        List<String> names = new ArrayList<>();
        for (Metric m : metrics) names.add(m.name());
        extra.put("metrics", names);
        Map<String, NDArray> states = new LinkedHashMap<>();
        forEachStateful(module, "", (path, st) -> st.states().forEach((k, v) -> states.put(path + k, v)));
        if (!states.isEmpty()) extra.put("recurrent_states", STATES_FILE);
        ModelFolder.saveModule(dir, module, extra);
        if (!states.isEmpty()) Safetensors.write(dir.resolve(STATES_FILE), states, Map.of());
    }

    /** The {@code "task"} of a folder written by {@link #save}: a plain Keras-style model. */
    public static final String TASK = "model";

    /** The carried states of stateful recurrent layers, saved beside the weights. */
    public static final String STATES_FILE = "states.safetensors";

    /** Gives each stateful layer its saved carried state (keys: the layer's path + "h" / "c") and turns carrying on. */
    static void loadCarriedStates(Module root, Map<String, NDArray> states) {
        forEachStateful(root, "", (path, st) -> {
            Map<String, NDArray> mine = new LinkedHashMap<>();
            states.forEach((k, v) -> { if (k.startsWith(path) && k.indexOf('.', path.length()) < 0) mine.put(k.substring(path.length()), v); });
            if (!mine.isEmpty()) { st.setStateful(true); st.loadStates(mine); }
        });
    }

    static void forEachStateful(Module m, String prefix, java.util.function.BiConsumer<String, Stateful> f) {
        if (m instanceof Stateful s) f.accept(prefix, s);
        m.namedChildren().forEach((k, c) -> forEachStateful(c, prefix + k + ".", f));
    }

    /** Loads a folder written by {@link #save}: the module rebuilt and its weights checked and loaded. Not compiled. */
    @SuppressWarnings("unchecked")
    public static Model load(Path dir) throws IOException {
        return io.sequoia.io.ModelFolder.reading(dir, "model", () -> readFolder(dir));
    }

    private static Model readFolder(Path dir) throws IOException {
        ModelFolder.LoadedModule loaded = ModelFolder.loadModule(dir);
        Map<String, Object> config = loaded.config();
        Module m = loaded.module();
        if (config.get("recurrent_states") != null) loadCarriedStates(m, Safetensors.read(dir.resolve(STATES_FILE)).tensors());
        return m instanceof io.sequoia.nn.Sequential s ? new Sequential(s) : new Model(m);
    }
}
