package io.sequoia.cli;

import io.sequoia.cli.translation.TrainTranslatorCommand;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.tensor.Parallel;
import io.sequoia.translation.PairBatches;
import io.sequoia.translation.Translator;
import io.sequoia.translation.TranslatorTrainer;
import io.sequoia.train.StepLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The translator's activation bound ({@link TrainTranslatorCommand#activationBound}: logits over the counted target
 * vocabulary and their gradient, attention weights) must never refuse a run that fits — it is at most the bytes a
 * real training step allocates (forward and backward of the largest batch, measured with the thread's allocation counter,
 * one compute thread) and than the logits and attention tensors the model really makes for that batch (with their
 * gradients) — and not far below the latter (within the factor {@link #FACTOR}).
 */
class TranslatorMemoryBoundTest {
    @TempDir Path tmp;
    /** The bound against the tensors it counts, as the model makes them for the largest batch (docs/reliability.md has the measured ratios). */
    static final double FACTOR = 3;

    @Test void activationBoundIsBelowAndNearAMeasuredStep() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 192; i++) {
            for (int side = 0; side < 2; side++) {
                int n = 6 + r.nextInt(9);
                for (int w = 0; w < n; w++) tsv.append(w == 0 ? "" : " ").append(side == 0 ? "q" : "z").append(r.nextInt(3000));
                tsv.append(side == 0 ? "\t" : "\n");
            }
        }
        Path f = Files.writeString(tmp.resolve("pairs.tsv"), tsv.toString());
        ParallelCorpus train = ParallelCorpus.readTsv(f, 0, 1, ParallelCorpus.Options.defaults());
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int threads = Parallel.threads();
        Parallel.setThreads(1);
        try {
            for (String m : new String[]{"gru-attention", "lstm", "transformer"}) {
                TranslatorTrainer.Options o = new TranslatorTrainer.Options();
                o.model = m;
                o.embedDim = 16;
                o.hidden = 16;
                o.layers = 2;
                o.heads = 4;
                o.feedforward = 64;
                o.batchSize = 64;
                o.dropout = 0;
                Translator t = TranslatorTrainer.create(train, o);
                int vt = t.codec().targetVocab().size();
                double bound = TrainTranslatorCommand.activationBound(m, vt, o.heads, o.layers, train.sources(), train.targets(), o.batchSize);
                int[][][] pairs = TranslatorTrainer.encode(t.codec(), train);
                java.util.List<PairBatches.Batch> batches = new PairBatches(pairs[0], pairs[1], o.batchSize).epoch(new io.sequoia.tensor.Generator(1));
                TranslatorTrainer.step(t.model(), TranslatorTrainer.loss(o), batches.get(0), 1.0).loss().backward();   // warm-up: first-use allocations
                t.model().zeroGrad();
                long best = 0, tensors = 0;
                for (PairBatches.Batch b : batches) {                   // the largest batch's step: the bound speaks of it
                    long a0 = bean.getCurrentThreadAllocatedBytes();
                    StepLoss s = TranslatorTrainer.step(t.model(), TranslatorTrainer.loss(o), b, 1.0);
                    s.loss().backward();
                    best = Math.max(best, bean.getCurrentThreadAllocatedBytes() - a0);
                    t.model().zeroGrad();
                    // the tensors the bound counts, as the model makes them: logits and the attention weights (each with its gradient or scores)
                    long n = t.model().logits(b.src(), b.srcLengths(), b.tgtIn()).numel();
                    for (var w : t.model().attentionLayers(b.src(), b.srcLengths(), b.tgtIn())) n += w.numel();
                    tensors = Math.max(tensors, 8 * n);
                }
                System.out.printf(java.util.Locale.ROOT, "translator %s: target vocabulary %d, bound %.0f bytes; largest batch: logits and attention %d bytes (bound/real %.3f), "
                        + "its step allocated %d bytes (bound/allocated %.3f)%n", m, vt, bound, tensors, bound / tensors, best, bound / best);
                assertTrue(bound <= tensors && bound <= best, m + ": a lower bound: bound " + bound + ", tensors " + tensors + ", allocated " + best);
                assertTrue(bound >= tensors / FACTOR, m + ": not far below: bound " + bound + ", tensors " + tensors);
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }
}
