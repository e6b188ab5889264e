package io.sequoia.spark.cli;

import io.sequoia.data.LabeledTexts;
import io.sequoia.optim.Adam;
import io.sequoia.spark.DataParallelTrainer;
import io.sequoia.tensor.Generator;
import io.sequoia.text.ClassificationMetrics;
import io.sequoia.text.TextClassifier;
import io.sequoia.train.FitOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia-spark train-classifier}: a text classifier trained with synchronous data-parallel
 * gradient averaging ({@link DataParallelTrainer}), one shard per partition; the vocabulary is built
 * on the driver from the training texts (as {@code sequoia train classifier} builds it), and a
 * stratified validation part is scored on the driver after each epoch. {@code --engine local}
 * trains on the same global batches in one process, for comparison. The folder written by
 * {@code --out} is a classifier folder for {@code sequoia predict} and {@code sequoia-spark score};
 * the driver's fit loop checkpoints into it at every epoch end (weights, optimizer state, its
 * generator, History), and {@code --resume DIR [--epochs E]} continues that run ({@link SparkResume}).
 * {@code --k K} takes K local steps per averaging round (parameter averaging, {@link io.sequoia.spark.ParameterAveraging}).
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a text classifier data-parallel on Spark: each partition computes its part of every global batch's gradient.",
                "Example: sequoia-spark train-classifier --master local[2] --partitions 2 --csv train.csv --text-col text --label-col label --out runs/clf"})
