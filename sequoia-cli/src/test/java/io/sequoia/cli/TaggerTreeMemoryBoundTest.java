package io.sequoia.cli;

import io.sequoia.cli.tagging.TrainTaggerCommand;
import io.sequoia.cli.tree.TrainTreeCommand;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.data.tree.Tree;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerBatch;
import io.sequoia.tensor.Parallel;
import io.sequoia.tree.TreeBatch;
import io.sequoia.tree.TreeClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tagger's and the tree model's activation bounds ({@link TrainTaggerCommand#emissionBound}: emissions over the tag set with
 * the CRF's tables or the softmax; {@link TrainTaggerCommand#charBound}: the character encoder; {@link TrainTreeCommand#activationBound}:
 * node states, leaf vectors and per-node logits) must never refuse a run that fits: each is at most the bytes a real training step
 * allocates (forward and backward of the largest batch, the thread's allocation counter, one compute thread) and at most the
 * tensors it counts as the model really makes them for that batch, and not far below the latter (within {@link #FACTOR}).
 */
class TaggerTreeMemoryBoundTest {
    @TempDir Path tmp;
    static final double FACTOR = 3;

    private static final com.sun.management.ThreadMXBean BEAN = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static String word(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = 4 + r.nextInt(4);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + r.nextInt(26)));
        return r.nextInt(4) == 0 ? Character.toUpperCase(sb.charAt(0)) + sb.substring(1) : sb.toString();
    }

    private static void check(String what, double bound, double tensors, long allocated) {
        System.out.printf(Locale.ROOT, "%s: bound %.0f bytes, counted tensors of the largest batch %.0f (bound/real %.3f), its step allocated %d (bound/allocated %.3f)%n",
                what, bound, tensors, bound / tensors, allocated, bound / allocated);
        assertTrue(bound <= tensors && bound <= allocated, what + ": a lower bound: bound " + bound + ", tensors " + tensors + ", allocated " + allocated);
        assertTrue(bound >= tensors / FACTOR, what + ": not far below: bound " + bound + ", tensors " + tensors);
    }

    @Test void taggerBoundsAreBelowAndNearAMeasuredStep() {
        SplittableRandom r = new SplittableRandom(11);
        List<TaggedSentence> train = new ArrayList<>();
        int tags = 40;
        for (int i = 0; i < 160; i++) {
            int n = 8 + r.nextInt(7);
            List<String> w = new ArrayList<>(), t = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                w.add(word(r));
                t.add("t" + r.nextInt(tags));
            }
            train.add(TaggedSentence.of(w, t));
        }
        int batchSize = 16;
        int threads = Parallel.threads();
        Parallel.setThreads(1);
        try {
            for (String model : List.of("bilstm-crf", "bigru")) {
                for (String chars : List.of("cnn", "lstm")) {
                    Tagger.Spec d = Tagger.Spec.DEFAULT;
                    Tagger.Spec spec = new Tagger.Spec(model, chars, 16, d.charDim(), d.charFeatures(), d.casingDim(), 16, 0, d.scheme(), d.unkReplace());
                    Tagger tagger = Tagger.create(spec, train);
                    int tagCount = Tagger.tagCount(spec, train);
                    assertTrue(tagCount == tagger.labels().size(), "tagCount " + tagCount + " = the tagger's " + tagger.labels().size());
                    int[] lengths = train.stream().mapToInt(TaggedSentence::size).toArray();
                    double emissions = TrainTaggerCommand.emissionBound(lengths, batchSize, tagCount, spec.crf());
                    double charBound = TrainTaggerCommand.charBound(train.stream().map(TaggedSentence::tokens).toList(), batchSize, chars, spec.charDim(), spec.charFeatures());
                    List<TaggerBatch> batches = tagger.batches(train, batchSize).epoch(new io.sequoia.tensor.Generator(1));
                    tagger.step(batches.get(0)).loss().backward();            // warm-up: first-use allocations
                    tagger.network().zeroGrad();
                    long best = 0;
                    double emTensors = 0, charTensors = 0, t = tagCount;
                    for (TaggerBatch b : batches) {
                        long a0 = BEAN.getCurrentThreadAllocatedBytes();
                        tagger.step(b).loss().backward();
                        best = Math.max(best, BEAN.getCurrentThreadAllocatedBytes() - a0);
                        tagger.network().zeroGrad();
                        // the tensors the bounds count, as the model makes them for this batch
                        double em = tagger.network().emissions(b).numel();
                        emTensors = Math.max(emTensors, 4 * (spec.crf() ? 6 * em + 4.0 * b.tokens() * t + 2.0 * b.size() * t * t : 4 * em));
                        double perChar = spec.charDim() + (chars.equals("cnn") ? 2.0 : 4.0) * spec.charFeatures();
                        charTensors = Math.max(charTensors, 4 * b.chars().numel() * perChar);
                    }
                    check("tagger " + model + " char " + chars + ", " + tagCount + " tags: emissions", emissions, emTensors, best);
                    check("tagger " + model + " char " + chars + ": characters", charBound, charTensors, best);
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    /** A random binary tree over {@code n} words (labels 0-4). */
    private static String tree(SplittableRandom r, int n) {
        if (n == 1) return "(" + r.nextInt(5) + " " + word(r).toLowerCase(Locale.ROOT) + ")";
        int left = 1 + r.nextInt(n - 1);
        return "(" + r.nextInt(5) + " " + tree(r, left) + " " + tree(r, n - left) + ")";
    }

    @Test void treeBoundIsBelowAndNearAMeasuredStep() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 150; i++) sb.append(tree(r, 6 + r.nextInt(10))).append('\n');
        Path f = Files.writeString(tmp.resolve("trees.txt"), sb.toString());
        List<Tree> train = TreeReader.readLabelled(f, 5);
        int batchSize = 25, e = 24, h = 16, classes = 5;
        int threads = Parallel.threads();
        Parallel.setThreads(1);
        try {
            for (String cell : io.sequoia.nn.tree.TreeEncoder.CELLS) {
                int emb = cell.equals("recnn") || cell.equals("rntn") ? h : e;     // their leaves are the word vectors
                TreeClassifier.Spec d = TreeClassifier.Spec.defaults(cell, classes);
                TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec(cell, emb, h, classes, 0, d.lowercase(), d.paperLeaf()), train);
                double bound = TrainTreeCommand.activationBound(cell, TreeClassifier.usable(train, classes), batchSize, emb, h, classes);
                List<TreeBatch> batches = new ArrayList<>();
                for (int from = 0; from < train.size(); from += batchSize) batches.add(clf.batch(train.subList(from, Math.min(train.size(), from + batchSize))));
                clf.loss(batches.get(0)).backward();                                  // warm-up
                clf.net().zeroGrad();
                long best = 0;
                double tensors = 0;
                for (TreeBatch b : batches) {
                    long a0 = BEAN.getCurrentThreadAllocatedBytes();
                    clf.loss(b).backward();
                    best = Math.max(best, BEAN.getCurrentThreadAllocatedBytes() - a0);
                    clf.net().zeroGrad();
                    var leaves = clf.net().embedding.forward(b.wordIds());
                    long states = clf.net().encoder.forward(b.trees(), leaves).numel(), logits = clf.net().forward(b).numel();
                    tensors = Math.max(tensors, 4.0 * (2 * states + 2 * logits + leaves.numel()));
                }
                check("tree " + cell + " (embed " + emb + ", hidden " + h + ")", bound, tensors, best);
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }
}
