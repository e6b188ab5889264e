package io.sequoia.spark;

import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.nn.Module;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerBatch;
import io.sequoia.tensor.Generator;
import io.sequoia.train.StepLoss;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * The step of {@code sequoia train tagger} for some of a shard's sentences: the sentences encoded as
 * the tagger's training batches encode them (word dropout drawn from the step's generator), and the
 * tagger's loss, a mean over the sentences. Rows of a shard are (tokens, tags), both arrays of strings.
 */
public final class TaggerStep implements DataParallelTrainer.ShardStep {
    /**
     * A shard of (tokens, tags) rows: the tagger loaded from the shipped folder, with the training
     * set's {@code singletons} for word dropout (a folder does not keep them).
     */
    static DataParallelTrainer.ShardTask task(Set<Integer> singletons) {
        HashSet<Integer> ids = new HashSet<>(singletons);
        return (dir, rows) -> new TaggerStep(Tagger.load(dir).withSingletons(ids), sentences(rows));
    }

    private final Tagger tagger;
    private final List<TaggedSentence> sentences;

    public TaggerStep(Tagger tagger, List<TaggedSentence> sentences) {
        this.tagger = tagger;
        this.sentences = sentences;
    }

    /** Rows of (tokens, tags) arrays as sentences. */
    static List<TaggedSentence> sentences(List<org.apache.spark.sql.Row> rows) {
        List<TaggedSentence> out = new ArrayList<>(rows.size());
        for (org.apache.spark.sql.Row r : rows) out.add(TaggedSentence.of(r.getList(0), r.getList(1)));
        return out;
    }

    @Override public int size() { return sentences.size(); }

    @Override public Module module() { return tagger.network(); }

    @Override public StepLoss loss(int[] rows) {
        List<TaggedSentence> chunk = new ArrayList<>(rows.length);
        for (int r : rows) chunk.add(sentences.get(r));
        TaggerBatch b = tagger.batches(chunk, chunk.size()).epoch(Generator.global()).get(0);   // one batch: the whole chunk
        return tagger.step(b);
    }
}
