package io.sequoia.spark.cli;

import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.spark.DataParallelLabs;
import io.sequoia.train.Checkpointing;
import io.sequoia.translation.Translator;
import io.sequoia.translation.TranslatorTrainer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sequoia-spark train-translator}: {@code sequoia train translator} with each global batch's
 * gradient computed by the partitions ({@link DataParallelLabs#fitTranslator}); the BPE merges and
 * vocabularies are learned on the driver from all training pairs, validation (greedy BLEU), warm-up,
 * best-epoch keeping and saving run on the driver as in the local command. Scheduled sampling
 * ({@code --teacher-forcing} below 1) is not offered. {@code --engine local}: the same global batches in one process.
 * The driver's fit loop checkpoints into {@code --out} at every epoch end, and {@code --resume DIR [--epochs E]}
 * continues that run ({@link SparkResume}); Ctrl-C writes a checkpoint at the next step and prints how to resume (exit 130).
 */
@Command(name = "train-translator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a translator data-parallel on Spark (the options of 'sequoia train translator').",
                "Example: sequoia-spark train-translator --master local[2] --partitions 2 --train-src train.de --train-tgt train.en --out runs/mt"})
public final class TrainTranslatorJob implements Callable<Integer> {
    private static final TranslatorTrainer.Options DEFAULTS = new TranslatorTrainer.Options();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SparkOptions spark = new SparkOptions();
    @Option(names = "--train-src", paramLabel = "FILE", description = "Training sources, one sentence per line.") Path trainSrc;
    @Option(names = "--train-tgt", paramLabel = "FILE", description = "Training targets, line i translating line i of --train-src.") Path trainTgt;
    @Option(names = "--data", paramLabel = "FILE", description = "Or: one tab-separated file holding both sides (see --src-col, --tgt-col).") Path tsv;
    @Option(names = "--src-col", description = "TSV: 1-based source column (default: ${DEFAULT-VALUE}).") int srcCol = 1;
    @Option(names = "--tgt-col", description = "TSV: 1-based target column (default: ${DEFAULT-VALUE}).") int tgtCol = 2;
    @Option(names = "--max-words", description = "Longest side allowed, in words (0 = no limit, default).") int maxWords;
    @Option(names = "--skip-bad-pairs", description = "Leave out empty and over-long pairs instead of stopping.") boolean skip;
    @Option(names = "--encoding", description = "Encoding of the text files (default: ${DEFAULT-VALUE}).") String encoding = "UTF-8";
    @Option(names = "--valid-src", paramLabel = "FILE", description = "Validation sources (BLEU each epoch, best epoch kept).") Path validSrc;
    @Option(names = "--valid-tgt", paramLabel = "FILE", description = "Validation references.") Path validTgt;
    @Option(names = "--model", description = "gru-attention, lstm-attention, gru, lstm or transformer (default: ${DEFAULT-VALUE}).") String model = DEFAULTS.model;
    @Option(names = "--attention", description = "Recurrent models: general, dot or additive (default: ${DEFAULT-VALUE}).") String attention = DEFAULTS.attention;
    @Option(names = "--bpe", paramLabel = "MERGES", description = "Byte-pair-encoding merges; 0 = words (default: ${DEFAULT-VALUE}).") int bpe = DEFAULTS.bpe;
    @Option(names = "--separate-bpe", description = "Learn source and target merges separately (default: joint).") boolean separateBpe;
    @Option(names = "--shared-vocab", description = "One vocabulary for both sides (always for the Transformer).") boolean sharedVocab;
    @Option(names = "--embed-dim", description = "Embedding size, recurrent models (default: ${DEFAULT-VALUE}).") int embedDim = DEFAULTS.embedDim;
    @Option(names = "--hidden", description = "Hidden size (the Transformer's d_model) (default: ${DEFAULT-VALUE}).") int hidden = DEFAULTS.hidden;
    @Option(names = "--layers", description = "Layers of the encoder and of the decoder (default: ${DEFAULT-VALUE}; 3 for the Transformer).") Integer layers;
    @Option(names = "--heads", description = "Transformer attention heads (default: 8).") Integer heads;
    @Option(names = "--feedforward", description = "Transformer feed-forward size (default: 512).") Integer feedforward;
    @Option(names = "--warmup", description = "Transformer warm-up steps (default: 800).") Integer warmup;
    @Option(names = "--dropout", description = "Dropout (default: 0.3; 0.1 for the Transformer; masks drawn per shard and step).") Double dropout;
    @Option(names = "--label-smoothing", description = "Label smoothing of the cross-entropy (default: ${DEFAULT-VALUE}).") double labelSmoothing = DEFAULTS.labelSmoothing;
    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).") int epochs = DEFAULTS.epochs;
    @Option(names = "--batch-size", description = "Pairs per global batch, split over the partitions (default: ${DEFAULT-VALUE}).") int batchSize = DEFAULTS.batchSize;
    @Option(names = "--lr", description = "Adam learning rate (default: 2e-3; 7e-4 for the Transformer).") Double lr;
    @Option(names = "--clip", description = "Gradient-norm clipping, 0 = off (default: ${DEFAULT-VALUE}).") double clip = DEFAULTS.clip;
    @Option(names = "--patience", description = "Stop after this many epochs without a better validation BLEU (0 = off, default).") int patience;
    @Option(names = "--max-minutes", description = "Time budget, 0 = none (default: ${DEFAULT-VALUE}).") double maxMinutes;
    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).") long seed = DEFAULTS.seed;
    @Option(names = "--engine", description = "spark, or local: the same global batches in one process (default: ${DEFAULT-VALUE}).") String engine = "spark";
    @Option(names = "--out", paramLabel = "DIR", description = "Model folder to write (the best epoch's with --valid-src); the run checkpoints into it at every "
            + "epoch end (required unless --resume).") Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run checkpointed in DIR (its --out) up to the --epochs given now, with the run's other options "
            + "(--master and --spark-log may change).") Path resume;

    @Override public Integer call() throws Exception {
        if (resume != null && !SparkResume.whole(spec, "--train-src") && !SparkResume.whole(spec, "--data")) {
            return SparkResume.run(spec, SparkResume.commandLine(spec, resume, "--epochs"));
        }
        if (resume != null) {
            SparkResume.requireSameRun(spec, resume, "--epochs");
            out = resume;
        }
        if (out == null) throw usage("--out is required (or --resume DIR to continue a run)");
        TrainClassifierJob.checkOut(spec, out, false, "the translator");
        TrainClassifierJob.checkEngine(spec, engine);
        TranslatorTrainer.Options o = options();
        ParallelCorpus.Options po = ParallelCorpus.Options.defaults().maxWords(maxWords).skipBadPairs(skip).charset(Charset.forName(encoding));
        ParallelCorpus train;
        if ((trainSrc != null || trainTgt != null) == (tsv != null)) throw usage("give --train-src FILE --train-tgt FILE, or --data FILE.tsv");
        if ((validSrc == null) != (validTgt == null)) throw usage("give both --valid-src and --valid-tgt, or neither");
        if (tsv != null) {
            if (srcCol < 1 || tgtCol < 1 || srcCol == tgtCol) throw usage("--src-col/--tgt-col must be two different columns >= 1, got " + srcCol + "/" + tgtCol);
            train = ParallelCorpus.readTsv(existing(tsv), srcCol - 1, tgtCol - 1, po);
        } else {
            if (trainSrc == null || trainTgt == null) throw usage("give both --train-src and --train-tgt");
            train = ParallelCorpus.readAligned(existing(trainSrc), existing(trainTgt), po);
        }
        ParallelCorpus valid = validSrc == null ? null : ParallelCorpus.readAligned(existing(validSrc), existing(validTgt), po);
        Translator translator = TranslatorTrainer.create(train, o);
        SparkSession s = spark.session("sequoia-spark train-translator");
        Dataset<Row> rows = DataParallelLabs.pairs(s, train, spark.partitions != null ? spark.partitions : s.sparkContext().defaultParallelism());
        System.out.printf(Locale.ROOT, "%d training pairs%s; %d shards, engine %s; %s%n", train.size(), valid == null ? "" : ", " + valid.size() + " validation pairs",
                rows.rdd().getNumPartitions(), engine, o.toMap());
        Checkpointing checkpoints = new Checkpointing(out, resume != null, 0, SparkResume.extras(spec));   // every epoch end, on the driver
        long t0 = System.nanoTime();
        DataParallelLabs.Trained<TranslatorTrainer.Result> r = engine.equals("spark") ? DataParallelLabs.fitTranslator(translator, o, rows, valid, out, System.out, checkpoints)
                : DataParallelLabs.fitTranslatorOneProcess(translator, o, io.sequoia.spark.DataParallelTrainer.partitions(rows), valid, out, System.out, checkpoints);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d steps in %.1f s (%.3f s/step)%n", r.timing().steps, secs, secs / Math.max(1, r.timing().steps));
        if (engine.equals("spark")) System.out.println(r.timing().table(secs));
        TrainClassifierJob.printHistory(r.result().history());
        if (valid != null) System.out.printf(Locale.ROOT, "best validation BLEU (greedy) %.2f at epoch %d%n", r.result().bestBleu(), r.result().bestEpoch() + 1);
        System.out.println("model: " + out);
        return 0;
    }

    /** The local command's options and defaults (the Transformer's own where not given). */
    private TranslatorTrainer.Options options() {
        TranslatorTrainer.Options o = new TranslatorTrainer.Options();
        o.model = model.toLowerCase(Locale.ROOT);
        if (!List.of("gru-attention", "lstm-attention", "gru", "lstm", "transformer").contains(o.model)) {
            throw usage("--model must be gru-attention, lstm-attention, gru, lstm or transformer; got " + model);
        }
        if (!List.of("general", "dot", "additive").contains(attention.toLowerCase(Locale.ROOT))) throw usage("--attention must be general, dot or additive; got " + attention);
        if (epochs < 1 || batchSize < 1) throw usage("--epochs and --batch-size must be at least 1, got " + epochs + " and " + batchSize);
        boolean tf = o.transformer();
        o.attention = attention.toLowerCase(Locale.ROOT);
        o.bpe = bpe;
        o.jointBpe = !separateBpe;
        o.sharedVocab = sharedVocab;
        o.embedDim = embedDim;
        o.hidden = hidden;
        o.layers = layers != null ? layers : tf ? TranslatorTrainer.TRANSFORMER_LAYERS : DEFAULTS.layers;
        o.heads = heads != null ? heads : tf ? TranslatorTrainer.TRANSFORMER_HEADS : DEFAULTS.heads;
        o.feedforward = feedforward != null ? feedforward : tf ? TranslatorTrainer.TRANSFORMER_FEEDFORWARD : DEFAULTS.feedforward;
        o.warmup = warmup != null ? warmup : tf ? TranslatorTrainer.TRANSFORMER_WARMUP : DEFAULTS.warmup;
        o.dropout = dropout != null ? dropout : tf ? TranslatorTrainer.TRANSFORMER_DROPOUT : DEFAULTS.dropout;
        o.lr = lr != null ? lr : tf ? TranslatorTrainer.TRANSFORMER_LR : DEFAULTS.lr;
        if (!(o.dropout >= 0 && o.dropout < 1)) throw usage("--dropout must be in [0, 1), got " + o.dropout);
        if (!(o.lr > 0)) throw usage("--lr must be positive, got " + o.lr);
        o.labelSmoothing = labelSmoothing;
        o.epochs = epochs;
        o.batchSize = batchSize;
        o.clip = clip;
        o.patience = patience;
        o.maxMinutes = maxMinutes;
        o.seed = seed;
        return o;
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException(p + ": no such file");
        return p;
    }

    private CommandLine.ParameterException usage(String m) { return new CommandLine.ParameterException(spec.commandLine(), m); }
}
