package io.sequoia.tree;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.data.text.Vocabulary;
import io.sequoia.data.text.WordVectors;
import io.sequoia.data.tree.Tree;
import io.sequoia.io.ModelFolder;
import io.sequoia.nn.Init;
import io.sequoia.nn.loss.CrossEntropyLoss;
import io.sequoia.nn.loss.Reduction;
import io.sequoia.nn.tree.TreeEncoder;
import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentiment-treebank lab: a {@link SentimentTreeNet} with its vocabulary and label scheme.
 * Trains on every labelled node through the one fit loop ({@link TreeTrainer}), scores root and
 * all-phrase accuracy, fine and binary ({@link TreeMetrics}), predicts every node of a tree, and
 * saves as a model folder with {@code "task": "tree"}.
 */
public final class TreeClassifier {
    public static final String TASK = "tree", CONFIG_KEY = "tree", VOCAB_FILE = "vocab.txt";
    /** Word vectors start U(−0.05, 0.05) unless pretrained vectors are given. */
    public static final double EMBEDDING_INIT = 0.05;
    /** Trees per forward pass when scoring. */
    public static final int EVAL_BATCH = 256;

    /**
     * The network's settings.
     * @param cell recnn, rntn, treelstm (binary Tree-LSTM), childsum or treegru
     * @param numClasses 5 (fine), 2 (binary, neutral nodes ignored) or 3 (binary trained with a neutral
     *        class, as Tai et al.'s code: {@link SentimentLabels#TERNARY}); 2 and 3 train on the trees with a
     *        non-neutral root and are scored negative against positive
     * @param lowercase whether words are lower-cased before the vocabulary lookup
     * @param paperLeaf the leaf of the paper's code: {@code tanh(x)} for the rntn, Tai et al.'s
     *        gate-free leaf for the treelstm (ignored by the other cells)
     */
    public record Spec(String cell, int embedDim, int hidden, int numClasses, double dropout, boolean lowercase, boolean paperLeaf) {
        /** Without the paper's leaf ({@code paperLeaf} false: the leaf of the first Sequoia cells). */
        public Spec(String cell, int embedDim, int hidden, int numClasses, double dropout, boolean lowercase) {
            this(cell, embedDim, hidden, numClasses, dropout, lowercase, false);
        }

        public Spec withPaperLeaf(boolean on) { return new Spec(cell, embedDim, hidden, numClasses, dropout, lowercase, on); }

        public Spec {
            if (!TreeEncoder.CELLS.contains(cell)) throw Errors.arg("TreeClassifier.Spec", "unknown model", "one of " + TreeEncoder.CELLS, cell, null);
            if (numClasses != SentimentLabels.FINE && numClasses != SentimentLabels.BINARY && numClasses != SentimentLabels.TERNARY) {
                throw Errors.arg("TreeClassifier.Spec", "classes must be 5 (fine), 2 (binary) or 3 (binary with a neutral class)", "5, 2 or 3",
                        numClasses, null);
            }
            if (embedDim < 1 || hidden < 1) throw Errors.arg("TreeClassifier.Spec", "sizes must be positive", "embedDim, hidden >= 1", embedDim + ", " + hidden, null);
            if ((cell.equals("recnn") || cell.equals("rntn")) && embedDim != hidden) {
                throw Errors.arg("TreeClassifier.Spec", cell + " leaves are word vectors, so embedDim must equal hidden", hidden, embedDim, null);
            }
        }

        /** The measured defaults per model (docs/labs.md): see {@link TreeTrainer} for the training ones. */
        public static Spec defaults(String cell, int numClasses) {
            return switch (cell) {
                case "recnn" -> new Spec(cell, 25, 25, numClasses, 0.0, true);
                case "rntn" -> new Spec(cell, 25, 25, numClasses, 0.0, true, true);
                case "treelstm" -> new Spec(cell, 300, 150, numClasses, 0.5, true, true);
                default -> new Spec(cell, 300, 150, numClasses, 0.5, true);
            };
        }
    }

