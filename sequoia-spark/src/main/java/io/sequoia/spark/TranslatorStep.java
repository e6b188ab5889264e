package io.sequoia.spark;

import io.sequoia.nn.Module;
import io.sequoia.nn.loss.CrossEntropyLoss;
import io.sequoia.translation.PairBatches;
import io.sequoia.translation.Translator;
import io.sequoia.translation.TranslatorTrainer;
import io.sequoia.train.StepLoss;

/**
 * The step of {@code sequoia train translator} for some of a shard's sentence pairs: one batch of
 * those pairs, teacher-forced, and the training loss ({@link TranslatorTrainer#step}), a mean over
 * the target tokens - so shards are weighted by their target tokens, and the mean over the union is
 * the global batch's loss. Rows of a shard are (source, target) strings.
 */
public final class TranslatorStep implements DataParallelTrainer.ShardStep {
    private final Translator translator;
    private final int[][] src, tgt;
    private final CrossEntropyLoss ce;

    /** A shard of (source, target) rows: the translator loaded from the shipped folder, trained with {@code labelSmoothing}. */
    static DataParallelTrainer.ShardTask task(double labelSmoothing) {
        return (dir, rows) -> {
            Translator t = Translator.load(dir);
            java.util.List<int[]> s = new java.util.ArrayList<>(), g = new java.util.ArrayList<>();
            for (org.apache.spark.sql.Row r : rows) {
                int[] a = t.codec().encodeSource(r.getString(0)), b = t.codec().encodeTarget(r.getString(1));
                if (TranslatorTrainer.trainable(a, b)) { s.add(a); g.add(b); }   // as TranslatorTrainer.encode keeps them
            }
            return new TranslatorStep(t, s.toArray(new int[0][]), g.toArray(new int[0][]), labelSmoothing);
        };
    }

    /** Pairs already encoded with the translator's codec (as {@link TranslatorTrainer#encode} keeps them). */
    public TranslatorStep(Translator translator, int[][] src, int[][] tgt, double labelSmoothing) {
        this.translator = translator;
        this.src = src;
        this.tgt = tgt;
        TranslatorTrainer.Options o = new TranslatorTrainer.Options();
        o.labelSmoothing = labelSmoothing;
        this.ce = TranslatorTrainer.loss(o);
    }

    @Override public int size() { return src.length; }

    @Override public Module module() { return translator.model(); }

    @Override public StepLoss loss(int[] rows) { return TranslatorTrainer.step(translator.model(), ce, PairBatches.batch(src, tgt, rows), 1.0); }
}