public final class TrainClassifierJob implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SparkOptions spark = new SparkOptions();
    @Option(names = "--csv", description = "Training CSV with a header row (required unless --resume).") Path csv;
    @Option(names = "--text-col", description = "Text column (default: ${DEFAULT-VALUE}).") String textCol = "text";
    @Option(names = "--label-col", description = "Label column (default: ${DEFAULT-VALUE}).") String labelCol = "label";
    @Option(names = "--model", description = "lstm, bilstm, gru, cnn or transformer (default: ${DEFAULT-VALUE}).") String model = "bilstm";
    @Option(names = "--embed-dim", description = "Embedding size (default: ${DEFAULT-VALUE}).") int embedDim = 128;
    @Option(names = "--hidden", description = "Recurrent units or CNN filters (default: ${DEFAULT-VALUE}).") int hidden = 64;
    @Option(names = "--layers", description = "Layers (default: ${DEFAULT-VALUE}).") int layers = 1;
    @Option(names = "--pool", description = "last, max or mean (default: ${DEFAULT-VALUE}).") String pool = TextClassifier.DEFAULT_POOL.toString();
    @Option(names = "--dropout", description = "Dropout (default: ${DEFAULT-VALUE}; masks drawn from a generator per shard and step, reproducible).") double dropout = 0.5;
    @Option(names = "--max-len", description = "Tokens per text (default: ${DEFAULT-VALUE}).") int maxLen = 60;
    @Option(names = "--vocab-size", description = "Vocabulary size including padding and OOV (default: ${DEFAULT-VALUE}).") int vocabSize = 10000;
    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).") int epochs = 3;
    @Option(names = "--batch-size", description = "Global batch size, split over the partitions (default: ${DEFAULT-VALUE}).") int batchSize = 64;
    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE}).") double lr = 3e-3;
    @Option(names = "--k", description = "Local steps per averaging round: 1 averages the gradients every step (the driver takes the Adam step), "
            + "K > 1 each shard takes K Adam steps and the weights and Adam's moments are averaged (default: ${DEFAULT-VALUE}).") int k = 1;
    @Option(names = "--seed", description = "Seed of the weights, the split and the shuffling (default: ${DEFAULT-VALUE}).") long seed = 42;
    @Option(names = "--valid-fraction", description = "Stratified share held out and scored on the driver after each epoch (default: ${DEFAULT-VALUE}; 0: none).") double validFraction = 0.1;
    @Option(names = "--engine", description = "spark, or local: the same global batches in one process (default: ${DEFAULT-VALUE}).") String engine = "spark";
    @Option(names = "--out", description = "Write the trained classifier folder here; the run checkpoints into it at every epoch end.") Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run checkpointed in DIR (its --out) up to the --epochs given now, with the run's other options "
            + "(--master and --spark-log may change).") Path resume;

    @Override public Integer call() throws Exception {
        if (resume != null && !SparkResume.whole(spec, "--csv")) return SparkResume.run(spec, SparkResume.commandLine(spec, resume, "--epochs"));
        if (resume != null) {
            SparkResume.requireSameRun(spec, resume, "--epochs");
            out = resume;
        }
        if (csv == null) throw usage("--csv is required (or --resume DIR to continue a run)");
        checkOut(spec, out, false, "the classifier");
        checkEngine(spec, engine);
        if (k < 1) throw usage("--k (local steps per round) must be at least 1, got " + k);
        if (engine.equals("local") && spec.commandLine().getParseResult().hasMatchedOption("--k")) throw usage("--k has no effect with --engine local (one process takes every step itself)");
        if (!(validFraction >= 0 && validFraction < 1)) throw usage("--valid-fraction must be in [0, 1), got " + validFraction);
        if (epochs < 1 || batchSize < 1) throw usage("--epochs and --batch-size must be at least 1, got " + epochs + " and " + batchSize);
        TextClassifier.Spec sp;
        try {
            sp = new TextClassifier.Spec(TextClassifier.Architecture.parse(model), embedDim, hidden, layers, dropout, maxLen, vocabSize, TextClassifier.Pool.parse(pool));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("--csv " + csv + ": no such file");
        SparkSession s = spark.session("sequoia-spark train-classifier");
        Dataset<Row> raw = s.read().option("header", "true").option("multiLine", "true").option("escape", "\"").csv(csv.toString());
        for (String[] c : new String[][]{{"--text-col", textCol}, {"--label-col", labelCol}}) {
            if (!Arrays.asList(raw.columns()).contains(c[1])) throw usage(c[0] + " must name a column of " + csv + "; expected one of " + Arrays.asList(raw.columns()) + ", got " + c[1]);
        }
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        for (Row r : raw.select(textCol, labelCol).na().drop().collectAsList()) { texts.add(r.getString(0)); labels.add(r.getString(1)); }
        LabeledTexts all = new LabeledTexts(texts, labels, csv.toString());
        LabeledTexts[] split = validFraction > 0 ? all.stratifiedSplit(validFraction, seed) : new LabeledTexts[]{all, null};
        LabeledTexts train = split[0], valid = split[1];

        Generator.manualSeed(seed);
        TextClassifier clf = TextClassifier.create(sp, train.texts(), all.classes()).compile(lr);
        FitOptions o = FitOptions.epochs(epochs).batchSize(batchSize).verbose(1);
        if (valid != null) o.validation(() -> metrics(clf.evaluate(valid)));
        if (out != null) o.checkpoint(out, SparkResume.extras(spec)).resume(resume != null);   // every epoch end, on the driver

        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) rows.add(RowFactory.create(train.texts().get(i), train.labels().get(i)));
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType);
        Dataset<Row> data = s.createDataFrame(rows, schema).repartition(spark.partitions != null ? spark.partitions : s.sparkContext().defaultParallelism());
        long t0 = System.nanoTime();
        double rate = lr;                                      // the shards' optimizer travels to the executors: it must not capture this command
        DataParallelTrainer.Run run = engine.equals("spark") ? DataParallelTrainer.fit(clf, data, "text", "label", o, seed, k, ps -> new Adam(ps, rate), 0)
                : DataParallelTrainer.fitOneProcess(clf, DataParallelTrainer.shards(data, "text", "label"), o, seed);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d training texts in %d shards, engine %s%s: %d %s in %.1f s (%.3f s/%s)%n",
                train.size(), data.rdd().getNumPartitions(), engine, engine.equals("spark") ? ", k = " + k : "", run.steps(), k == 1 ? "steps" : "rounds",
                secs, secs / Math.max(1, run.steps()), k == 1 ? "step" : "round");
        if (engine.equals("spark")) {
            System.out.println(run.timing().table(secs));
        }
        printHistory(run.history());
        if (out != null) {
            clf.save(out);
            System.out.println("model: " + out);
        }
        return 0;
    }

    /** One line per epoch: every logged value. */
    static void printHistory(io.sequoia.train.History history) {
        Map<String, List<Double>> h = history.asMap();
        for (int e = 0; e < history.epochs(); e++) {
            StringBuilder sb = new StringBuilder("epoch " + (e + 1));
            for (Map.Entry<String, List<Double>> m : h.entrySet()) sb.append(String.format(Locale.ROOT, "  %s %.4f", m.getKey(), m.getValue().get(e)));
            System.out.println(sb);
        }
    }

    /**
     * --out checked before Spark starts or any data is read (issue 17, defect 1): a FILE ({@code file}) or a FOLDER that cannot
     * be written there is a usage error (exit 2) naming the option and the path.
     */
    static void checkOut(CommandLine.Model.CommandSpec spec, java.nio.file.Path out, boolean file, String what) {
        if (out == null) return;
        String problem = file ? io.sequoia.io.OutputPaths.fileProblem(out, what) : io.sequoia.io.OutputPaths.folderProblem(out, what);
        if (problem != null) throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + problem);
    }

    static void checkEngine(CommandLine.Model.CommandSpec spec, String engine) {
        if (!engine.equals("spark") && !engine.equals("local")) throw new CommandLine.ParameterException(spec.commandLine(), "--engine must be spark or local, got " + engine);
    }

    private static Map<String, Double> metrics(ClassificationMetrics m) {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("loss", m.loss());
        r.put("accuracy", m.accuracy());
        return r;
    }

    private CommandLine.ParameterException usage(String m) { return new CommandLine.ParameterException(spec.commandLine(), m); }
}
