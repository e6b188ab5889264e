package io.sequoia.spark;

import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;
import io.sequoia.tensor.Generator;
import io.sequoia.translation.Translator;
import io.sequoia.translation.TranslatorTrainer;
import io.sequoia.train.History;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tagger and the translator trained on two partitions equal their one-process twins on the same global batches. */
class DataParallelLabsTest {
    static final String[] NAMES = {"Anna", "Bert", "Carl", "Dora", "Emil"}, WORDS = {"saw", "met", "the", "a", "dog", "in", "town", "today", "with"};

    /** Sentences of filler words and names; names tagged B-PER (and I-PER for a two-word name), the rest O. */
    static List<TaggedSentence> tagged(int n, long seed) {
        Random r = new Random(seed);
        List<TaggedSentence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> tok = new ArrayList<>(), tag = new ArrayList<>();
            for (int t = 0, len = 3 + r.nextInt(5); t < len; t++) {
                if (r.nextInt(3) == 0) {
                    tok.add(NAMES[r.nextInt(NAMES.length)]); tag.add("B-PER");
                    if (r.nextBoolean()) { tok.add(NAMES[r.nextInt(NAMES.length)]); tag.add("I-PER"); }
                } else {
                    tok.add(WORDS[r.nextInt(WORDS.length)] + (r.nextInt(8) == 0 ? r.nextInt(20) : "")); tag.add("O");   // some singletons: word dropout draws
                }
            }
            out.add(TaggedSentence.of(tok, tag));
        }
        return out;
    }

    static Tagger tagger(List<TaggedSentence> train) {
        Generator.manualSeed(7);
        return Tagger.create(new Tagger.Spec("bilstm-crf", "cnn", 8, 4, 4, 2, 8, 0.3, "bioes", 0.5), train);
    }

    @Test void aTaggerOnTwoPartitionsEqualsOneProcessOnTheSameGlobalBatches() {
        List<TaggedSentence> train = tagged(48, 3);
        Dataset<Row> data = DataParallelLabs.sentences(LocalSpark.get(), train, 2);
        List<List<TaggedSentence>> shards = DataParallelLabs.sentenceShards(data);
        assertTrue(shards.size() == 2 && shards.get(0).size() > 10 && shards.get(1).size() > 10, "two real shards");
        TaggerTrainer trainer = new TaggerTrainer(2, 8, "adam", 0.02, 0.05, 5.0, 0, 0, 0, null);

        Tagger spark = tagger(train);
        Map<String, float[]> start = weights(spark.network());
        DataParallelLabs.Trained<TaggerTrainer.Result> a = DataParallelLabs.fitTagger(spark, trainer, data, null, null, 42);
        Tagger one = tagger(train);
        DataParallelLabs.Trained<TaggerTrainer.Result> b = DataParallelLabs.fitTaggerOneProcess(one, trainer, shards, null, null, 42);

        assertEquals(2L * 6, a.timing().steps);
        assertSame(b.result().history(), a.result().history(), weights(one.network()), weights(spark.network()), start);
    }

    static ParallelCorpus pairs(Path dir, int n, long seed) throws Exception {
        Random r = new Random(seed);
        String[] src = {"ich", "du", "er", "sie", "hund", "katze", "sieht", "mag", "den", "die"}, tgt = {"i", "you", "he", "she", "dog", "cat", "sees", "likes", "the", "the"};
        List<String> s = new ArrayList<>(), t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder a = new StringBuilder(), b = new StringBuilder();
            for (int k = 0, len = 2 + r.nextInt(4); k < len; k++) {
                int w = r.nextInt(src.length);
                a.append(k == 0 ? "" : " ").append(src[w]);
                b.append(k == 0 ? "" : " ").append(tgt[w]);
            }
            s.add(a.toString());
            t.add(b.toString());
        }
        Files.write(dir.resolve("train.src"), s);
        Files.write(dir.resolve("train.tgt"), t);
        return ParallelCorpus.readAligned(dir.resolve("train.src"), dir.resolve("train.tgt"), ParallelCorpus.Options.defaults());
    }

    static TranslatorTrainer.Options options() {
        TranslatorTrainer.Options o = new TranslatorTrainer.Options();
        o.bpe = 0;
        o.embedDim = 8;
        o.hidden = 8;
        o.dropout = 0.3;
        o.batchSize = 8;
        o.epochs = 2;
        o.lr = 0.01;
        o.verbose = 0;
        o.seed = 5;
        return o;
    }

    @Test void aTranslatorOnTwoPartitionsEqualsOneProcessOnTheSameGlobalBatches(@TempDir Path dir) throws Exception {
        ParallelCorpus train = pairs(dir, 40, 9);
        TranslatorTrainer.Options o = options();
        Dataset<Row> data = DataParallelLabs.pairs(LocalSpark.get(), train, 2);
        List<List<Row>> shards = DataParallelTrainer.partitions(data);
        assertTrue(shards.size() == 2 && shards.get(0).size() > 10 && shards.get(1).size() > 10, "two real shards");

        Translator spark = TranslatorTrainer.create(train, o);
        Map<String, float[]> start = weights(spark.model());
        DataParallelLabs.Trained<TranslatorTrainer.Result> a = DataParallelLabs.fitTranslator(spark, o, data, null, null, null);
        Translator one = TranslatorTrainer.create(train, o);
        DataParallelLabs.Trained<TranslatorTrainer.Result> b = DataParallelLabs.fitTranslatorOneProcess(one, o, shards, null, null, null);

        assertEquals(2L * 5, a.timing().steps);
        assertSame(b.result().history(), a.result().history(), weights(one.model()), weights(spark.model()), start);

        o.teacherForcing = 0.5;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataParallelLabs.fitTranslator(spark, o, data, null, null, null));
        assertTrue(e.getMessage().contains("teacherForcing") && e.getMessage().contains("0.5"), e.getMessage());
    }

    /** Equal epoch losses (1e-5) and weights (2e-5 + 1e-4·|w|), and the weights moved from {@code start}. */
    static void assertSame(History one, History spark, Map<String, float[]> b, Map<String, float[]> a, Map<String, float[]> start) {
        assertEquals(one.epochs(), spark.epochs());
        for (int e = 0; e < one.epochs(); e++) assertEquals(one.get("loss").get(e), spark.get("loss").get(e), 1e-5, "epoch " + (e + 1) + " loss");
        double moved = 0;
        for (String k : a.keySet()) {
            for (int i = 0; i < a.get(k).length; i++) {
                assertEquals(b.get(k)[i], a.get(k)[i], 2e-5 + 1e-4 * Math.abs(b.get(k)[i]), k + "[" + i + "]");
                moved = Math.max(moved, Math.abs(a.get(k)[i] - start.get(k)[i]));
            }
        }
        assertTrue(moved > 1e-2, "training moved the weights: " + moved);
    }

    static Map<String, float[]> weights(Module m) {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) w.put(e.getKey(), e.getValue().data().toFloatArray());
        return w;
    }
}