    /** One node's prediction: its class, that class's name and every class's probability. */
    public record NodePrediction(Tree node, int label, String name, double[] probabilities) {}

    private final Spec spec;
    private final Vocabulary vocab;
    private final SentimentTreeNet net;
    /** The vocabulary rows of the training words (the rows after them come from a vectors file). */
    private final int trainingWords;

    private TreeClassifier(Spec spec, Vocabulary vocab, SentimentTreeNet net, int trainingWords) {
        this.spec = spec;
        this.vocab = vocab;
        this.net = net;
        this.trainingWords = trainingWords;
    }

    /** A new, untrained classifier whose vocabulary holds every word of {@code train}. */
    public static TreeClassifier create(Spec spec, List<Tree> train) { return create(spec, train, null); }

    /**
     * The size of the vocabulary {@link #create} builds for {@code train} (and {@code vectors}, or null), before anything
     * is allocated for the network: what a caller checks against the memory it has (the command line's limits).
     */
    public static int vocabularySize(Spec spec, List<Tree> train, WordVectors vectors) { return withVectors(spec, trainingVocabulary(spec, train), vectors).size(); }

    private static Vocabulary trainingVocabulary(Spec spec, List<Tree> train) {
        List<List<String>> docs = new ArrayList<>(train.size());
        for (Tree t : train) docs.add(t.words().stream().map(w -> TreeBatch.word(w, spec.lowercase())).toList());
        return Vocabulary.builder().specials(Vocabulary.UNK).unknown(Vocabulary.UNK).build(docs);
    }

    private static Vocabulary withVectors(Spec spec, Vocabulary v, WordVectors vectors) {
        return vectors == null ? v : v.extendedWith(vectors.mapWords(w -> TreeBatch.word(w, spec.lowercase())).words());
    }

    /**
     * A new, untrained classifier whose vocabulary holds every word of {@code train} and, when
     * {@code vectors} is given, every word of the vectors too (normalised as the model reads words), so
     * dev and test words never seen in training keep their pretrained vector instead of {@code <unk>};
     * call {@link #usePretrained} next to copy them in.
     */
    public static TreeClassifier create(Spec spec, List<Tree> train, WordVectors vectors) { return create(spec, train, vectors, EMBEDDING_INIT); }

    /**
     * As {@link #create(Spec, List, WordVectors)}, the word vectors starting U(−{@code embedInit}, +{@code embedInit})
     * (CoreNLP starts the RNTN's at ±0.001, the paper says ±0.0001; the default is {@value #EMBEDDING_INIT}).
     */
    public static TreeClassifier create(Spec spec, List<Tree> train, WordVectors vectors, double embedInit) {
        if (!(embedInit > 0) || !Double.isFinite(embedInit)) throw new IllegalArgumentException("embedInit must be a positive number, got " + embedInit);
        Vocabulary v = trainingVocabulary(spec, train);
        int trainingWords = v.size();
        v = withVectors(spec, v, vectors);
        SentimentTreeNet net = new SentimentTreeNet(spec.cell(), v.size(), spec.embedDim(), spec.hidden(), spec.numClasses(), spec.dropout(),
                spec.paperLeaf());
        net.embedding.weight.setData(Init.uniform(embedInit, v.size(), spec.embedDim()));
        return new TreeClassifier(spec, v, net, trainingWords);
    }

    /** Copies the vectors of the vocabulary's words that {@code vectors} has into the embedding; returns how many. */
    public int usePretrained(WordVectors vectors, boolean freeze) {
        return vectors.mapWords(w -> TreeBatch.word(w, spec.lowercase())).copyInto(vocab, net.embedding.weight, freeze);
    }

    public Spec spec() { return spec; }
    public Vocabulary vocabulary() { return vocab; }
    public SentimentTreeNet net() { return net; }
    public List<String> classes() { return SentimentLabels.names(spec.numClasses()); }

    /** The tree as this model reads it: binarized ({@link Tree#binarize}) for the binary cells, else as it is. */
    public Tree prepare(Tree t) { return net.encoder.cell().binary() ? t.binarize() : t; }

