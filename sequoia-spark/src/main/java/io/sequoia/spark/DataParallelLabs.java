package io.sequoia.spark;

import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;
import io.sequoia.train.Checkpointing;
import io.sequoia.translation.Translator;
import io.sequoia.translation.TranslatorTrainer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Data-parallel training of the tagger and the translator with {@link DataParallelTrainer}'s rounds,
 * through the labs' own trainers ({@link TaggerTrainer}, {@link TranslatorTrainer}): their optimizer,
 * schedules, clipping, validation, early stopping and best-epoch keeping run on the driver, unchanged;
 * only the step's gradient is computed by the shards. Each has a one-process twin on the same global
 * batches ({@link DataParallelTrainer#oneProcess}).
 */
public final class DataParallelLabs {
    private DataParallelLabs() {}

    /** A lab's result and where its rounds' time went. */
    public record Trained<R>(R result, DataParallelTrainer.Timing timing) {}

    public static final StructType SENTENCES = new StructType().add("tokens", DataTypes.createArrayType(DataTypes.StringType))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType));
    public static final StructType PAIRS = new StructType().add("source", DataTypes.StringType).add("target", DataTypes.StringType);

    /** Tagged sentences as a DataFrame of (tokens, tags) in {@code partitions} partitions. */
    public static Dataset<Row> sentences(SparkSession s, List<TaggedSentence> sentences, int partitions) {
        List<Row> rows = new ArrayList<>(sentences.size());
        for (TaggedSentence t : sentences) rows.add(RowFactory.create(t.tokens().toArray(new String[0]), t.tags().toArray(new String[0])));
        return s.createDataFrame(rows, SENTENCES).repartition(partitions);
    }

    /** Sentence pairs as a DataFrame of (source, target) in {@code partitions} partitions. */
    public static Dataset<Row> pairs(SparkSession s, ParallelCorpus corpus, int partitions) {
        List<Row> rows = new ArrayList<>(corpus.size());
        for (ParallelCorpus.Pair p : corpus.pairs()) rows.add(RowFactory.create(p.source(), p.target()));
        return s.createDataFrame(rows, PAIRS).repartition(partitions);
    }

    /**
     * Trains {@code tagger} (created on the driver from all training sentences, so the vocabularies are
     * the whole set's) with {@code trainer}'s settings on {@code data}'s (tokens, tags) rows, one shard per
     * partition, global batches of {@code trainer.batchSize()} sentences shuffled with {@code seed}.
     */
    public static Trained<TaggerTrainer.Result> fitTagger(Tagger tagger, TaggerTrainer trainer, Dataset<Row> data, List<TaggedSentence> valid,
                                                          PrintStream log, long seed) {
        return fitTagger(tagger, trainer, data, valid, log, seed, null);
    }

    /**
     * As above, checkpointed on the driver (and resumed) as {@code checkpointing} says (null: none): the trainer's fit loop writes
     * the weights, optimizer, its generator (whose draws are the epochs' shuffling seeds), History and best-epoch keeper.
     */
    public static Trained<TaggerTrainer.Result> fitTagger(Tagger tagger, TaggerTrainer trainer, Dataset<Row> data, List<TaggedSentence> valid,
                                                          PrintStream log, long seed, Checkpointing checkpointing) {
        Dataset<Row> rows = data.select("tokens", "tags");
        int tokens = rows.javaRDD().map(r -> r.getList(0).size()).fold(0, Integer::sum);
        try (DataParallelTrainer.Rounds r = DataParallelTrainer.spark(tagger.network(), tagger::save, rows, TaggerStep.task(tagger.singletons()), trainer.batchSize(), seed)) {
            return new Trained<>(trainer.fit(tagger, r.batches(), r.step(), tokens, valid, log, checkpointing), r.timing);
        }
    }

    /** The one-process twin of {@link #fitTagger}: the shards' sentences in partition order, the same global batches. */
    public static Trained<TaggerTrainer.Result> fitTaggerOneProcess(Tagger tagger, TaggerTrainer trainer, List<List<TaggedSentence>> shards,
                                                                    List<TaggedSentence> valid, PrintStream log, long seed) {
        return fitTaggerOneProcess(tagger, trainer, shards, valid, log, seed, null);
    }

    /** As above, checkpointed as {@code checkpointing} says (null: none). */
    public static Trained<TaggerTrainer.Result> fitTaggerOneProcess(Tagger tagger, TaggerTrainer trainer, List<List<TaggedSentence>> shards,
                                                                    List<TaggedSentence> valid, PrintStream log, long seed, Checkpointing checkpointing) {
        List<TaggedSentence> all = new ArrayList<>();
        int[] sizes = new int[shards.size()];
        for (int p = 0; p < sizes.length; p++) { sizes[p] = shards.get(p).size(); all.addAll(shards.get(p)); }
        int tokens = all.stream().mapToInt(TaggedSentence::size).sum();
        try (DataParallelTrainer.Rounds r = DataParallelTrainer.oneProcess(new TaggerStep(tagger, all), sizes, trainer.batchSize(), seed)) {
            return new Trained<>(trainer.fit(tagger, r.batches(), r.step(), tokens, valid, log, checkpointing), r.timing);
        }
    }

    /** The partitions of a (tokens, tags) DataFrame as sentences, in partition order. */
    public static List<List<TaggedSentence>> sentenceShards(Dataset<Row> data) {
        List<List<TaggedSentence>> out = new ArrayList<>();
        for (List<Row> part : DataParallelTrainer.partitions(data.select("tokens", "tags"))) out.add(TaggerStep.sentences(part));
        return out;
    }

    /**
     * Trains {@code translator} (from {@link TranslatorTrainer#create} on the driver: codec learned on all
     * training pairs) with {@code o}'s settings on {@code data}'s (source, target) rows, one shard per
     * partition, global batches of {@code o.batchSize} pairs shuffled with {@code o.seed}; teacher forcing
     * is full (scheduled sampling is not offered on Spark). Validation, best-epoch keeping and saving to
     * {@code out} are {@link TranslatorTrainer#fit}'s.
     */
    public static Trained<TranslatorTrainer.Result> fitTranslator(Translator translator, TranslatorTrainer.Options o, Dataset<Row> data,
                                                                  ParallelCorpus valid, Path out, PrintStream log) {
        return fitTranslator(translator, o, data, valid, out, log, null);
    }

    /**
     * As above, checkpointed on the driver (and resumed) as {@code checkpointing} says (null: none): the trainer's fit loop writes
     * the weights, Adam's state, its generator (the epochs' shuffling seeds), History, the best-epoch keeper and the warm-up.
     */
    public static Trained<TranslatorTrainer.Result> fitTranslator(Translator translator, TranslatorTrainer.Options o, Dataset<Row> data,
                                                                  ParallelCorpus valid, Path out, PrintStream log, Checkpointing checkpointing) {
        checkTeacherForcing(o);
        Dataset<Row> rows = data.select("source", "target");
        long tokens = 0;                                    // for the speed figure; the driver holds the pairs anyway (the codec was learned on them)
        for (Row p : rows.collectAsList()) tokens += translator.codec().encodeSource(p.getString(0)).length + translator.codec().encodeTarget(p.getString(1)).length + 1;
        try (DataParallelTrainer.Rounds r = DataParallelTrainer.spark(translator.model(), translator::save, rows, TranslatorStep.task(o.labelSmoothing), o.batchSize, o.seed)) {
            return new Trained<>(TranslatorTrainer.fit(translator, r.batches(), r.step(), tokens, valid, o, out, log, checkpointing), r.timing);
        }
    }

    /** The one-process twin of {@link #fitTranslator}: each shard's pairs encoded as the shard keeps them, the same global batches. */
    public static Trained<TranslatorTrainer.Result> fitTranslatorOneProcess(Translator translator, TranslatorTrainer.Options o, List<List<Row>> shards,
                                                                            ParallelCorpus valid, Path out, PrintStream log) {
        return fitTranslatorOneProcess(translator, o, shards, valid, out, log, null);
    }

    /** As above, checkpointed as {@code checkpointing} says (null: none). */
    public static Trained<TranslatorTrainer.Result> fitTranslatorOneProcess(Translator translator, TranslatorTrainer.Options o, List<List<Row>> shards,
                                                                            ParallelCorpus valid, Path out, PrintStream log, Checkpointing checkpointing) {
        checkTeacherForcing(o);
        List<int[]> src = new ArrayList<>(), tgt = new ArrayList<>();
        int[] sizes = new int[shards.size()];
        long tokens = 0;
        for (int p = 0; p < sizes.length; p++) {
            for (Row r : shards.get(p)) {
                int[] a = translator.codec().encodeSource(r.getString(0)), b = translator.codec().encodeTarget(r.getString(1));
                if (!TranslatorTrainer.trainable(a, b)) continue;
                src.add(a);
                tgt.add(b);
                sizes[p]++;
                tokens += a.length + b.length + 1;
            }
        }
        TranslatorStep all = new TranslatorStep(translator, src.toArray(new int[0][]), tgt.toArray(new int[0][]), o.labelSmoothing);
        try (DataParallelTrainer.Rounds r = DataParallelTrainer.oneProcess(all, sizes, o.batchSize, o.seed)) {
            return new Trained<>(TranslatorTrainer.fit(translator, r.batches(), r.step(), tokens, valid, o, out, log, checkpointing), r.timing);
        }
    }

    private static void checkTeacherForcing(TranslatorTrainer.Options o) {
        boolean end = Double.isNaN(o.teacherForcingEnd) || o.teacherForcingEnd == 1.0;
        if (o.teacherForcing != 1.0 || !end) {
            throw io.sequoia.tensor.Errors.arg("DataParallelLabs.fitTranslator", "scheduled sampling is not offered on Spark: teacherForcing must be 1",
                    1.0, o.teacherForcing + (end ? "" : " (end " + o.teacherForcingEnd + ")"), null);
        }
    }
}
