package io.sequoia.tree;

import io.sequoia.data.tree.Tree;
import io.sequoia.nn.tree.TreeEncoder;
import io.sequoia.optim.Adagrad;
import io.sequoia.optim.Adam;
import io.sequoia.optim.Optimizer;
import io.sequoia.tensor.Errors;
import io.sequoia.train.Batches;
import io.sequoia.train.Callback;
import io.sequoia.train.EarlyStopping;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import io.sequoia.train.StepLoss;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link TreeClassifier} through the one fit loop: shuffled minibatches of trees, the loss
 * over every labelled node, validation on dev after each epoch (loss, root and all-node accuracy),
 * the best dev root accuracy kept (early stopping restores it; a checkpoint folder is written
 * whenever it improves), and {@code epoch_seconds} logged per epoch.
 */
public final class TreeTrainer {
    private TreeTrainer() {}

    /**
     * Training settings.
     * @param optimizer adam or adagrad; @param weightDecay L2 on every parameter
     * @param adagradReset with adagrad: clear the squared-gradient sums every this many epochs, as
     *        Socher et al.'s code does (every epoch); 0: never
     * @param adagradEps with adagrad: the eps added to the root of the squared-gradient sum (CoreNLP: 1e-3)
     * @param patience epochs without a better dev root accuracy before stopping (0: never stop early)
     * @param checkpoint folder to save the best model to (null: none)
     */
    public record Options(int epochs, int batchSize, String optimizer, double lr, double weightDecay, int adagradReset,
                          double clip, double maxMinutes, int patience, int verbose, Path checkpoint, List<Callback> callbacks,
                          Objective objective, double adagradEps) {
        /** With the {@link Objective#MEAN} objective. */
        public Options(int epochs, int batchSize, String optimizer, double lr, double weightDecay, int adagradReset,
                       double clip, double maxMinutes, int patience, int verbose, Path checkpoint, List<Callback> callbacks) {
            this(epochs, batchSize, optimizer, lr, weightDecay, adagradReset, clip, maxMinutes, patience, verbose, checkpoint, callbacks, Objective.MEAN);
        }

        /** With AdaGrad's eps {@link Adagrad#DEFAULT_EPS} (PyTorch's and Tai et al.'s 1e-10). */
        public Options(int epochs, int batchSize, String optimizer, double lr, double weightDecay, int adagradReset,
                       double clip, double maxMinutes, int patience, int verbose, Path checkpoint, List<Callback> callbacks, Objective objective) {
            this(epochs, batchSize, optimizer, lr, weightDecay, adagradReset, clip, maxMinutes, patience, verbose, checkpoint, callbacks, objective,
                    Adagrad.DEFAULT_EPS);
        }

        public Options {
            if (objective == null) throw Errors.arg("TreeTrainer.Options", "objective must not be null", "an Objective", null, null);
            if (epochs < 1) throw Errors.arg("TreeTrainer.Options", "epochs must be positive", ">= 1", epochs, null);
            if (batchSize < 1) throw Errors.arg("TreeTrainer.Options", "batchSize must be positive", ">= 1", batchSize, null);
            if (!optimizer.equals("adam") && !optimizer.equals("adagrad")) {
                throw Errors.arg("TreeTrainer.Options", "unknown optimizer", "adam or adagrad", optimizer, null);
            }
            if (adagradReset < 0) throw Errors.arg("TreeTrainer.Options", "adagradReset must be >= 0", ">= 0", adagradReset, null);
            if (!(lr > 0)) throw Errors.arg("TreeTrainer.Options", "lr must be positive", "> 0", lr, null);
            if (!(adagradEps >= 0) || Double.isInfinite(adagradEps)) {
                throw Errors.arg("TreeTrainer.Options", "adagradEps must be finite and >= 0", ">= 0", adagradEps, null);
            }
            callbacks = callbacks == null ? List.of() : List.copyOf(callbacks);
        }

        /** The RNTN's default epoch cap (CoreNLP's {@code epochs}) and its patience: it stops after this many epochs without a better dev root. */
        public static final int RNTN_EPOCHS = 400, RNTN_PATIENCE = 20;

        /**
         * The measured defaults (docs/labs.md): the RNTN as Socher et al.'s code trains it (AdaGrad 0.01,
         * minibatch 27, {@link Objective#SOCHER}, no clipping, up to {@link #RNTN_EPOCHS} epochs, stopped after
         * {@link #RNTN_PATIENCE} without a better dev root), the binary Tree-LSTM as Tai et al. trained it (AdaGrad 0.05, minibatch 25, no
         * clipping, {@link Objective#TAI}, all 10 epochs run, the best dev epoch kept), RecNN Adam 2e-3,
         * the Child-Sum Tree-LSTM and the Tree-GRU Adam 1e-3.
         */
        public static Options defaults(String cell) {
            if (cell.equals("rntn")) return new Options(RNTN_EPOCHS, 27, "adagrad", 1e-2, 0, 0, 0, 0, RNTN_PATIENCE, 1, null, List.of(), Objective.SOCHER);
            if (cell.equals("treelstm")) return new Options(10, 25, "adagrad", 0.05, 0, 0, 0, 0, 0, 1, null, List.of(), Objective.TAI);
            boolean tensorNet = cell.equals("recnn");
            return new Options(tensorNet ? 30 : 20, 25, "adam", tensorNet ? 2e-3 : 1e-3, tensorNet ? 1e-5 : 0, 0, 5.0, 0, 5, 1, null, List.of());
        }

        public Options withEpochs(int e) { return new Options(e, batchSize, optimizer, lr, weightDecay, adagradReset, clip, maxMinutes, patience, verbose, checkpoint, callbacks, objective, adagradEps); }
        public Options withBatchSize(int b) { return new Options(epochs, b, optimizer, lr, weightDecay, adagradReset, clip, maxMinutes, patience, verbose, checkpoint, callbacks, objective, adagradEps); }
        public Options withLr(double l) { return new Options(epochs, batchSize, optimizer, l, weightDecay, adagradReset, clip, maxMinutes, patience, verbose, checkpoint, callbacks, objective, adagradEps); }
        public Options withOptimizer(String o, double wd) { return new Options(epochs, batchSize, o, lr, wd, adagradReset, clip, maxMinutes, patience, verbose, checkpoint, callbacks, objective, adagradEps); }
        public Options withAdagradReset(int every) { return new Options(epochs, batchSize, optimizer, lr, weightDecay, every, clip, maxMinutes, patience, verbose, checkpoint, callbacks, objective, adagradEps); }
        public Options withClip(double c) { return new Options(epochs, batchSize, optimizer, lr, weightDecay, adagradReset, c, maxMinutes, patience, verbose, checkpoint, callbacks, objective, adagradEps); }
        public Options withBudget(double minutes, int pat) { return new Options(epochs, batchSize, optimizer, lr, weightDecay, adagradReset, clip, minutes, pat, verbose, checkpoint, callbacks, objective, adagradEps); }
        public Options withObjective(Objective obj) { return new Options(epochs, batchSize, optimizer, lr, weightDecay, adagradReset, clip, maxMinutes, patience, verbose, checkpoint, callbacks, obj, adagradEps); }
        public Options withOutput(int v, Path ckpt, List<Callback> cbs) { return new Options(epochs, batchSize, optimizer, lr, weightDecay, adagradReset, clip, maxMinutes, patience, v, ckpt, cbs, objective, adagradEps); }
        /** AdaGrad's eps in {@code p -= lr · g / (√s + eps)}: 1e-10 by default; CoreNLP's RNTN training uses 1e-3. */
        public Options withAdagradEps(double eps) { return new Options(epochs, batchSize, optimizer, lr, weightDecay, adagradReset, clip, maxMinutes, patience, verbose, checkpoint, callbacks, objective, eps); }
    }

