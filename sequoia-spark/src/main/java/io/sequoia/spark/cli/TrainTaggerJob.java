package io.sequoia.spark.cli;

import io.sequoia.data.conll.ColumnFormat;
import io.sequoia.data.conll.ColumnReader;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.spark.DataParallelLabs;
import io.sequoia.tagging.ConllEval;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;
import io.sequoia.tensor.Generator;
import io.sequoia.train.Checkpointing;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sequoia-spark train-tagger}: {@code sequoia train tagger} with each global batch's gradient
 * computed by the partitions ({@link DataParallelLabs#fitTagger}); the vocabularies are built on the
 * driver from the training file, validation, early stopping and best-epoch keeping run on the driver
 * as in the local command. {@code --engine local} trains on the same global batches in one process. The driver's fit
 * loop checkpoints into {@code --out} at every epoch end, and {@code --resume DIR [--epochs E]} continues that run
 * ({@link SparkResume}); Ctrl-C writes a checkpoint at the next step and prints how to resume (exit 130).
 */
@Command(name = "train-tagger", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a sequence tagger data-parallel on Spark (the options of 'sequoia train tagger').",
                "Example: sequoia-spark train-tagger --master local[2] --partitions 2 --data train.conll --valid dev.conll --out runs/ner"})
public final class TrainTaggerJob implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SparkOptions spark = new SparkOptions();
    @Option(names = "--data", paramLabel = "FILE", description = "Training file (tagged columns; required unless --resume).") Path data;
    @Option(names = "--valid", paramLabel = "FILE", description = "Validation file: selects the best epoch and stops early.") Path valid;
    @Option(names = "--test", paramLabel = "FILE", description = "Test file, scored once with the selected model.") Path test;
    @Option(names = "--format", description = "conll2003, conll2002, conllu or columns (default: conllu for *.conllu, else conll2003).") String format;
    @Option(names = "--model", description = "bilstm, bilstm-crf, bigru or bigru-crf (default: ${DEFAULT-VALUE}).") String model = Tagger.Spec.DEFAULT.model();
    @Option(names = "--char", description = "Character features: cnn, lstm or none (default: ${DEFAULT-VALUE}).") String charMode = Tagger.Spec.DEFAULT.charMode();
    @Option(names = "--scheme", description = "Scheme chunk tags are trained in: bioes, iob2 or keep (default: ${DEFAULT-VALUE}).") String scheme = Tagger.Spec.DEFAULT.scheme();
    @Option(names = "--embed-dim", description = "Word embedding size (default: ${DEFAULT-VALUE}).") int embedDim = Tagger.Spec.DEFAULT.embedDim();
    @Option(names = "--hidden", description = "LSTM/GRU units per direction (default: ${DEFAULT-VALUE}).") int hidden = Tagger.Spec.DEFAULT.hidden();
    @Option(names = "--dropout", description = "Dropout (default: ${DEFAULT-VALUE}; masks and word dropout drawn per shard and step, reproducible).")
    double dropout = Tagger.Spec.DEFAULT.dropout();
    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).") int epochs = TaggerTrainer.DEFAULT.epochs();
    @Option(names = "--batch-size", description = "Sentences per global batch, split over the partitions (default: ${DEFAULT-VALUE}).") int batchSize = TaggerTrainer.DEFAULT.batchSize();
    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).") double lr = TaggerTrainer.DEFAULT.lr();
    @Option(names = "--lr-decay", description = "Epoch e trains at lr / (1 + decay·e), 0 = constant (default: ${DEFAULT-VALUE}).") double lrDecay = TaggerTrainer.DEFAULT.lrDecay();
    @Option(names = "--optimizer", description = "adam or sgd (momentum 0.9) (default: ${DEFAULT-VALUE}).") String optimizer = TaggerTrainer.DEFAULT.optimizer();
    @Option(names = "--clip", description = "Gradient-norm clipping, 0 = off (default: ${DEFAULT-VALUE}).") double clip = TaggerTrainer.DEFAULT.clip();
    @Option(names = "--patience", description = "Stop after this many epochs without a better validation score, 0 = never (default: ${DEFAULT-VALUE}).") int patience = TaggerTrainer.DEFAULT.patience();
    @Option(names = "--max-minutes", description = "Time budget: stop after the epoch that passes it, 0 = none (default: ${DEFAULT-VALUE}).") double maxMinutes;
    @Option(names = "--seed", description = "Seed of the weights and the shuffling (default: ${DEFAULT-VALUE}).") long seed = 42;
    @Option(names = "--engine", description = "spark, or local: the same global batches in one process (default: ${DEFAULT-VALUE}).") String engine = "spark";
    @Option(names = "--out", paramLabel = "DIR", description = "Model folder to write (the best epoch's with --valid); the run checkpoints into it at every epoch end "
            + "(required unless --resume).") Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run checkpointed in DIR (its --out) up to the --epochs given now, with the run's other options "
            + "(--master and --spark-log may change).") Path resume;

    @Override public Integer call() throws Exception {
        if (resume != null && !SparkResume.whole(spec, "--data")) return SparkResume.run(spec, SparkResume.commandLine(spec, resume, "--epochs"));
        if (resume != null) {
            SparkResume.requireSameRun(spec, resume, "--epochs");
            out = resume;
        }
        if (data == null) throw new CommandLine.ParameterException(spec.commandLine(), "--data is required (or --resume DIR to continue a run)");
        if (out == null) throw new CommandLine.ParameterException(spec.commandLine(), "--out is required (or --resume DIR to continue a run)");
        TrainClassifierJob.checkOut(spec, out, false, "the tagger");
        TrainClassifierJob.checkEngine(spec, engine);
        ColumnReader reader;
        Tagger.Spec sp;
        TaggerTrainer trainer;
        try {
            ColumnFormat f = format != null ? ColumnFormat.parse(format)
                    : data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".conllu") ? ColumnFormat.CONLLU : ColumnFormat.CONLL2003;
            reader = ColumnReader.of(f);
            sp = new Tagger.Spec(model.toLowerCase(Locale.ROOT), charMode.toLowerCase(Locale.ROOT), embedDim, Tagger.Spec.DEFAULT.charDim(),
                    Tagger.Spec.DEFAULT.charFeatures(), Tagger.Spec.DEFAULT.casingDim(), hidden, dropout, scheme.toLowerCase(Locale.ROOT), Tagger.Spec.DEFAULT.unkReplace());
            trainer = new TaggerTrainer(epochs, batchSize, optimizer.toLowerCase(Locale.ROOT), lr, lrDecay, clip, patience, maxMinutes, 1, out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (Path p : new Path[]{data, valid, test}) if (p != null && !Files.isRegularFile(p)) throw new IllegalArgumentException(p + ": no such file");
        Generator.manualSeed(seed);
        List<TaggedSentence> train = reader.read(data);
        if (train.isEmpty()) throw new io.sequoia.data.TextFormatException(data, 1, "the training file holds no sentence; expected token lines, sentences separated by blank lines");
        List<TaggedSentence> dev = valid == null ? null : reader.read(valid);
        Tagger tagger = Tagger.create(sp, train).reading(java.util.Map.of("format", reader.format().cliName()));
        SparkSession s = spark.session("sequoia-spark train-tagger");
        Dataset<Row> rows = DataParallelLabs.sentences(s, train, spark.partitions != null ? spark.partitions : s.sparkContext().defaultParallelism());
        System.out.printf(Locale.ROOT, "%s: %d sentences, %d tags, vocabulary %d words; %d shards, engine %s%n", data, train.size(), tagger.labels().size(),
                tagger.vocabularySize(), rows.rdd().getNumPartitions(), engine);
        Checkpointing checkpoints = new Checkpointing(out, resume != null, 0, SparkResume.extras(spec));   // every epoch end, on the driver
        long t0 = System.nanoTime();
        DataParallelLabs.Trained<TaggerTrainer.Result> r = engine.equals("spark") ? DataParallelLabs.fitTagger(tagger, trainer, rows, dev, System.out, seed, checkpoints)
                : DataParallelLabs.fitTaggerOneProcess(tagger, trainer, DataParallelLabs.sentenceShards(rows), dev, System.out, seed, checkpoints);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d steps in %.1f s (%.3f s/step)%n", r.timing().steps, secs, secs / Math.max(1, r.timing().steps));
        if (engine.equals("spark")) System.out.println(r.timing().table(secs));
        TrainClassifierJob.printHistory(r.result().history());
        if (dev != null) System.out.printf(Locale.ROOT, "best epoch %d: %s %.4f%n", r.result().bestEpoch(), r.result().monitor(), r.result().bestScore());
        if (test != null) {
            ConllEval e = tagger.evaluate(reader.read(test), TaggerTrainer.EVAL_BATCH);
            System.out.printf(Locale.ROOT, "test %s: accuracy %.4f%s%n", test, e.accuracy(), tagger.chunkTags() ? String.format(Locale.ROOT, ", F1 %.4f", e.overall().f1()) : "");
        }
        System.out.println("model: " + out);
        return 0;
    }
}
