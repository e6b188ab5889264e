package io.sequoia.spark;

import io.sequoia.data.LabeledTexts;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;
import io.sequoia.tensor.Generator;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.text.TextClassifier;
import io.sequoia.translation.Translator;
import io.sequoia.translation.TranslatorTrainer;
import io.sequoia.train.FitOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextScoringTest {
    static final StructType TEXTS = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);

    static Dataset<Row> frame(List<String> texts) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) rows.add(RowFactory.create(i, texts.get(i)));
        return LocalSpark.get().createDataFrame(rows, TEXTS).repartition(3);
    }

    @Test void classifierScoresEqualPredictRowByRow(@TempDir Path dir) throws Exception {
        Generator.manualSeed(3);
        ToyTexts.Data d = ToyTexts.make(300, 1);
        TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.LSTM, 8, 8, 1, 0.0, 12, 100, TextClassifier.Pool.MAX),
                d.texts(), List.of("neg", "pos")).compile(0.02);
        c.fit(new LabeledTexts(d.texts(), d.labels(), "toy"), null, FitOptions.epochs(6).batchSize(32).verbose(0));
        c.save(dir);
        List<String> texts = new ArrayList<>(ToyTexts.make(700, 2).texts());   // more than two batches of 256 in some partition
        texts.add("words never seen zzz");
        List<Row> out = TextScoring.score(frame(texts), "text", dir).collectAsList();
        List<TextClassifier.Prediction> expected = TextClassifier.load(dir).predict(texts);
        assertEquals(texts.size(), out.size());
        int pos = 0;
        for (Row r : out) {
            TextClassifier.Prediction p = expected.get(r.getInt(0));
            assertEquals(texts.get(r.getInt(0)), r.getString(1));
            assertEquals(p.label(), r.getString(2));
            assertEquals(p.probability(), r.getDouble(3), 0.0);
            assertEquals(p.probabilities()[1], r.getList(4).get(1));
            if (p.label().equals("pos")) pos++;
        }
        assertTrue(pos > 50 && pos < 650, "a trained model gives both labels: " + pos);
    }

    @Test void taggerScoresEqualTagWithItsTokenisation(@TempDir Path dir) throws Exception {
        Generator.manualSeed(4);
        List<TaggedSentence> train = List.of(
                TaggedSentence.of(List.of("John", "lives", "in", "Paris", "."), List.of("B-PER", "O", "O", "B-LOC", "O")),
                TaggedSentence.of(List.of("Mary", "went", "to", "New", "York", "."), List.of("B-PER", "O", "O", "B-LOC", "I-LOC", "O")));
        Tagger t = Tagger.create(new Tagger.Spec("bilstm-crf", "cnn", 8, 4, 4, 2, 8, 0.0, "bioes", 0.0), train);
        t.save(dir);
        List<String> texts = Arrays.asList("John went to Paris, didn't he?", "Unknown words here.", null, "");
        List<Row> out = TextScoring.score(frame(texts), "text", dir).collectAsList();
        Tagger loaded = Tagger.load(dir);
        for (Row r : out) {
            String text = texts.get(r.getInt(0));
            if (text == null) { assertNull(r.get(2)); assertNull(r.get(3)); continue; }
            List<String> tokens = TextScoring.tagTokenizer().tokenize(text);
            assertEquals(tokens, r.getList(2));
            List<String> tags = tokens.isEmpty() ? List.of() : loaded.predict(List.of(tokens), TaggerTrainer.EVAL_BATCH).get(0);
            assertEquals(tags, r.getList(3));
            if (text.startsWith("John")) assertEquals(tokens.size(), tags.size());
        }
    }

    @Test void translatorScoresEqualTranslateWithTheFoldersDecoding(@TempDir Path dir) throws Exception {
        List<String> de = List.of("Ein Mann fährt Fahrrad.", "Zwei Hunde spielen im Schnee.", "Eine Frau liest ein Buch.", "Kinder spielen Fußball.");
        List<String> en = List.of("A man rides a bike.", "Two dogs play in the snow.", "A woman reads a book.", "Children play soccer.");
        java.nio.file.Files.write(dir.resolve("toy.de"), de);
        java.nio.file.Files.write(dir.resolve("toy.en"), en);
        ParallelCorpus c = ParallelCorpus.readAligned(dir.resolve("toy.de"), dir.resolve("toy.en"), ParallelCorpus.Options.defaults());
        TranslatorTrainer.Options o = new TranslatorTrainer.Options();
        o.model = "gru-attention";
        o.bpe = 0;
        o.embedDim = 16;
        o.hidden = 16;
        o.dropout = 0;
        o.labelSmoothing = 0;
        o.lr = 1e-2;
        o.batchSize = 4;
        o.verbose = 0;
        o.seed = 5;
        o.epochs = 20;
        TranslatorTrainer.train(c, null, o, dir.resolve("model"), null);
        List<String> texts = List.of("Ein Mann spielt Fußball.", "Zwei Frauen lesen.", "Hunde im Schnee.", "Ein Buch.", "Kinder fahren Fahrrad.");
        List<Row> out = TextScoring.score(frame(texts), "text", dir.resolve("model")).collectAsList();
        Translator t = Translator.load(dir.resolve("model"));
        List<String> expected = t.translate(texts, t.defaultBeam(), t.defaultPenalty());
        assertEquals(texts.size(), out.size());
        for (Row r : out) assertEquals(expected.get(r.getInt(0)), r.getString(2), texts.get(r.getInt(0)));
    }

    @Test void badColumnAndForeignFolderAreArgumentErrors(@TempDir Path dir) throws Exception {
        Dataset<Row> d = frame(List.of("a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextScoring.score(d, "body", dir));
        assertTrue(e.getMessage().contains("textCol") && e.getMessage().contains("body"), e.getMessage());
        java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"task\": \"lm\"}");
        e = assertThrows(IllegalArgumentException.class, () -> TextScoring.score(d, "text", dir));
        assertTrue(e.getMessage().contains("task") && e.getMessage().contains("lm"), e.getMessage());
    }
}