    /**
     * What a step minimises and how the word vectors move.
     * @param perTree the loss is summed over each tree's labelled nodes and averaged over the trees
     *        (the papers' code) instead of averaged over all labelled nodes of the batch
     * @param l2Words, l2Cell, l2Classifier the L2 penalty per group ({@link TreeClassifier#penalty}),
     *        added to the loss (on top of the optimizer's weight decay, if any); the words' on the rows of
     *        each batch's words only, as CoreNLP (a penalty-only gradient on a row no tree of the batch
     *        reaches would be scaled up to a full step by AdaGrad with eps 1e-10)
     * @param embeddingLr &gt; 0: the word vectors are left out of the optimizer and moved by plain
     *        SGD at this rate after each step, as Tai et al.'s code does (its {@code emb_learning_rate}
     *        0.1); 0: the optimizer moves them with the rest
     */
    public record Objective(boolean perTree, double l2Words, double l2Cell, double l2Classifier, double embeddingLr) {
        /** Mean over labelled nodes, no penalty, one optimizer for everything (the first Sequoia setup). */
        public static final Objective MEAN = new Objective(false, 0, 0, 0, 0);
        /** Socher et al.'s code (CoreNLP {@code RNNTrainOptions}): per tree; words 1e-4, transform and tensor 1e-3, classifier 1e-4. */
        public static final Objective SOCHER = new Objective(true, 1e-4, 1e-3, 1e-4, 0);
        /** Tai et al.'s code ({@code TreeLSTMSentiment.lua}): per tree; L2 1e-4 on all but the words; words by SGD at 0.1. */
        public static final Objective TAI = new Objective(true, 0, 1e-4, 1e-4, 0.1);