    /** The batch of {@code trees} (each {@link #prepare}d) with this model's targets. */
    public TreeBatch batch(List<Tree> trees) {
        if (net.encoder.cell().binary()) trees = trees.stream().map(this::prepare).toList();
        return TreeBatch.of(trees, vocab, spec.lowercase(), l -> SentimentLabels.target(l, spec.numClasses()), SentimentLabels.IGNORE);
    }

    /** The mean cross-entropy over the batch's labelled nodes (with its graph). */
    public Tensor loss(TreeBatch b) {
        return new CrossEntropyLoss(null, SentimentLabels.IGNORE, Reduction.MEAN, 0).forward(net.forward(b), b.targets());
    }

    /**
     * The papers' objective: the cross-entropy summed over each tree's labelled nodes, averaged over
     * the batch's trees (Socher et al.'s and Tai et al.'s code), with its graph.
     */
    public Tensor lossPerTree(TreeBatch b) {
        return new CrossEntropyLoss(null, SentimentLabels.IGNORE, Reduction.SUM, 0).forward(net.forward(b), b.targets())
                .div(b.trees().size());
    }

    /** Rows of the embedding that hold training words ({@link #create}); all rows for a loaded model. */
    public int trainingWords() { return trainingWords; }

    /**
     * The L2 penalty {@code ½ Σ_g λ_g ‖θ_g‖²} per parameter group, with its graph: {@code words} on
     * the embedding rows of the training words (not on the rows only a vectors file brought in, which
     * no training tree reaches; nothing if the embedding is frozen), {@code cell} on every parameter
     * of the tree cell, {@code classifier} on the node classifier's weight and bias. Socher et al.'s
     * code regularises its word vectors (the training vocabulary), transform and tensor, and
     * classifier so; Tai et al.'s everything but the word vectors. Null if every λ is 0.
     */
    public Tensor penalty(double words, double cell, double classifier) { return penalty(words, cell, classifier, null); }

    /**
     * As {@link #penalty(double, double, double)}, but with a {@code batch} the words' penalty covers only the
     * rows of the batch's words, each once, as CoreNLP's {@code SentimentCostAndGradient} regularises its word
     * vectors ({@code scaleAndRegularize(..., activeMatricesOnly = true)}: words without a derivative in the
     * batch get none). Null batch: every training row.
     */
    public Tensor penalty(double words, double cell, double classifier, TreeBatch batch) {
        Tensor sum = null;
        if (words > 0 && net.embedding.weight.requiresGrad()) {
            int[] rows = batch == null ? null : trainingRows(batch);
            if (rows == null) sum = addSquares(sum, net.embedding.weight.narrow(0, 0, trainingWords), words);
            else if (rows.length > 0) sum = addSquares(sum, net.embedding.weight.indexSelect(0, Tensor.ofIndices(rows)), words);
        }
        if (cell > 0) for (io.sequoia.nn.Parameter p : net.encoder.parameters()) sum = addSquares(sum, p, cell);
        if (classifier > 0) for (io.sequoia.nn.Parameter p : net.classifier.parameters()) sum = addSquares(sum, p, classifier);
        return sum;
    }

