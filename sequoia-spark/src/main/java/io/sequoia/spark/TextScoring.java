package io.sequoia.spark;

import io.sequoia.data.text.WordTokenizer;
import io.sequoia.io.ModelFolder;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;
import io.sequoia.tensor.Errors;
import io.sequoia.text.TextClassifier;
import io.sequoia.translation.Translator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Batch inference: a saved model folder applied to a text column, partition by partition
 * ({@code mapPartitions}) in batches of {@link #BATCH} rows; the folder is broadcast once
 * ({@link ModelShipment}) and loaded once per executor thread; each task sets Sequoia's kernel pool to its
 * share of the cores ({@link ExecutorThreads}; in local mode, as a lazy Dataset, the driver's pool keeps that
 * share afterwards). The added columns, by the folder's task:
 * <ul>
 *   <li>classifier: {@code label}, {@code probability}, {@code probabilities} (per class, in the
 *       folder's class order) - what {@code sequoia predict} prints;</li>
 *   <li>tagger: {@code tokens} and {@code tags} - {@code sequoia tag}'s tokenisation and tags;</li>
 *   <li>translator: {@code translation} with the folder's beam and length penalty - {@code sequoia translate}.</li>
 * </ul>
 * A null text gives null outputs.
 */
public final class TextScoring {
    private TextScoring() {}

    /** Rows scored together (the predict command's batch for a classifier). */
    public static final int BATCH = 256;

    /** The tasks this class scores. */
    public static final List<String> TASKS = List.of(TextClassifier.TASK, Tagger.TASK, Translator.TASK);

    /** {@code data} with the columns of the folder's task added after its own. */
    public static Dataset<Row> score(Dataset<Row> data, String textCol, Path modelDir) throws IOException {
        String w = "TextScoring.score";
        if (!Arrays.asList(data.columns()).contains(textCol)) {
            throw Errors.arg(w, "textCol must name a column of the data", "one of " + Arrays.asList(data.columns()), textCol, null);
        }
        String task = ModelFolder.task(modelDir);
        if (!TASKS.contains(task)) throw Errors.arg(w, "the model folder's task must be one this class scores", "one of " + TASKS, task, "folder " + modelDir);
        StructType out = data.schema();
        for (Map.Entry<String, DataType> c : columns(task).entrySet()) out = out.add(c.getKey(), c.getValue(), true);
        int textIndex = data.schema().fieldIndex(textCol);
        Broadcast<ModelShipment> model = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext()).broadcast(ModelShipment.of(modelDir));
        int threads = ExecutorThreads.perTask(data.sparkSession().sparkContext());   // one layer of threads: each task its share of the cores
        return data.mapPartitions(new Scorer(task, textIndex, model, threads), Encoders.row(out));
    }

    private static Map<String, DataType> columns(String task) {
        DataType strings = DataTypes.createArrayType(DataTypes.StringType);
        Map<String, DataType> c = new java.util.LinkedHashMap<>();
        switch (task) {
            case TextClassifier.TASK -> {
                c.put("label", DataTypes.StringType);
                c.put("probability", DataTypes.DoubleType);
                c.put("probabilities", DataTypes.createArrayType(DataTypes.DoubleType));
            }
            case Tagger.TASK -> {
                c.put("tokens", strings);
                c.put("tags", strings);
            }
            default -> c.put("translation", DataTypes.StringType);
        }
        return c;
    }

    /** The tokenisation of {@code sequoia tag TEXT}: case kept, punctuation and contractions split. */
    public static WordTokenizer tagTokenizer() { return new WordTokenizer(false, WordTokenizer.Punctuation.SPLIT, WordTokenizer.Contractions.SPLIT); }

    /** One partition: rows in batches, each batch's texts scored by a borrowed model. */
    static final class Scorer implements MapPartitionsFunction<Row, Row>, Serializable {
        private final String task;
        private final int textIndex;
        private final Broadcast<ModelShipment> model;
        private final int threads;

        Scorer(String task, int textIndex, Broadcast<ModelShipment> model, int threads) {
            this.task = task;
            this.textIndex = textIndex;
            this.model = model;
            this.threads = threads;
        }

        @Override public Iterator<Row> call(Iterator<Row> rows) {
            ExecutorThreads.set(threads);
            return new Iterator<>() {
                private Iterator<Row> batch = List.<Row>of().iterator();

                @Override public boolean hasNext() {
                    if (!batch.hasNext() && rows.hasNext()) batch = scoreBatch(rows).iterator();
                    return batch.hasNext();
                }

                @Override public Row next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    return batch.next();
                }
            };
        }

        private List<Row> scoreBatch(Iterator<Row> rows) {
            List<Row> in = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            while (rows.hasNext() && in.size() < BATCH) {
                Row r = rows.next();
                in.add(r);
                if (!r.isNullAt(textIndex)) texts.add(r.getString(textIndex));
            }
            List<Object[]> scored = texts.isEmpty() ? List.of() : scoreTexts(texts);
            List<Row> out = new ArrayList<>(in.size());
            int j = 0;
            for (Row r : in) {
                Object[] add = r.isNullAt(textIndex) ? new Object[columns(task).size()] : scored.get(j++);
                Object[] v = new Object[r.length() + add.length];
                for (int i = 0; i < r.length(); i++) v[i] = r.get(i);
                System.arraycopy(add, 0, v, r.length(), add.length);
                out.add(RowFactory.create(v));
            }
            return out;
        }

        private List<Object[]> scoreTexts(List<String> texts) {
            ModelShipment s = model.value();
            List<Object[]> out = new ArrayList<>();
            switch (task) {
                case TextClassifier.TASK -> {
                    TextClassifier c = s.borrow(TextClassifier::load);
                    try {
                        for (TextClassifier.Prediction p : c.predict(texts)) {
                            Double[] all = Arrays.stream(p.probabilities()).boxed().toArray(Double[]::new);
                            out.add(new Object[]{p.label(), p.probability(), all});
                        }
                    } finally { s.release(c); }
                }
                case Tagger.TASK -> {
                    Tagger t = s.borrow(Tagger::load);
                    try {
                        WordTokenizer tok = tagTokenizer();
                        List<List<String>> sentences = texts.stream().map(tok::tokenize).toList();
                        List<List<String>> tags = tagger(t, sentences);
                        for (int i = 0; i < sentences.size(); i++) out.add(new Object[]{sentences.get(i).toArray(String[]::new), tags.get(i).toArray(String[]::new)});
                    } finally { s.release(t); }
                }
                default -> {
                    Translator t = s.borrow(Translator::load);
                    try {
                        for (String tr : t.translate(texts, t.defaultBeam(), t.defaultPenalty())) out.add(new Object[]{tr});
                    } finally { s.release(t); }
                }
            }
            return out;
        }

        /** Tags; an empty sentence (a blank text) gets no tags. */
        private static List<List<String>> tagger(Tagger t, List<List<String>> sentences) {
            List<List<String>> nonEmpty = sentences.stream().filter(x -> !x.isEmpty()).toList();
            List<List<String>> tags = nonEmpty.isEmpty() ? List.of() : t.predict(nonEmpty, TaggerTrainer.EVAL_BATCH);
            List<List<String>> out = new ArrayList<>();
            int j = 0;
            for (List<String> x : sentences) out.add(x.isEmpty() ? List.of() : tags.get(j++));
            return out;
        }
    }
}