        public Objective {
            for (double v : new double[]{l2Words, l2Cell, l2Classifier, embeddingLr}) {
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw Errors.arg("TreeTrainer.Objective", "penalties and the embedding rate must be finite and >= 0", ">= 0", v, null);
                }
            }
        }
    }

    /** Trains on {@code train} (all nodes), selecting on {@code dev}'s root accuracy. */
    public static History fit(TreeClassifier clf, List<Tree> train, List<Tree> dev, Options o, PrintStream log) {
        return fit(clf, train, dev, o, log, null);
    }

    /** As above, checkpointed (and resumed) as {@code checkpointing} says (null: no checkpoints). */
    public static History fit(TreeClassifier clf, List<Tree> train, List<Tree> dev, Options o, PrintStream log,
                              io.sequoia.train.Checkpointing checkpointing) {
        int c = clf.spec().numClasses();
        // a binary model trains on the trees with a non-neutral root; it is scored on every dev tree
        // (roots: the non-neutral ones; all phrases: every non-neutral node), as evaluate scores test
        List<Tree> tr = TreeClassifier.usable(train, c), dv = dev;
        if (tr.isEmpty()) throw Errors.arg("TreeTrainer.fit", "no training trees", ">= 1 tree with a usable root label", 0, train.size() + " trees read");
        double wd = o.weightDecay();
        Objective obj = o.objective();
        io.sequoia.nn.Parameter words = clf.net().embedding.weight;
        boolean sgdWords = obj.embeddingLr() > 0;
        Model model = new Model(clf.net()).compile(params -> optimizer(o.optimizer(),
                sgdWords ? params.stream().filter(p -> p != words).toList() : params, o.lr(), wd, o.adagradEps()));
        if (log != null) model.logTo(log);
        Batches<TreeBatch> batches = Batches.ofIndices(tr.size(), o.batchSize(), true, idx -> {
            List<Tree> part = new ArrayList<>(idx.length);
            for (int i : idx) part.add(tr.get(i));
            return clf.batch(part);
        });
        List<Callback> cbs = new ArrayList<>();
        cbs.add(new EpochTimer());
        if (o.optimizer().equals("adagrad") && o.adagradReset() > 0) cbs.add(new AdagradReset(o.adagradReset()));
        // only the batch's words have a gradient (the words' penalty, if any, covers the batch's rows: step below)
        EmbeddingSgd sgd = sgdWords ? new EmbeddingSgd(words, obj.embeddingLr(), true) : null;
        if (sgd != null) cbs.add(sgd);
        FitOptions fo = FitOptions.epochs(o.epochs()).verbose(o.verbose()).checkpointing(checkpointing);
        if (o.clip() > 0) fo.clipNorm(o.clip());
        if (o.maxMinutes() > 0) fo.maxMinutes(o.maxMinutes());
        if (dv != null && !dv.isEmpty()) {
            fo.validation(() -> {
                TreeMetrics m = clf.evaluate(dv);
                Map<String, Double> r = new LinkedHashMap<>();
                r.put("loss", m.loss());
                r.put("root_accuracy", m.rootAccuracy());
                r.put("all_accuracy", m.allAccuracy());
                if (c == SentimentLabels.FINE) r.put("binary_root_accuracy", m.binaryRootAccuracy());
                return r;
            });
            if (o.checkpoint() != null) cbs.add(new BestCheckpoint(clf, o.checkpoint()));
            // restores the best dev epoch at the end; with patience 0 it never stops early
            cbs.add(new EarlyStopping("val_root_accuracy", 0, o.patience() > 0 ? o.patience() : o.epochs() + 1, "max", true));
        }
        cbs.addAll(o.callbacks());
        fo.callbacks(cbs.toArray(new Callback[0]));
        return model.fit(batches, b -> {
            if (sgd != null) sgd.batch(b);
            return step(clf, b, obj);
        }, fo);
    }

    /** One batch's loss under {@code obj}, weighted by the items it averages over (nodes or trees). */
    static StepLoss step(TreeClassifier clf, TreeBatch b, Objective obj) {
        io.sequoia.autograd.Tensor loss = obj.perTree() ? clf.lossPerTree(b) : clf.loss(b);
        io.sequoia.autograd.Tensor pen = clf.penalty(obj.l2Words(), obj.l2Cell(), obj.l2Classifier(), b);
        if (pen != null) loss = loss.add(pen);
        return StepLoss.of(loss, obj.perTree() ? b.trees().size() : b.labelled());
    }

    /**
     * Plain SGD on the word vectors after each optimizer step ({@code w -= lr · grad}, then the
     * gradient is dropped, since the optimizer that zeroes gradients does not hold them). Only the
     * rows of the batch's words have a non-zero gradient when no penalty reaches the words, so with
     * {@code batchRowsOnly} only those rows are visited (each once; the same arithmetic element by
     * element as the walk over the whole table, which it replaces: the table holds every word of a
     * vectors file, ≈ 47,000 × 300 values, against a few hundred rows per batch).
     */
    static final class EmbeddingSgd implements Callback {
        private final io.sequoia.nn.Parameter words;
        private final double lr;
        private final boolean batchRowsOnly;
        private final boolean[] seen;
        private int[] rows = new int[0];
        private int nRows = -1;                           // -1: no batch given, walk the whole table

        EmbeddingSgd(io.sequoia.nn.Parameter words, double lr, boolean batchRowsOnly) {
            this.words = words;
            this.lr = lr;
            this.batchRowsOnly = batchRowsOnly;
            this.seen = batchRowsOnly ? new boolean[words.data().size(0)] : null;
        }

        /** The distinct rows of the batch's words, which the next step's gradient can reach. */
        void batch(TreeBatch b) {
            if (!batchRowsOnly) return;
            io.sequoia.tensor.NDArray ids = b.wordIds().data();
            int n = ids.numel();
            if (rows.length < n) rows = new int[n];
            nRows = 0;
            for (int i = 0; i < n; i++) {
                int r = (int) ids.getDouble(i);
                if (!seen[r]) { seen[r] = true; rows[nRows++] = r; }
            }
            for (int i = 0; i < nRows; i++) seen[rows[i]] = false;
        }

        @Override public void onBatchEnd(Model m, int batch, Map<String, Double> logs) {
            io.sequoia.tensor.NDArray g = words.gradData();
            if (g == null) return;
            io.sequoia.tensor.NDArray w = words.data();
            if (nRows < 0) {
                update(w, g, 0, w.numel());
            } else {
                int e = w.size(1);
                for (int i = 0; i < nRows; i++) update(w, g, rows[i] * e, rows[i] * e + e);
                nRows = -1;
            }
            words.setGrad(null);
        }

        private void update(io.sequoia.tensor.NDArray w, io.sequoia.tensor.NDArray g, int from, int to) {
            for (int i = from; i < to; i++) {
                double gi = g.getDouble(i);
                if (gi != 0) w.setDouble(i, w.getDouble(i) - lr * gi);
            }
        }
    }

    static Optimizer optimizer(String name, List<io.sequoia.nn.Parameter> params, double lr, double wd, double adagradEps) {
        return name.equals("adagrad") ? new Adagrad(params, lr, 0, wd, 0, adagradEps)
                : new Adam(params, lr, new double[]{Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2}, Adam.DEFAULT_EPS, wd, false);
    }

    /** Adds {@code epoch_seconds} (wall time of the training part of the epoch, validation excluded) to the logs. */
    static final class EpochTimer implements Callback {
        private long begin, trained;
        @Override public void onEpochBegin(Model m, int epoch) { begin = System.nanoTime(); trained = 0; }
        @Override public void onBatchEnd(Model m, int batch, Map<String, Double> logs) { trained = System.nanoTime(); }
        @Override public void onEpochEnd(Model m, int epoch, Map<String, Double> logs) { logs.put("epoch_seconds", (trained - begin) / 1e9); }
    }

    /**
     * Clears AdaGrad's squared-gradient sums at the start of every {@code every}-th epoch after the
     * first (the learning rate stays): each such epoch starts again with full-size steps.
     */
    static final class AdagradReset implements Callback {
        private final int every;
        AdagradReset(int every) { this.every = every; }
        @Override public void onEpochBegin(Model m, int epoch) {
            if (epoch == 0 || epoch % every != 0) return;
            Optimizer opt = m.optimizer();
            opt.loadStateDict(Map.of(Optimizer.LR_KEY, io.sequoia.tensor.NDArray.scalar(io.sequoia.tensor.DType.FLOAT64, opt.lr())));
        }
    }

    /** Saves the classifier's folder whenever the dev root accuracy improves. */
    static final class BestCheckpoint implements io.sequoia.train.ResumableCallback {
        private final TreeClassifier clf;
        private final Path dir;
        private double best = Double.NEGATIVE_INFINITY;
        BestCheckpoint(TreeClassifier clf, Path dir) { this.clf = clf; this.dir = dir; }
        @Override public Map<String, Object> saveState() { return Map.of("best", Double.toString(best)); }
        @Override public void restoreState(Map<String, Object> s) { best = Double.parseDouble((String) s.get("best")); }
        @Override public void onEpochEnd(Model m, int epoch, Map<String, Double> logs) {
            Double v = logs.get("val_root_accuracy");
            if (v == null || !(v > best)) return;
            best = v;
            try {
                clf.save(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("TreeTrainer: cannot save the checkpoint to " + dir, e);
            }
        }
    }

    /** Timed rounds per mode in {@link #timeBatching}. */
    public static final int TIMING_ROUNDS = 3;

    /**
     * Seconds per tree of one training pass (forward, loss over all nodes, backward; no optimizer
     * step) over {@code trees} in minibatches, level-wise and per node: {@code [level, node]}. Each
     * mode is warmed up with one pass over the trees, then timed in {@link #TIMING_ROUNDS}
     * interleaved rounds, keeping each mode's fastest round (the JIT and other processes on the
     * machine only ever make a round slower).
     */
    public static double[] timeBatching(TreeClassifier clf, List<Tree> trees, int batchSize) {
        double[] out = new double[2];
        TreeEncoder enc = clf.net().encoder;
        TreeEncoder.Batching before = enc.batching();
        clf.net().train();
        List<TreeBatch> batches = new ArrayList<>();
        for (int from = 0; from < trees.size(); from += batchSize) batches.add(clf.batch(trees.subList(from, Math.min(trees.size(), from + batchSize))));
        TreeEncoder.Batching[] modes = {TreeEncoder.Batching.LEVEL, TreeEncoder.Batching.NODE};
        try {
            for (TreeEncoder.Batching m : modes) {
                enc.batching(m);
                for (TreeBatch b : batches) pass(clf, b);
            }
            java.util.Arrays.fill(out, Double.POSITIVE_INFINITY);
            for (int round = 0; round < TIMING_ROUNDS; round++) {
                for (int m = 0; m < 2; m++) {
                    enc.batching(modes[m]);
                    long t0 = System.nanoTime();
                    for (TreeBatch b : batches) pass(clf, b);
                    out[m] = Math.min(out[m], (System.nanoTime() - t0) / 1e9 / trees.size());
                }
            }
        } finally {
            enc.batching(before);
            clearGrads(clf);
        }
        return out;
    }

    private static void pass(TreeClassifier clf, TreeBatch b) {
        clearGrads(clf);
        clf.loss(b).backward();
    }

    /** Drops the gradients a timing pass left (no optimizer is involved: only the fit loop steps one). */
    private static void clearGrads(TreeClassifier clf) {
        for (io.sequoia.nn.Parameter p : clf.net().parameters()) p.setGrad(null);
    }
}
