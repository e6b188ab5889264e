package io.sequoia.spark;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Generator;
import io.sequoia.text.TextClassifier;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataParallelTrainerTest {
    static TextClassifier classifier(ToyTexts.Data d) { return classifier(d, 0.0); }

    static TextClassifier classifier(ToyTexts.Data d, double dropout) {
        Generator.manualSeed(11);
        TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.LSTM, 8, 8, 1, dropout, 10, 60, TextClassifier.Pool.MAX),
                d.texts(), List.of("neg", "pos")).compile(0.02);
        c.model().predict(c.encode(d.texts().subList(0, 1)), 1);   // build the lazy layers: same weights for both runs
        return c;
    }

    @Test void twoPartitionsGiveTheWeightsOfOneProcessOnTheSameGlobalBatches() {
        sparkEqualsOneProcess(0.0);
    }

    /** Dropout masks come from per-shard, per-step generators: the Spark run repeats, and its one-process twin draws the same masks. */
    @Test void withDropoutTheRunIsReproducibleAndEqualsItsOneProcessTwin() {
        Map<String, float[]> dropped = sparkEqualsOneProcess(0.5), plain = sparkEqualsOneProcess(0.0);
        double differ = 0;
        for (String k : plain.keySet()) for (int i = 0; i < plain.get(k).length; i++) differ = Math.max(differ, Math.abs(plain.get(k)[i] - dropped.get(k)[i]));
        assertTrue(differ > 1e-3, "dropout changed the run: " + differ);
        Map<String, float[]> again = sparkEqualsOneProcess(0.5);
        for (String k : dropped.keySet()) org.junit.jupiter.api.Assertions.assertArrayEquals(dropped.get(k), again.get(k), "a second run with dropout: " + k);
    }

    /** Trains on 2 partitions and in one process on the same global batches; asserts equal losses and weights; returns Spark's weights. */
    private Map<String, float[]> sparkEqualsOneProcess(double dropout) {
        ToyTexts.Data d = ToyTexts.make(64, 5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < d.texts().size(); i++) rows.add(RowFactory.create(d.texts().get(i), d.labels().get(i)));
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType);
        Dataset<Row> data = LocalSpark.get().createDataFrame(rows, schema).repartition(2);
        List<List<String[]>> parts = DataParallelTrainer.shards(data, "text", "label");
        assertEquals(2, parts.size());
        assertTrue(parts.get(0).size() > 20 && parts.get(1).size() > 20, "two real shards");

        TextClassifier spark = classifier(d, dropout);
        Map<String, float[]> start = weights(spark);
        FitOptions o = FitOptions.epochs(2).batchSize(16).verbose(0);
        DataParallelTrainer.Run run = DataParallelTrainer.fit(spark, data, "text", "label", o, 42);

        // one process: the same global batches (the union of the shards' chunks) through the same step
        TextClassifier oneClassifier = classifier(d, dropout);
        DataParallelTrainer.Run one = DataParallelTrainer.fitOneProcess(oneClassifier, parts, FitOptions.epochs(2).batchSize(16).verbose(0), 42);
        History h = one.history();
        int steps = 64 / 16;
        assertEquals(2L * steps, run.steps());
        for (int e = 0; e < 2; e++) assertEquals(h.get("loss").get(e), run.history().get("loss").get(e), 1e-5, "epoch " + (e + 1) + " loss");
        Map<String, float[]> a = weights(spark), b = weights(oneClassifier);
        double moved = 0;
        for (String k : a.keySet()) {
            for (int i = 0; i < a.get(k).length; i++) {
                assertEquals(b.get(k)[i], a.get(k)[i], 2e-5 + 1e-4 * Math.abs(b.get(k)[i]), k + "[" + i + "]");
                moved = Math.max(moved, Math.abs(a.get(k)[i] - start.get(k)[i]));
            }
        }
        assertTrue(moved > 1e-2, "training moved the weights: " + moved);
        return a;
    }

    @Test void anEmptyGlobalBatchAndAnUncompiledModelAreNamedErrors() {
        ToyTexts.Data d = ToyTexts.make(3, 6);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) rows.add(RowFactory.create(d.texts().get(i), d.labels().get(i)));
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType);
        Dataset<Row> data = LocalSpark.get().createDataFrame(rows, schema).repartition(3);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> DataParallelTrainer.fit(classifier(ToyTexts.make(20, 6)), data, "text", "label", FitOptions.epochs(1).batchSize(1).verbose(0), 1));
        assertTrue(e.getMessage().contains("has no rows") && e.getMessage().contains("batch size"), e.getMessage());
        Generator.manualSeed(1);
        TextClassifier raw = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.LSTM, 4, 4, 1, 0.0, 5, 20, TextClassifier.Pool.MAX),
                d.texts(), List.of("neg", "pos"));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> DataParallelTrainer.fit(raw, data, "text", "label", FitOptions.epochs(1), 1));
        assertTrue(e.getMessage().contains("not compiled"), e.getMessage());
    }

    static Map<String, float[]> weights(TextClassifier c) {
        Map<String, float[]> w = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : c.model().module().namedParameters().entrySet()) w.put(e.getKey(), e.getValue().data().toFloatArray());
        return w;
    }
}