    /** The distinct embedding rows of the batch's words that hold training words, in first-seen order. */
    private int[] trainingRows(TreeBatch batch) {
        io.sequoia.tensor.NDArray ids = batch.wordIds().data();
        java.util.LinkedHashSet<Integer> seen = new java.util.LinkedHashSet<>();
        for (int i = 0; i < ids.numel(); i++) {
            int r = (int) ids.getDouble(i);
            if (r < trainingWords) seen.add(r);
        }
        return seen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Tensor addSquares(Tensor sum, Tensor p, double lambda) {
        Tensor t = p.square().sum().mul(0.5 * lambda);
        return sum == null ? t : sum.add(t);
    }

    /**
     * The trees a model with {@code numClasses} classes trains and is scored on: the binary models (2 and 3
     * classes) drop the trees whose root is neutral (or unlabelled), as the papers' binary task does.
     */
    public static List<Tree> usable(List<Tree> trees, int numClasses) {
        if (numClasses == SentimentLabels.FINE) return trees;
        return trees.stream().filter(t -> SentimentLabels.target(t.label(), SentimentLabels.BINARY) != SentimentLabels.IGNORE).toList();
    }

    /** Per-node class probabilities (N, C) in eval mode, without a graph. */
    private double[] probabilities(TreeBatch b) {
        boolean tr = net.isTraining();
        net.eval();
        try (var g = GradMode.noGrad()) {
            return net.forward(b).softmax(1).toDoubleArray();
        } finally {
            net.train(tr);
        }
    }

    /**
     * Root and all-node accuracy, fine and binary, and the loss, on {@code trees}. The loss is the mean
     * cross-entropy over the nodes with a class. A binary model's root and all accuracies are its binary
     * ones: over the non-neutral nodes, negative against positive ({@link SentimentLabels#positive}).
     */
    public TreeMetrics evaluate(List<Tree> trees) {
        int c = spec.numClasses();
        boolean fine = c == SentimentLabels.FINE;
        long rootOk = 0, allOk = 0, nodes = 0, lossNodes = 0, binRootOk = 0, binRoots = 0, binAllOk = 0, binNodes = 0;
        double lossSum = 0;
        for (int from = 0; from < trees.size(); from += EVAL_BATCH) {
            List<Tree> part = trees.subList(from, Math.min(trees.size(), from + EVAL_BATCH)).stream().map(this::prepare).toList();
            TreeBatch b = batch(part);
            double[] p = probabilities(b);
            int row = 0, ti = 0;
            for (Tree t : part) {
                for (Tree n : t.postOrder()) {
                    int gold = SentimentLabels.fine(n.label());
                    boolean root = row == b.roots()[ti];
                    if (gold >= 0) {
                        int y = SentimentLabels.target(n.label(), c);
                        if (y != SentimentLabels.IGNORE) {
                            lossSum -= Math.log(Math.max(p[row * c + y], 1e-30));
                            lossNodes++;
                        }
                        if (fine) {
                            nodes++;
                            if (argmax(p, row * c, c) == y) { allOk++; if (root) rootOk++; }
                        }
                        if (gold != SentimentLabels.NEUTRAL) {
                            boolean ok = SentimentLabels.positive(p, row * c, c) == (gold > SentimentLabels.NEUTRAL);
                            binNodes++;
                            if (ok) binAllOk++;
                            if (root) { binRoots++; if (ok) binRootOk++; }
                        }
                    }
                    row++;
                }
                ti++;
            }
        }
        if (!fine) { rootOk = binRootOk; allOk = binAllOk; nodes = binNodes; }
        int roots = fine ? trees.size() : (int) binRoots;
        return new TreeMetrics(ratio(rootOk, roots), ratio(allOk, nodes), ratio(binRootOk, binRoots), ratio(binAllOk, binNodes),
                lossNodes == 0 ? Double.NaN : lossSum / lossNodes, trees.size(), (int) nodes, (int) binRoots);
    }

    private static double ratio(long a, long b) { return b == 0 ? Double.NaN : (double) a / b; }

    private static int argmax(double[] p, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (p[off + i] > p[off + best]) best = i;
        return best;
    }

    /** Every node's prediction, in post-order (the root last), over the {@link #prepare}d tree. */
    public List<NodePrediction> predict(Tree tree) { return predict(List.of(tree)).get(0); }

    /** {@link #predict(Tree)} of several trees in one batch (the nodes of tree after tree, each in post-order). */
    public List<List<NodePrediction>> predict(List<Tree> trees) {
        List<Tree> prepared = trees.stream().map(this::prepare).toList();
        double[] p = probabilities(batch(prepared));
        int c = spec.numClasses(), row = 0;
        List<List<NodePrediction>> all = new ArrayList<>();
        for (Tree tree : prepared) {
            List<NodePrediction> out = new ArrayList<>();
            for (Tree node : tree.postOrder()) {
                double[] pi = java.util.Arrays.copyOfRange(p, row * c, (row + 1) * c);
                int k = argmax(pi, 0, c);
                out.add(new NodePrediction(node, k, classes().get(k), pi));
                row++;
            }
            all.add(out);
        }
        return all;
    }

    /** The tree with every node's label replaced by its predicted class: {@code (3 (2 not) (1 bad))}. */
    public static String labelled(Tree tree, List<NodePrediction> predictions) {
        java.util.IdentityHashMap<Tree, Integer> label = new java.util.IdentityHashMap<>();
        for (NodePrediction p : predictions) label.put(p.node(), p.label());
        StringBuilder sb = new StringBuilder();
        write(tree, label, sb);
        return sb.toString();
    }

    private static void write(Tree t, java.util.Map<Tree, Integer> label, StringBuilder sb) {
        sb.append('(').append(label.get(t)).append(' ');
        if (t.isLeaf()) sb.append(t.word());
        else for (int i = 0; i < t.children().size(); i++) {
            if (i > 0) sb.append(' ');
            write(t.child(i), label, sb);
        }
        sb.append(')');
    }

    // ---- model folder ---------------------------------------------------------------------------

    /** Saves config.json ({@code "task": "tree"}), model.safetensors and vocab.txt. */
    public void save(Path dir) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ModelFolder.TASK_KEY, TASK);
        config.put(ModelFolder.ARCHITECTURE_KEY, ModelFolder.architecture(net));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("cell", spec.cell());
        t.put("embed_dim", spec.embedDim());
        t.put("hidden_size", spec.hidden());
        t.put("num_classes", spec.numClasses());
        t.put("dropout", spec.dropout());
        t.put("lowercase", spec.lowercase());
        t.put("paper_leaf", spec.paperLeaf());
        t.put("classes", classes());
        config.put(CONFIG_KEY, t);
        ModelFolder.save(dir, config, net.stateDict(), Map.of(VOCAB_FILE, vocab.toText()));
    }

    /** Whether {@code dir} holds a model folder of this task. */
    public static boolean isTreeModel(Path dir) throws IOException {
        JsonElement task = ModelFolder.load(dir).config().get("task");
        return task != null && task.isJsonPrimitive() && TASK.equals(task.getAsString());
    }

    @SuppressWarnings("unchecked")
    public static TreeClassifier load(Path dir) throws IOException {
        return io.sequoia.io.ModelFolder.reading(dir, "tree model", () -> readFolder(dir));
    }

    private static TreeClassifier readFolder(Path dir) throws IOException {
        ModelFolder.Contents c = ModelFolder.load(dir);
        JsonElement task = c.config().get("task");
        if (task == null || !TASK.equals(task.isJsonPrimitive() ? task.getAsString() : null)) {
            throw Errors.arg("TreeClassifier.load", "the folder is not a tree model", "\"task\": \"tree\"", task, "folder " + dir);
        }
        Map<String, Object> t = new Gson().fromJson(c.config().get(CONFIG_KEY), Map.class);
        Spec spec = new Spec((String) t.get("cell"), ((Number) t.get("embed_dim")).intValue(), ((Number) t.get("hidden_size")).intValue(),
                ((Number) t.get("num_classes")).intValue(), ((Number) t.get("dropout")).doubleValue(), (Boolean) t.get("lowercase"),
                Boolean.TRUE.equals(t.get("paper_leaf")));
        Map<String, Object> arch = new Gson().fromJson(c.config().get(ModelFolder.ARCHITECTURE_KEY), Map.class);
        if (!(io.sequoia.nn.ModuleRegistry.build(arch) instanceof SentimentTreeNet net)) {
            throw Errors.arg("TreeClassifier.load", "the architecture must be a SentimentTreeNet", "SentimentTreeNet", arch.get("type"), "folder " + dir);
        }
        ModelFolder.loadBuilt(dir, net);
        Vocabulary v = c.vocabulary(VOCAB_FILE, Vocabulary.UNK, (int) net.embedding.weight.shape()[0]);
        return new TreeClassifier(spec, v, net, v.size());
    }
}
