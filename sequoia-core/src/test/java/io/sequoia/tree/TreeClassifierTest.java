package io.sequoia.tree;

import io.sequoia.data.tree.Tree;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.tensor.Generator;
import io.sequoia.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TreeClassifierTest {
    @TempDir Path tmp;

    /** Sentiment with negation: "not good" is negative, "not bad" positive, as the labels of every node say. */
    static List<Tree> toyTrees() {
        String[] lines = {
                "(4 (3 good) (2 film))", "(0 (1 bad) (2 film))", "(1 (2 not) (3 good))", "(3 (2 not) (1 bad))",
                "(4 (2 a) (4 (3 good) (2 film)))", "(0 (2 a) (0 (1 bad) (2 film)))", "(1 (1 (2 not) (3 good)) (2 film))",
                "(3 (3 (2 not) (1 bad)) (2 film))", "(2 (2 a) (2 film))", "(4 (4 (3 good) (3 good)) (2 film))",
                "(0 (2 (2 a) (2 film)) (1 bad))", "(3 (2 film) (3 good))"};
        List<Tree> ts = new ArrayList<>();
        for (String l : lines) ts.add(TreeReader.parse(l));
        return ts;
    }

    private static TreeTrainer.Options quick(int epochs) {
        return new TreeTrainer.Options(epochs, 4, "adam", 0.03, 0, 0, 5, 0, 0, 0, null, List.of());
    }

    @Test
    void learnsNegationOnEveryNodeAndLossFallsTenfold() {
        Generator.manualSeed(1);
        List<Tree> ts = toyTrees();
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 8, 8, 5, 0.0, true), ts);
        History h = TreeTrainer.fit(clf, ts, null, quick(80), null);
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 10, "loss " + loss.get(0) + " -> " + loss.get(loss.size() - 1));
        TreeMetrics m = clf.evaluate(ts);
        assertEquals(1.0, m.rootAccuracy(), 1e-12);
        assertEquals(1.0, m.allAccuracy(), 1e-12);
        assertEquals(11, m.binaryTrees());
        List<TreeClassifier.NodePrediction> p = clf.predict(TreeReader.parse("(2 (2 not) (2 bad))"));
        assertEquals(3, p.get(2).label(), "not bad");
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    @Test
    void embedInitSetsTheRangeOfTheRandomWordVectors() {
        List<Tree> ts = toyTrees();
        TreeClassifier.Spec spec = new TreeClassifier.Spec("rntn", 25, 25, 5, 0.0, true);
        Generator.manualSeed(8);
        double dflt = maxAbs(TreeClassifier.create(spec, ts, null).net().embedding.weight.toFloatArray());
        Generator.manualSeed(8);
        double same = maxAbs(TreeClassifier.create(spec, ts, null, TreeClassifier.EMBEDDING_INIT).net().embedding.weight.toFloatArray());
        Generator.manualSeed(8);
        double small = maxAbs(TreeClassifier.create(spec, ts, null, 1e-3).net().embedding.weight.toFloatArray());
        // 6 words x 25 values uniform in (-r, r): the largest is above r/2 unless the generator is broken
        assertTrue(dflt <= TreeClassifier.EMBEDDING_INIT && dflt > TreeClassifier.EMBEDDING_INIT / 2, "default range: max |w| " + dflt);
        assertEquals(dflt, same, 0, "the default is EMBEDDING_INIT");
        assertTrue(small <= 1e-3 && small > 5e-4, "range 1e-3: max |w| " + small);
        for (double bad : new double[]{0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TreeClassifier.create(spec, ts, null, bad));
            assertTrue(e.getMessage().contains("embedInit"), e.getMessage());
        }
    }

    @Test
    void adagradResetClearsTheSquaredGradientSumsOnlyOnItsEpochs() {
        Generator.manualSeed(3);
        List<Tree> ts = toyTrees();
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("rntn", 6, 6, 5, 0.0, true), ts);
        List<Integer> sumsAtEpochStart = new ArrayList<>();
        io.sequoia.train.Callback probe = new io.sequoia.train.Callback() {
            @Override public void onEpochBegin(io.sequoia.train.Model m, int epoch) { sumsAtEpochStart.add(m.optimizer().stateDict().size() - 1); }
        };
        // the reset is added before the options' callbacks, so the probe sees the state after it
        TreeTrainer.fit(clf, ts, null, new TreeTrainer.Options(4, 4, "adagrad", 0.01, 0, 2, 5, 0, 0, 0, null, List.of(probe)), null);
        int full = sumsAtEpochStart.get(1);
        assertTrue(full > 0, "AdaGrad state after one epoch: " + sumsAtEpochStart);
        assertEquals(List.of(0, full, 0, full), sumsAtEpochStart, "state entries at the start of epochs 0..3 with a reset every 2 epochs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TreeTrainer.Options(4, 4, "adagrad", 0.01, 0, -1, 5, 0, 0, 0, null, List.of()));
        assertTrue(e.getMessage().contains("adagradReset"), e.getMessage());
    }

    @Test
    void adagradEpsReachesTheStepAsCoreNlpWritesIt() {
        // one AdaGrad step from zero sums: p -= lr * g / (|g| + eps); with the default eps 1e-10 that is
        // about -lr * sign(g), with CoreNLP-size eps small gradients move less
        List<Tree> ts = toyTrees();
        double lr = 0.1, eps = 0.05;
        Generator.manualSeed(6);
        TreeClassifier ref = TreeClassifier.create(new TreeClassifier.Spec("rntn", 4, 4, 5, 0.0, true), ts);
        ref.net().train();
        TreeTrainer.step(ref, ref.batch(ts), TreeTrainer.Objective.MEAN).loss().backward();
        List<io.sequoia.nn.Parameter> rp = ref.net().parameters();
        List<float[]> before = new ArrayList<>(), grads = new ArrayList<>();
        for (io.sequoia.nn.Parameter p : rp) {
            before.add(p.toFloatArray());
            grads.add(p.gradData() == null ? new float[p.toFloatArray().length] : p.gradData().toFloatArray());
        }
        for (double e : new double[]{eps, io.sequoia.optim.Adagrad.DEFAULT_EPS}) {
            Generator.manualSeed(6);
            TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("rntn", 4, 4, 5, 0.0, true), ts);
            TreeTrainer.Options one = new TreeTrainer.Options(1, ts.size(), "adagrad", lr, 0, 0, 0, 0, 0, 0, null, List.of()).withAdagradEps(e);
            assertEquals(e, one.adagradEps());
            TreeTrainer.fit(clf, ts, null, one, null);
            List<io.sequoia.nn.Parameter> ps = clf.net().parameters();
            double farFromSign = 0;
            for (int k = 0; k < ps.size(); k++) {
                float[] after = ps.get(k).toFloatArray(), b = before.get(k), g = grads.get(k);
                for (int i = 0; i < after.length; i++) {
                    double want = b[i] - lr * g[i] / (Math.abs(g[i]) + e);
                    assertEquals(want, after[i], 2e-6, "parameter " + k + " element " + i + " with eps " + e);
                    if (g[i] != 0) farFromSign = Math.max(farFromSign, Math.abs((b[i] - lr * Math.signum(g[i])) - after[i]));
                }
            }
            if (e == eps) assertTrue(farFromSign > 1e-3, "eps 0.05 must shrink some steps below lr: " + farFromSign);
            else assertTrue(farFromSign < 1e-4, "eps 1e-10: every step is about lr: " + farFromSign);
        }
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new TreeTrainer.Options(1, 4, "adagrad", 0.01, 0, 0, 0, 0, 0, 0, null, List.of()).withAdagradEps(-1));
        assertTrue(ex.getMessage().contains("adagradEps"), ex.getMessage());
    }

    @Test
    void perTreeLossPenaltyByGroupAndWordsBySgdAsThePapersCode() {
        Generator.manualSeed(4);
        List<Tree> ts = toyTrees();
        // "zebra" comes only from the vectors file: its row is past the training words
        io.sequoia.data.text.WordVectors vectors = new io.sequoia.data.text.WordVectors(List.of("good", "zebra"),
                new float[]{0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f}, 4);
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 4, 4, 5, 0.0, true, true), ts, vectors);
        assertEquals(2, clf.usePretrained(vectors, false));
        int zebra = clf.vocabulary().index("zebra");
        assertEquals(clf.vocabulary().size() - 1, zebra);
        assertEquals(zebra, clf.trainingWords(), "the vectors-only word comes after the training words");

        // per tree: the node sum over trees = the node mean times the labelled nodes over the trees
        TreeBatch b = clf.batch(ts);
        double mean = clf.loss(b).item(), perTree = clf.lossPerTree(b).item();
        assertEquals(mean * b.labelled() / ts.size(), perTree, 1e-5);
        assertTrue(b.labelled() > ts.size());

        // the penalty, group by group, by hand
        double words = 0, cell = 0, cls = 0;
        float[] e = clf.net().embedding.weight.toFloatArray();
        for (int i = 0; i < zebra * 4; i++) words += e[i] * e[i];
        for (io.sequoia.nn.Parameter p : clf.net().encoder.parameters()) for (float v : p.toFloatArray()) cell += v * v;
        for (io.sequoia.nn.Parameter p : clf.net().classifier.parameters()) for (float v : p.toFloatArray()) cls += v * v;
        assertEquals(0.5 * 0.3 * words, clf.penalty(0.3, 0, 0).item(), 1e-5);
        assertEquals(0.5 * 2 * cell, clf.penalty(0, 2, 0).item(), 1e-4);
        assertEquals(0.5 * 5 * cls, clf.penalty(0, 0, 5).item(), 1e-4);
        assertEquals(0.5 * (0.3 * words + 2 * cell + 5 * cls), clf.penalty(0.3, 2, 5).item(), 1e-4);
        assertNull(clf.penalty(0, 0, 0));

        // with a batch (what a training step passes) the words' penalty covers only the batch's words, each once,
        // as CoreNLP's activeMatricesOnly: no gradient at all on the rows of words the batch does not hold
        TreeBatch few = clf.batch(List.of(ts.get(9), ts.get(2)));          // good good film, not good
        double fw = 0;
        List<Integer> fewRows = new ArrayList<>();
        for (String w : List.of("good", "film", "not")) {
            int r = clf.vocabulary().index(w);
            fewRows.add(r);
            for (int j = 0; j < 4; j++) fw += e[r * 4 + j] * e[r * 4 + j];
        }
        assertEquals(0.5 * 0.3 * fw, clf.penalty(0.3, 0, 0, few).item(), 1e-6);
        clf.penalty(0.3, 0, 0, few).backward();
        float[] pg = clf.net().embedding.weight.gradData().toFloatArray();
        for (int r = 0; r < e.length / 4; r++) {
            for (int j = 0; j < 4; j++) {
                double want = fewRows.contains(r) ? 0.3 * e[r * 4 + j] : 0;
                assertEquals(want, pg[r * 4 + j], 1e-7, "row " + r + " (" + clf.vocabulary().token(r) + ")");
            }
        }
        assertEquals(0.5 * (0.3 * fw + 2 * cell + 5 * cls), clf.penalty(0.3, 2, 5, few).item(), 1e-4);
        for (io.sequoia.nn.Parameter p : clf.net().parameters()) p.setGrad(null);

        // words by plain SGD: one step (one batch of all trees) moves them by exactly -lr * their gradient
        TreeBatch all = clf.batch(ts);
        clf.net().train();
        TreeTrainer.step(clf, all, new TreeTrainer.Objective(true, 0, 0, 0, 0.5)).loss().backward();
        float[] g = clf.net().embedding.weight.gradData().toFloatArray();
        for (io.sequoia.nn.Parameter p : clf.net().parameters()) p.setGrad(null);
        TreeTrainer.Options one = new TreeTrainer.Options(1, ts.size(), "adam", 0.03, 0, 0, 0, 0, 0, 0, null, List.of(),
                new TreeTrainer.Objective(true, 0, 0, 0, 0.5));
        TreeTrainer.fit(clf, ts, null, one, null);
        float[] after = clf.net().embedding.weight.toFloatArray();
        boolean moved = false;
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i] - 0.5 * g[i], after[i], 1e-6, "embedding element " + i);
            moved |= g[i] != 0;
        }
        assertTrue(moved, "some word had a gradient");
        for (int j = 0; j < 4; j++) assertEquals(e[zebra * 4 + j], after[zebra * 4 + j], "no training tree reaches zebra");
        assertNull(clf.net().embedding.weight.gradData(), "the SGD step drops the gradient it used");

        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new TreeTrainer.Objective(true, -1, 0, 0, 0));
        assertTrue(ex.getMessage().contains(">= 0"), ex.getMessage());
    }

    @Test
    void wordSgdOnTheBatchRowsEqualsTheWalkOverTheWholeTableBitForBit() {
        Generator.manualSeed(6);
        List<Tree> ts = toyTrees();
        io.sequoia.data.text.WordVectors vectors = new io.sequoia.data.text.WordVectors(List.of("good", "zebra", "yak"),
                new float[]{0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, -0.1f, -0.2f, -0.3f, -0.4f}, 4);
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 4, 4, 5, 0.0, true, true), ts, vectors);
        clf.usePretrained(vectors, false);
        io.sequoia.nn.Parameter words = clf.net().embedding.weight;
        // a batch with a repeated word ("good" twice in one tree) and without "a", "zebra" and "yak"
        TreeBatch b = clf.batch(List.of(ts.get(9), ts.get(3), ts.get(7)));
        clf.net().train();
        TreeTrainer.step(clf, b, TreeTrainer.Objective.TAI).loss().backward();
        float[] w0 = words.toFloatArray(), g0 = words.gradData().toFloatArray();

        new TreeTrainer.EmbeddingSgd(words, 0.1, false).onBatchEnd(null, 0, java.util.Map.of());
        float[] whole = words.toFloatArray();
        assertNull(words.gradData());

        System.arraycopy(w0, 0, words.data().floatData(), 0, w0.length);
        words.setGrad(io.sequoia.tensor.NDArray.wrap(g0.clone(), words.data().size(0), 4));
        TreeTrainer.EmbeddingSgd rows = new TreeTrainer.EmbeddingSgd(words, 0.1, true);
        rows.batch(b);
        rows.onBatchEnd(null, 0, java.util.Map.of());
        assertArrayEquals(whole, words.toFloatArray(), "the same floats, bit for bit");
        assertNull(words.gradData());
        int moved = 0;
        for (int i = 0; i < w0.length; i++) if (whole[i] != w0[i]) moved++;
        assertTrue(moved > 0 && moved < w0.length, "some rows move, not all: " + moved);
        for (String untouched : List.of("a", "zebra", "yak")) {
            int r = clf.vocabulary().index(untouched);
            for (int j = 0; j < 4; j++) assertEquals(w0[r * 4 + j], whole[r * 4 + j], untouched);
        }
        int good = clf.vocabulary().index("good");
        for (int j = 0; j < 4; j++) assertEquals((float) (w0[good * 4 + j] - 0.1 * g0[good * 4 + j]), whole[good * 4 + j], "a repeated word moves once");

        // with no batch given (or a penalty on the words) the callback walks the whole table
        System.arraycopy(w0, 0, words.data().floatData(), 0, w0.length);
        words.setGrad(io.sequoia.tensor.NDArray.wrap(g0.clone(), words.data().size(0), 4));
        new TreeTrainer.EmbeddingSgd(words, 0.1, true).onBatchEnd(null, 0, java.util.Map.of());
        assertArrayEquals(whole, words.toFloatArray());
    }

    @Test
    void paperLeafIsSavedAndLoadedAndOldFoldersKeepTheirLeaf() throws Exception {
        Generator.manualSeed(5);
        List<Tree> ts = toyTrees();
        for (String cell : List.of("rntn", "treelstm")) {
            for (boolean paper : new boolean[]{true, false}) {
                TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec(cell, 4, 4, 5, 0.0, true, paper), ts);
                Path dir = tmp.resolve(cell + paper);
                clf.save(dir);
                TreeClassifier back = TreeClassifier.load(dir);
                assertEquals(paper, back.spec().paperLeaf(), cell);
                assertEquals(paper, back.net().paperLeaf(), cell);
                assertArrayEquals(clf.predict(ts.get(2)).get(2).probabilities(), back.predict(ts.get(2)).get(2).probabilities(), 1e-7, cell);
            }
        }
        // a folder written before the flag existed: no "paper_leaf" anywhere in config.json
        TreeClassifier old = TreeClassifier.create(new TreeClassifier.Spec("rntn", 4, 4, 5, 0.0, true), ts);
        Path dir = tmp.resolve("old");
        old.save(dir);
        Path cfg = dir.resolve("config.json");
        String json = Files.readString(cfg);
        String stripped = json.replaceAll(",\\s*\"paper_leaf\":\\s*false", "");
        assertNotEquals(json, stripped);
        assertFalse(stripped.contains("paper_leaf"), stripped);
        Files.writeString(cfg, stripped);
        TreeClassifier back = TreeClassifier.load(dir);
        assertFalse(back.spec().paperLeaf());
        assertArrayEquals(old.predict(ts.get(3)).get(2).probabilities(), back.predict(ts.get(3)).get(2).probabilities(), 1e-7);
    }

    @Test
    void evaluateAgreesWithPerTreePredictions() {
        Generator.manualSeed(2);
        List<Tree> ts = toyTrees();
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("rntn", 6, 6, 5, 0.0, true), ts);
        TreeTrainer.fit(clf, ts, null, quick(3), null);
        int rootOk = 0, allOk = 0, nodes = 0, binOk = 0, binRoots = 0;
        for (Tree t : ts) {
            List<TreeClassifier.NodePrediction> ps = clf.predict(t);
            for (TreeClassifier.NodePrediction p : ps) {
                int gold = Integer.parseInt(p.node().label());
                nodes++;
                if (p.label() == gold) allOk++;
                if (p.node() == t && p.label() == gold) rootOk++;
                if (p.node() == t && gold != 2) {
                    binRoots++;
                    double[] q = p.probabilities();
                    if ((q[3] + q[4] > q[0] + q[1]) == (gold > 2)) binOk++;
                }
            }
        }
        TreeMetrics m = clf.evaluate(ts);
        assertEquals((double) rootOk / ts.size(), m.rootAccuracy(), 1e-12);
        assertEquals((double) allOk / nodes, m.allAccuracy(), 1e-12);
        assertEquals((double) binOk / binRoots, m.binaryRootAccuracy(), 1e-12);
        assertEquals(nodes, m.nodes());
    }

    @Test
    void binaryDropsNeutralRootsAndIgnoresNeutralNodes() {
        List<Tree> ts = toyTrees();
        assertEquals(11, TreeClassifier.usable(ts, 2).size());
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("recnn", 4, 4, 2, 0.0, true), ts);
        TreeBatch b = clf.batch(List.of(TreeReader.parse("(1 (2 not) (3 good))")));
        assertArrayEquals(new float[]{SentimentLabels.IGNORE, 1, 0}, b.targets().toFloatArray());
        assertEquals(2, b.labelled());
        assertArrayEquals(new int[]{2}, b.roots());
        TreeMetrics m = clf.evaluate(ts);
        assertEquals(m.binaryRootAccuracy(), m.rootAccuracy(), 1e-12);
        assertEquals(11, m.binaryTrees());
    }

    /**
     * Tai et al.'s binary model: three outputs, the trees with a neutral root dropped, but every node of the
     * others trains a class, neutral phrases and words included (the two-class model ignores them); scored
     * negative against positive with the neutral output left out.
     */
    @Test
    void binaryWithANeutralClassTrainsNeutralNodesAndScoresNegativeAgainstPositive() throws Exception {
        List<Tree> ts = toyTrees();
        assertEquals(11, TreeClassifier.usable(ts, 3).size());
        assertFalse(TreeClassifier.usable(ts, 3).contains(ts.get(8)), "(2 (2 a) (2 film)) has a neutral root");
        Generator.manualSeed(4);
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 8, 8, 3, 0.0, true, true), ts);
        assertEquals(List.of("negative", "neutral", "positive"), clf.classes());
        TreeBatch b = clf.batch(List.of(TreeReader.parse("(1 (2 not) (3 good))"), TreeReader.parse("(4 (0 bad) (2 film))")));
        assertArrayEquals(new float[]{1, 2, 0, 0, 1, 2}, b.targets().toFloatArray());
        assertEquals(6, b.labelled(), "neutral nodes are trained, not ignored");
        TreeBatch two = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 8, 8, 2, 0.0, true), ts)
                .batch(List.of(TreeReader.parse("(1 (2 not) (3 good))"), TreeReader.parse("(4 (0 bad) (2 film))")));
        assertEquals(4, two.labelled());

        TreeTrainer.fit(clf, ts, null, quick(60), null);
        assertEquals(1, clf.predict(TreeReader.parse("(2 (2 a) (2 film))")).get(2).label(), "a neutral phrase is predicted neutral");
        assertEquals("neutral", clf.predict(TreeReader.parse("(2 film)")).get(0).name());
        int binOk = 0, binRoots = 0, allOk = 0, nodes = 0;
        double loss = 0;
        int lossNodes = 0;
        for (Tree t : ts) {
            for (TreeClassifier.NodePrediction p : clf.predict(t)) {
                int gold = Integer.parseInt(p.node().label());
                double[] q = p.probabilities();
                assertEquals(3, q.length);
                loss -= Math.log(q[gold == 2 ? 1 : gold < 2 ? 0 : 2]);
                lossNodes++;
                if (gold == 2) continue;
                boolean ok = (q[2] > q[0]) == (gold > 2);
                nodes++;
                if (ok) allOk++;
                if (p.node() == t) { binRoots++; if (ok) binOk++; }
            }
        }
        TreeMetrics m = clf.evaluate(ts);
        assertEquals(11, binRoots);
        assertEquals(11, m.binaryTrees());
        assertEquals((double) binOk / binRoots, m.binaryRootAccuracy(), 1e-12);
        assertEquals(m.binaryRootAccuracy(), m.rootAccuracy(), 1e-12);
        assertEquals((double) allOk / nodes, m.allAccuracy(), 1e-12);
        assertEquals(m.binaryAllAccuracy(), m.allAccuracy(), 1e-12);
        assertEquals(nodes, m.nodes());
        assertEquals(loss / lossNodes, m.loss(), 1e-6, "the loss covers the neutral nodes too");
        assertEquals(1.0, m.rootAccuracy(), 1e-12);

        Path dir = tmp.resolve("ternary");
        clf.save(dir);
        TreeClassifier back = TreeClassifier.load(dir);
        assertEquals(3, back.spec().numClasses());
        assertEquals(clf.classes(), back.classes());
        assertEquals(m, back.evaluate(ts));
    }

    /** The RNTN defaults are the settings of run R-long (docs/labs.md), CoreNLP's objective and leaf. */
    @Test
    void rntnDefaultsAreCoreNlpsObjectiveLeafAndLongTraining() {
        TreeTrainer.Options o = TreeTrainer.Options.defaults("rntn");
        assertEquals(TreeTrainer.Objective.SOCHER, o.objective());
        assertEquals("adagrad", o.optimizer());
        assertEquals(0.01, o.lr());
        assertEquals(27, o.batchSize());
        assertEquals(0.0, o.clip());
        assertEquals(0.0, o.weightDecay(), "the objective carries its own L2");
        assertEquals(400, o.epochs());
        assertEquals(20, o.patience());
        assertTrue(TreeClassifier.Spec.defaults("rntn", 5).paperLeaf());
        assertFalse(TreeClassifier.Spec.defaults("recnn", 5).paperLeaf());
        assertEquals(TreeTrainer.Objective.MEAN, TreeTrainer.Options.defaults("recnn").objective());
    }

    @Test
    void positiveReadsEachSchemesOutputs() {
        double[] p = {0.1, 0.5, 0.4, /* 5-class: */ 0.3, 0.1, 0.1, 0.2, 0.3};
        assertTrue(SentimentLabels.positive(p, 1, 2) == false && SentimentLabels.positive(p, 0, 2));
        assertTrue(SentimentLabels.positive(p, 0, 3), "0.4 > 0.1: the neutral 0.5 is left out");
        assertFalse(SentimentLabels.positive(new double[]{0.4, 0.5, 0.1}, 0, 3));
        assertTrue(SentimentLabels.positive(p, 3, 5), "0.2 + 0.3 > 0.3 + 0.1");
        assertEquals(1, SentimentLabels.target("2", 3));
        assertEquals(0, SentimentLabels.target("1", 3));
        assertEquals(2, SentimentLabels.target("4", 3));
        assertEquals(SentimentLabels.IGNORE, SentimentLabels.target("x", 3));
    }

    @Test
    void saveLoadKeepsPredictionsAndTask() throws Exception {
        Generator.manualSeed(3);
        List<Tree> ts = toyTrees();
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("childsum", 5, 4, 5, 0.3, true), ts);
        TreeTrainer.fit(clf, ts, ts, quick(2), null);
        Path dir = tmp.resolve("m");
        clf.save(dir);
        assertTrue(Files.readString(dir.resolve("config.json")).contains("\"task\": \"tree\""));
        assertTrue(TreeClassifier.isTreeModel(dir));
        TreeClassifier back = TreeClassifier.load(dir);
        Tree t = TreeReader.parse("(2 (2 (2 not) (3 good)) (2 unseenword))");
        double[] a = clf.predict(t).get(4).probabilities(), b = back.predict(t).get(4).probabilities();
        assertArrayEquals(a, b, 0.0);
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")).replace("\"task\": \"tree\"", "\"task\": \"tagger\""));
        io.sequoia.io.FileFormatException e = assertThrows(io.sequoia.io.FileFormatException.class, () -> TreeClassifier.load(dir));
        assertTrue(e.getMessage().contains("not a tree model"), e.getMessage());
    }

    @Test
    void levelAndNodeTimingsAreMeasured() {
        List<Tree> ts = toyTrees();
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 4, 4, 5, 0.0, true), ts);
        double[] t = TreeTrainer.timeBatching(clf, ts, 4);
        assertTrue(t[0] > 0 && t[1] > 0);
        assertEquals(io.sequoia.nn.tree.TreeEncoder.Batching.LEVEL, clf.net().encoder.batching());
    }

    @Test
    void binaryCellsReadNonBinaryTreesBinarized() {
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 3, 3, 5, 0.0, true), toyTrees());
        Tree ternary = TreeReader.parse("(3 (2 a) (3 good) (2 film))");
        assertEquals(5, clf.predict(ternary).size());
        assertEquals(5, clf.evaluate(List.of(ternary)).nodes());
        TreeClassifier sum = TreeClassifier.create(new TreeClassifier.Spec("childsum", 3, 3, 5, 0.0, true), toyTrees());
        assertEquals(4, sum.predict(ternary).size());
    }

    @Test
    void pretrainedVectorsFillTheirRows() {
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 2, 3, 5, 0.0, true), toyTrees());
        var vectors = new io.sequoia.data.text.WordVectors(List.of("good", "zebra"), new float[]{0.5f, -0.25f, 9f, 9f}, 2);
        assertEquals(1, clf.usePretrained(vectors, false));
        int row = clf.vocabulary().index("good");
        assertArrayEquals(new float[]{0.5f, -0.25f}, clf.net().embedding.weight.select(0, row).toFloatArray());
        var wrong = new io.sequoia.data.text.WordVectors(List.of("good"), new float[]{1, 2, 3}, 3);
        assertThrows(IllegalArgumentException.class, () -> clf.usePretrained(wrong, false));
    }

    @Test
    void specErrorsNameTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TreeClassifier.Spec("lstm", 4, 4, 5, 0, true));
        assertTrue(e.getMessage().contains("unknown model") && e.getMessage().contains("lstm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TreeClassifier.Spec("rntn", 8, 4, 5, 0, true));
        assertTrue(e.getMessage().contains("embedDim must equal hidden; expected 4, got 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TreeClassifier.Spec("treelstm", 8, 4, 4, 0, true));
        assertTrue(e.getMessage().contains("classes must be 5 (fine), 2 (binary) or 3 (binary with a neutral class); expected 5, 2 or 3, got 4"),
                e.getMessage());
    }

    @Test
    void pretrainedVectorsCoverWordsNeverSeenInTraining() {
        Generator.manualSeed(1);
        List<Tree> ts = toyTrees();
        TreeClassifier.Spec spec = new TreeClassifier.Spec("treelstm", 4, 4, 5, 0.0, true);
        io.sequoia.data.text.WordVectors v = new io.sequoia.data.text.WordVectors(List.of("Superb", "not"), new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 4);
        int plain = TreeClassifier.create(spec, ts).vocabulary().size();
        TreeClassifier clf = TreeClassifier.create(spec, ts, v);
        assertEquals(plain + 1, clf.vocabulary().size());
        assertEquals(2, clf.usePretrained(v, false));
        int row = clf.vocabulary().index("superb");
        assertNotEquals(clf.vocabulary().unknownIndex(), row);
        float[] w = clf.net().embedding.weight.data().toFloatArray();
        assertArrayEquals(new float[]{1, 2, 3, 4}, java.util.Arrays.copyOfRange(w, row * 4, row * 4 + 4));
    }
}
