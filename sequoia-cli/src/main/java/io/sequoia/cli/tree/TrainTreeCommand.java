package io.sequoia.cli.tree;

import io.sequoia.cli.text.LearningCurvePlot;
import io.sequoia.data.text.WordVectors;
import io.sequoia.data.tree.Tree;
import io.sequoia.tensor.Generator;
import io.sequoia.train.History;
import io.sequoia.tree.TreeClassifier;
import io.sequoia.tree.TreeMetrics;
import io.sequoia.tree.TreeTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia train tree}: trains a tree-structured sentiment model (RecNN, RNTN, Tree-LSTM) on
 * bracketed trees with a label on every node, selects the epoch with the best dev root accuracy,
 * and reports root and all-phrase accuracy (fine and binary) on the test trees.
 */
@Command(name = "tree", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a recursive sentiment model on labelled parse trees (SST) and report root and all-phrase accuracy.")
public final class TrainTreeCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

    @Option(names = "--data", paramLabel = "sst|DIR|FILE",
            description = "sst (../shared/data/sst), a folder with train.txt, dev.txt, test.txt, or a training file; required unless --resume.") String data;
    @Option(names = "--valid", paramLabel = "FILE", description = "Dev trees for model selection (default: dev.txt of the folder).") Path valid;
    @Option(names = "--test", paramLabel = "FILE", description = "Test trees (default: test.txt of the folder).") Path test;
    @Option(names = "--model", description = "recnn, rntn, treelstm (binary Tree-LSTM), childsum (Child-Sum Tree-LSTM) or treegru (default: ${DEFAULT-VALUE}).")
    String model = "treelstm";
    @Option(names = "--classes", description = "5 (fine-grained); 2 (binary: the sentences with a non-neutral root, neutral nodes ignored); "
            + "3 (binary as Tai et al. train it: the same sentences, every node a class negative/neutral/positive, scored negative against positive) "
            + "(default: ${DEFAULT-VALUE}).") int classes = 5;
    @Option(names = "--embed-dim", description = "Word vector size (default: 300 for Tree-LSTM/GRU, 25 for RecNN/RNTN).") Integer embedDim;
    @Option(names = "--hidden", description = "Hidden size (default: 150 for Tree-LSTM/GRU, 25 for RecNN/RNTN).") Integer hidden;
    @Option(names = "--dropout", description = "Dropout before the node classifier (default: 0.5 for Tree-LSTM/GRU, 0 for RecNN/RNTN).") Double dropout;
    @Option(names = "--pretrained", paramLabel = "FILE", description = "Word vectors (word2vec/GloVe text or binary) to start the embedding from.") Path pretrained;
    @Option(names = "--embed-init", paramLabel = "RANGE", description = "Random word vectors start U(-RANGE, RANGE) (default: 0.05; CoreNLP starts the RNTN's at 0.001); "
            + "words of --pretrained vectors take the file's values.") Double embedInit;
    @Option(names = "--tune-embeddings", description = "With --pretrained: train the word vectors too (default: they stay fixed, which scored higher on SST dev and test with Sequoia's word2vec).") boolean tune;
    @Option(names = "--epochs", description = "Epochs (default: 10 for treelstm, 20 for childsum/treegru, 30 for RecNN, 400 for RNTN, which stops earlier by --patience).") Integer epochs;
    @Option(names = "--batch-size", description = "Trees per minibatch (default: 27 for RNTN, 25 otherwise).") Integer batchSize;
    @Option(names = "--lr", description = "Learning rate (default: 0.05 treelstm, 1e-3 childsum/treegru, 2e-3 RecNN, 1e-2 RNTN).") Double lr;
    @Option(names = "--optimizer", description = "adam or adagrad (default: adagrad for treelstm and RNTN, adam otherwise).") String optimizer;
    @Option(names = "--adagrad-reset", paramLabel = "EPOCHS", description = "With adagrad: clear its squared-gradient sums every EPOCHS epochs, 0 = never (default: 0).") Integer adagradReset;
    @Option(names = "--adagrad-eps", paramLabel = "EPS", description = "With adagrad: the eps in lr·g/(√sum + EPS) (default: 1e-10; CoreNLP trains the RNTN with 1e-3).") Double adagradEps;
    @Option(names = "--weight-decay", description = "The optimizer's L2 weight decay (default: 0 Tree-LSTM/GRU, 1e-5 RecNN; 0 under --objective socher or tai, the RNTN's and the Tree-LSTM's defaults, "
            + "which carry their own L2, and a positive value with either is refused).") Double weightDecay;
    @Option(names = "--objective", paramLabel = "mean|socher|tai", description = "mean: the loss averaged over all labelled nodes of a batch; "
            + "socher: summed per tree, averaged over trees, with CoreNLP's L2 (words 1e-4, cell 1e-3, classifier 1e-4); "
            + "tai: summed per tree with Tai et al.'s L2 1e-4 on all but the words, the words moved by plain SGD at 0.1 (default: tai for treelstm, socher for rntn, mean otherwise).") String objective;
    @Option(names = "--embed-lr", paramLabel = "RATE", description = "Move the word vectors by plain SGD at RATE after each step, outside the optimizer, as Tai et al.'s code does "
            + "(default: 0.1 under --objective tai, otherwise the optimizer moves them); not with fixed --pretrained vectors (give --tune-embeddings).") Double embedLr;
    @Option(names = "--paper-leaf", negatable = true, description = "The leaf of the paper's code: tanh of the word vector for the RNTN, Tai et al.'s gate-free leaf for the Tree-LSTM "
            + "(default: on for treelstm and rntn; --no-paper-leaf turns it off).") Boolean paperLeaf;
    @Option(names = "--clip", description = "Gradient norm clipping, 0 = off (default: 0 for treelstm and rntn, 5 otherwise).") Double clip;
    @Option(names = "--patience", description = "Stop after this many epochs without a better dev root accuracy, 0 = never (default: 0 for treelstm, 20 for rntn, 5 otherwise).") Integer patience;
    @Option(names = "--max-minutes", description = "Stop after the epoch in which this many minutes have passed (default: no limit).") double maxMinutes;
    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).") long seed = 42;
    @Option(names = "--time-batching", paramLabel = "TREES", description = "Do not train: time a training pass over the first TREES training trees level-wise and per node, and print the ratio.")
    Integer timeBatching;
    @Option(names = "--out", paramLabel = "DIR", description = "Model folder to write (config.json, model.safetensors, vocab.txt, curves.png); the best dev epoch is saved as it improves.")
    Path out;
    @Option(names = "--overwrite", description = "Write the model into the --out folder even if it holds files that are not a Sequoia model "
            + "(files of the model's names are replaced; others are left).") boolean overwrite;
    @Option(names = "--json", description = "Print the final metrics as one JSON object on the last line.") boolean json;
    @CommandLine.Mixin io.sequoia.cli.CheckpointOptions checkpoints = new io.sequoia.cli.CheckpointOptions();

    /** The ranges of the numeric options and the optimizer's name, each error naming its option (exit 2, before any file is read). */
    private void checkRanges() {
        io.sequoia.cli.Usage.require(cmd, epochs == null || epochs >= 1, "--epochs", "at least 1", epochs);
        io.sequoia.cli.Usage.require(cmd, batchSize == null || batchSize >= 1, "--batch-size", "at least 1", batchSize);
        io.sequoia.cli.Usage.require(cmd, lr == null || lr > 0 && Double.isFinite(lr), "--lr", "a positive number", lr);
        io.sequoia.cli.Usage.require(cmd, optimizer == null || List.of("adam", "adagrad").contains(optimizer.toLowerCase(Locale.ROOT)), "--optimizer",
                "adam or adagrad", optimizer);
        io.sequoia.cli.Usage.require(cmd, weightDecay == null || weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay", "a non-negative number", weightDecay);
        io.sequoia.cli.Usage.require(cmd, adagradReset == null || adagradReset >= 0, "--adagrad-reset", "a non-negative number of epochs (0 = never)", adagradReset);
        io.sequoia.cli.Usage.require(cmd, adagradEps == null || adagradEps >= 0 && Double.isFinite(adagradEps), "--adagrad-eps", "a non-negative number", adagradEps);
        io.sequoia.cli.Usage.require(cmd, clip == null || clip >= 0, "--clip", "a non-negative number", clip);
        io.sequoia.cli.Usage.require(cmd, embedInit == null || embedInit > 0 && Double.isFinite(embedInit), "--embed-init", "a positive number", embedInit);
        io.sequoia.cli.Usage.require(cmd, embedLr == null || embedLr > 0 && Double.isFinite(embedLr), "--embed-lr", "a positive number", embedLr);
        io.sequoia.cli.Usage.require(cmd, objective == null || List.of("mean", "socher", "tai").contains(objective.toLowerCase(Locale.ROOT)), "--objective",
                "mean, socher or tai", objective);
        io.sequoia.cli.Usage.require(cmd, patience == null || patience >= 0, "--patience", "a non-negative number of epochs", patience);
        io.sequoia.cli.Usage.require(cmd, maxMinutes >= 0 && Double.isFinite(maxMinutes), "--max-minutes", "a non-negative number", maxMinutes);
        io.sequoia.cli.Usage.require(cmd, embedDim == null || embedDim >= 1, "--embed-dim", "at least 1", embedDim);
        io.sequoia.cli.Usage.require(cmd, hidden == null || hidden >= 1, "--hidden", "at least 1", hidden);
        io.sequoia.cli.Usage.require(cmd, dropout == null || dropout >= 0 && dropout < 1, "--dropout", "a value in [0, 1)", dropout);
        io.sequoia.cli.Usage.require(cmd, timeBatching == null || timeBatching >= 1, "--time-batching", "at least 1 tree", timeBatching);
    }

    /**
     * Refuses (exit 2) a model whose lower-bound size exceeds the heap: the word embedding (its weights alone when
     * pretrained vectors stay fixed) and the cell with gradients and the optimizer's state; {@code vocab} 2 before reading.
     */
    private void checkMemory(String cell, int vocab, int e, int h) {
        String opt = optimizer != null ? optimizer : TreeTrainer.Options.defaults(cell).optimizer();
        double bpp = opt.equalsIgnoreCase("adam") ? io.sequoia.cli.MemoryBudget.BYTES_PER_TRAINED_PARAMETER : io.sequoia.cli.MemoryBudget.BYTES_PER_PARAMETER_ONE_STATE;
        boolean frozen = pretrained != null && !tune;
        double network = parameterBound(cell, e, h, classes), words = (double) vocab * e;
        io.sequoia.cli.MemoryBudget.require(cmd, "--embed-dim, --hidden", e + ", " + h,
                String.format(Locale.ROOT, "the model's %,.0f parameters (%s; %s)", network + words, io.sequoia.cli.MemoryBudget.vocabularyNote(vocab),
                        io.sequoia.cli.MemoryBudget.optimizerNote(bpp) + (frozen ? ", the fixed word vectors' weights alone" : "")),
                network * bpp + words * (frozen ? 4 : bpp));
    }

    /**
     * A lower bound of the parameters of a tree model's cell and node classifier, the word embedding left out
     * (tested against {@code parameterCount()}): the RNTN's tensor V is h x 2h x 2h.
     */
    public static double parameterBound(String cell, int e, int h, int classes) {
        double hh = (double) h * h;
        double c = switch (cell) {
            case "recnn" -> 2 * hh;
            case "rntn" -> 4 * hh * h + 2 * hh;
            case "treelstm" -> 10 * hh;
            case "childsum" -> 4 * hh + 3.0 * h * e;
            case "treegru" -> 8 * hh + (double) h * e;
            default -> 0;
        };
        return c + (double) h * classes;
    }

    /** Refuses (exit 2) a batch of trees whose nodes' states cannot fit: the largest batch holds at least the mean batch's nodes. */
    private void checkBatch(String cell, List<Tree> train, int batch, int h) {
        long nodes = 0;
        train = TreeClassifier.usable(train, classes);
        for (Tree t : train) nodes += nodes(cell, t);
        int gates = switch (cell) { case "treelstm" -> 5; case "childsum", "treegru" -> 3; default -> 1; };
        io.sequoia.cli.MemoryBudget.requireBatch(cmd, "--batch-size, --hidden", batch + ", " + h, io.sequoia.cli.MemoryBudget.largestBatch(nodes, train.size(), batch), "tree nodes",
                (double) gates * h, "their gate activations");
    }

    /** Refuses (exit 2) a batch whose node states and per-node softmax over the classes cannot fit ({@link #activationBound}). */
    private void checkActivations(String cell, List<Tree> train, int batch, int e, int h) {
        io.sequoia.cli.MemoryBudget.require(cmd, "--batch-size, --hidden, --embed-dim", batch + ", " + h + ", " + e,
                String.format(Locale.ROOT, "one batch's node states, leaf word vectors and per-node softmax over the %d classes, with their gradients", classes),
                activationBound(cell, TreeClassifier.usable(train, classes), batch, e, h, classes));
    }

    /**
     * Bytes of one training batch's activations beyond the gates, at least (tested against a measured step): every node's state
     * (h floats; h and c for the Tree-LSTMs) and its gradient, its logits over the classes and their gradient, and every leaf's
     * word vector ({@code e} floats). The trees the trainer uses ({@link TreeClassifier#usable}) are shuffled into batches of
     * {@code batch}, so the largest batch holds at least the mean; a binary cell reads each tree binarized (unary chains
     * collapsed: 2 leaves − 1 nodes).
     */
    public static double activationBound(String cell, List<Tree> trees, int batch, int e, int h, int classes) {
        int state = cell.equals("treelstm") || cell.equals("childsum") ? 2 * h : h;
        double nodes = 0, leaves = 0;
        for (Tree t : trees) {
            leaves += t.words().size();
            nodes += nodes(cell, t);
        }
        double batches = Math.ceil((double) Math.max(1, trees.size()) / Math.max(1, batch));
        return 4.0 * (nodes * (2.0 * state + 2.0 * classes) + leaves * e) / batches;
    }

    /** The nodes of {@code t} as {@code cell} reads it: binarized (2 leaves − 1) for a binary cell, else as it is. */
    static int nodes(String cell, Tree t) { return cell.equals("childsum") ? t.size() : 2 * t.words().size() - 1; }

    @Override public Integer call() throws Exception {
        String[] again = checkpoints.resumedCommandLine(cmd, "--data", epochs);
        if (again != null) return io.sequoia.cli.Main.commandLine().execute(again);
        if (data == null) throw io.sequoia.cli.Usage.error(cmd, "missing required option '--data=sst|DIR|FILE'");
        out = checkpoints.check(cmd, out);
        io.sequoia.cli.TrainingOptions.checkModelOut(cmd, out, overwrite);
        if (timeBatching != null) {
            io.sequoia.cli.Usage.refuseUnless(cmd, "--resume", false, "with --time-batching (it does not train)");
            io.sequoia.cli.Usage.refuseUnless(cmd, "--checkpoint-every", false, "with --time-batching (it does not train)");
        }
        if (out == null) io.sequoia.cli.Usage.refuseUnless(cmd, "--checkpoint-every", false, "without --out (checkpoints go into the model folder)");
        PrintStream o = System.out;
        String cell = model.toLowerCase(Locale.ROOT);
        io.sequoia.cli.Usage.require(cmd, classes == 5 || classes == 2 || classes == 3, "--classes", "5, 2 or 3", classes);
        io.sequoia.cli.Usage.require(cmd, io.sequoia.nn.tree.TreeEncoder.CELLS.contains(cell), "--model", "one of " + io.sequoia.nn.tree.TreeEncoder.CELLS, model);
        if (tune && pretrained == null) throw io.sequoia.cli.Usage.error(cmd, "--tune-embeddings needs --pretrained FILE");
        io.sequoia.cli.Usage.requireFile(cmd, "--pretrained", pretrained);
        io.sequoia.cli.Usage.refuseUnless(cmd, "--paper-leaf", List.of("rntn", "treelstm").contains(cell),
                "for --model " + cell + ": only rntn (tanh of the word vector) and treelstm (Tai et al.'s gate-free leaf) have a leaf of the paper's code");
        if (timeBatching != null) io.sequoia.cli.Usage.refuseUnless(cmd, "--objective", false, "with --time-batching (it times forward and backward passes; it does not train)");
        checkRanges();
        TreeClassifier.Spec d = TreeClassifier.Spec.defaults(cell, classes);
        int e = embedDim != null ? embedDim : hidden != null && List.of("recnn", "rntn").contains(cell) ? hidden : d.embedDim();
        int h = hidden != null ? hidden : List.of("recnn", "rntn").contains(cell) ? e : d.hidden();
        checkMemory(cell, 2, e, h);                               // before reading: the sizes alone (a vocabulary of 2)
        TreeData.Splits splits;
        try {
            splits = TreeData.splits(data, valid, test);
        } catch (java.io.FileNotFoundException notFound) {
            throw io.sequoia.cli.Usage.error(cmd, notFound.getMessage());
        }
        TreeClassifier.Spec spec = new TreeClassifier.Spec(cell, e, h, classes, dropout != null ? dropout : d.dropout(), d.lowercase(),
                paperLeaf != null ? paperLeaf : d.paperLeaf());
        TreeTrainer.Options od = TreeTrainer.Options.defaults(cell);
        TreeTrainer.Objective chosen = objective == null ? od.objective() : switch (objective.toLowerCase(Locale.ROOT)) {
            case "socher" -> TreeTrainer.Objective.SOCHER;
            case "tai" -> TreeTrainer.Objective.TAI;
            default -> TreeTrainer.Objective.MEAN;
        };
        if (embedLr != null) {
            io.sequoia.cli.Usage.refuseUnless(cmd, "--embed-lr", pretrained == null || tune,
                    "with fixed --pretrained vectors (they do not move; give --tune-embeddings to train them)");
            chosen = new TreeTrainer.Objective(chosen.perTree(), chosen.l2Words(), chosen.l2Cell(), chosen.l2Classifier(), embedLr);
        }
        boolean ownL2 = chosen.l2Words() > 0 || chosen.l2Cell() > 0 || chosen.l2Classifier() > 0;
        if (ownL2 && weightDecay != null && weightDecay > 0) {
            String which = chosen.equals(TreeTrainer.Objective.SOCHER) ? "socher" : "tai";
            throw io.sequoia.cli.Usage.error(cmd, "--weight-decay " + weightDecay + " with --objective " + which
                    + (objective == null ? " (the default for --model " + cell + ")" : "") + ": the objective adds its own L2 penalty to the loss, "
                    + "and the optimizer's weight decay would be a second one; give --weight-decay 0, or --objective mean to use the weight decay alone");
        }
        TreeTrainer.Options opts = od.withEpochs(epochs != null ? epochs : od.epochs())
                .withBatchSize(batchSize != null ? batchSize : od.batchSize())
                .withLr(lr != null ? lr : od.lr())
                .withOptimizer(optimizer != null ? optimizer.toLowerCase(Locale.ROOT) : od.optimizer(), weightDecay != null ? weightDecay : ownL2 ? 0 : od.weightDecay())
                .withAdagradReset(adagradReset != null ? adagradReset : od.adagradReset())
                .withAdagradEps(adagradEps != null ? adagradEps : od.adagradEps())
                .withClip(clip != null ? clip : od.clip())
                .withBudget(maxMinutes, patience != null ? patience : od.patience())
                .withOutput(1, out, List.of());
        opts = opts.withObjective(chosen);
        Generator.manualSeed(seed);
        WordVectors pretrainedVectors = pretrained == null ? null : WordVectors.read(pretrained);
        checkMemory(cell, TreeClassifier.vocabularySize(spec, splits.train(), pretrainedVectors), e, h);   // with the vocabulary, before the model is allocated
        checkBatch(cell, splits.train(), opts.batchSize(), h);
        checkActivations(cell, splits.train(), opts.batchSize(), e, h);   // node states and the per-node softmax, before the model is allocated
        double init = embedInit != null ? embedInit : TreeClassifier.EMBEDDING_INIT;
        TreeClassifier clf = TreeClassifier.create(spec, splits.train(), pretrainedVectors, init);
        o.printf(Locale.ROOT, "%s: %d train, %d dev, %d test trees; model %s, embed %d, hidden %d, %d classes, dropout %.2f, vocab %d%n",
                splits.describe(), splits.train().size(), splits.dev() == null ? 0 : splits.dev().size(), splits.test() == null ? 0 : splits.test().size(),
                cell, e, h, classes, spec.dropout(), clf.vocabulary().size());
        String vectors = "random U(-" + init + ", " + init + ")";
        if (pretrained != null) {
            int hits = clf.usePretrained(pretrainedVectors, !tune);
            vectors = pretrained.toString();
            o.printf(Locale.ROOT, "pretrained: %d of %d vocabulary entries found in %s (the vocabulary holds the training words and the vectors' words)%n",
                    hits, clf.vocabulary().size(), pretrained);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", cell);
        result.put("classes", classes);
        if (timeBatching != null) {
            List<Tree> part = splits.train().subList(0, Math.min(timeBatching, splits.train().size()));
            double[] t = TreeTrainer.timeBatching(clf, part, opts.batchSize());
            o.printf(Locale.ROOT, "training pass (forward + backward) over %d trees, batch %d: level-wise %.2f ms/tree, per node %.2f ms/tree, ratio %.1fx%n",
                    part.size(), opts.batchSize(), t[0] * 1e3, t[1] * 1e3, t[1] / t[0]);
            result.put("level_ms_per_tree", t[0] * 1e3);
            result.put("node_ms_per_tree", t[1] * 1e3);
            result.put("ratio", t[1] / t[0]);
            if (json) o.println(io.sequoia.cli.JsonLine.of(result));
            return 0;
        }
        TreeTrainer.Objective ob = opts.objective();
        o.printf(Locale.ROOT, "training: %s%s lr %g, weight decay %g, batch %d, clip %g, up to %d epochs, patience %d; vectors %s%n",
                opts.optimizer(), opts.optimizer().equals("adagrad") ? (opts.adagradReset() > 0 ? " (reset every " + opts.adagradReset() + " epochs, " : " (")
                        + String.format(Locale.ROOT, "eps %g)", opts.adagradEps()) : "", opts.lr(), opts.weightDecay(), opts.batchSize(), opts.clip(), opts.epochs(), opts.patience(), vectors);
        o.printf(Locale.ROOT, "objective: loss %s, L2 words %g, cell %g, classifier %g, word vectors %s; leaf %s%n",
                ob.perTree() ? "summed per tree, averaged over trees" : "averaged over labelled nodes", ob.l2Words(), ob.l2Cell(), ob.l2Classifier(),
                !clf.net().embedding.weight.requiresGrad() ? "fixed" : ob.embeddingLr() > 0 ? "by SGD at " + ob.embeddingLr() : "by the optimizer", spec.paperLeaf() ? "the paper's" : "Sequoia's first");
        long t0 = System.nanoTime();
        History hist = TreeTrainer.fit(clf, splits.train(), splits.dev(), opts, o, checkpoints.checkpointing(cmd, out));
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Double> epochSecs = hist.get("epoch_seconds");
        double meanEpoch = epochSecs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        o.printf(Locale.ROOT, "%ntrained %d epochs in %.1f s (%.1f s per epoch of training, validation excluded)%n", hist.epochs(), secs, meanEpoch);
        result.put("epochs", hist.epochs());
        result.put("seconds_per_epoch", meanEpoch);
        result.put("vectors", vectors);
        result.put("objective", ob.equals(TreeTrainer.Objective.TAI) ? "tai" : ob.equals(TreeTrainer.Objective.SOCHER) ? "socher"
                : ob.equals(TreeTrainer.Objective.MEAN) ? "mean" : "custom");
        if (clf.net().embedding.weight.requiresGrad() && ob.embeddingLr() > 0) result.put("embed_lr", ob.embeddingLr());
        result.put("paper_leaf", spec.paperLeaf());
        if (pretrained != null) result.put("embeddings", tune ? "tuned" : "frozen");
        result.put("embed_init", init);
        if (splits.dev() != null) result.put("dev", TreeTask.report(o, "dev", clf.evaluate(splits.dev()), classes));
        if (splits.test() != null) {
            TreeMetrics m = clf.evaluate(splits.test());
            result.put("test", TreeTask.report(o, "test", m, classes));
            result.putAll(m.toMap());
        }
        if (out != null) {
            clf.save(out);
            Map<String, List<Double>> curves = new LinkedHashMap<>();
            for (String k : List.of("loss", "val_loss", "val_root_accuracy", "val_all_accuracy")) if (hist.asMap().containsKey(k)) curves.put(k, hist.get(k));
            LearningCurvePlot.write(out.resolve("curves.png"), cell, curves);
            o.println("Saved " + out + " (best dev epoch): config.json, model.safetensors, " + TreeClassifier.VOCAB_FILE + ", curves.png");
        }
        result.put("seconds", Math.round(secs * 10) / 10.0);
        if (json) o.println(io.sequoia.cli.JsonLine.of(result));
        return 0;
    }
}
