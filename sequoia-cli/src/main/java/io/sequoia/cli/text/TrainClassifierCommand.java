package io.sequoia.cli.text;

import io.sequoia.data.LabeledTexts;
import io.sequoia.data.TextDatasets;
import io.sequoia.tensor.Generator;
import io.sequoia.text.ClassificationMetrics;
import io.sequoia.text.TextClassifier;
import io.sequoia.data.text.WordVectors;
import io.sequoia.train.EarlyStopping;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.cli.TrainingOptions;
import io.sequoia.cli.Usage;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia train classifier}: trains a text classifier (lstm, bilstm, gru, cnn, transformer) and
 * scores it on held-out data: k-fold cross-validation, a separate test file, a seeded stratified test
 * fraction, or (IMDB) the official test split. Saves the model folder and its learning curves.
 */
@Command(name = "classifier", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a text classifier and report its test accuracy, macro-F1 and loss.")
public final class TrainClassifierCommand implements Callable<Integer> {
    @Mixin DataOptions data = new DataOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

    @Option(names = "--model", description = "lstm, bilstm, gru, cnn or transformer (default: ${DEFAULT-VALUE}).")
    TextClassifier.Architecture model = TextClassifier.Architecture.BILSTM;
    @Option(names = "--embed-dim", description = "Embedding size; the Transformer's width (default: ${DEFAULT-VALUE}).") int embedDim = 128;
    @Option(names = "--hidden", description = "Recurrent units, or CNN filters per kernel size (default: ${DEFAULT-VALUE}).") int hidden = 64;
    @Option(names = "--layers", description = "Recurrent or Transformer layers (default: ${DEFAULT-VALUE}).") int layers = 1;
    @Option(names = "--pool", description = "Recurrent models: classify from the last state, or max/mean over every unpadded step (default: ${DEFAULT-VALUE}).")
    TextClassifier.Pool pool = TextClassifier.DEFAULT_POOL;
    @Option(names = "--dropout", description = "Dropout (default: ${DEFAULT-VALUE}).") double dropout = 0.5;
    @Option(names = "--max-len", description = "Tokens per text; longer texts are cut (see --truncate) (default: ${DEFAULT-VALUE}).") int maxLen = 60;
    @Option(names = "--truncate", description = "Which end of a long text is cut: post keeps the beginning, pre the end (default: ${DEFAULT-VALUE}).")
    io.sequoia.data.text.Sequences.Side truncate = io.sequoia.data.text.Sequences.Side.POST;
    @Option(names = "--vocab-size", description = "Vocabulary size including padding and OOV (default: ${DEFAULT-VALUE}).") int vocabSize = DEFAULT_VOCAB_SIZE;
    @Option(names = "--pretrained", paramLabel = "FILE", description = "Word vectors (GloVe text, word2vec text or binary) to start the embedding from.")
    Path pretrained;
    @Option(names = "--freeze", description = "Keep the pretrained vectors fixed.") boolean freeze;
    /** The defaults of the best measured random-embedding run (MR 10-fold, docs/labs.md): 77.04 %. */
    @Mixin TrainingOptions training = TrainingOptions.defaults(3, 64, 3e-3, 42, 0);
    @Option(names = "--patience", description = "Early stopping on a --valid-fraction part of the training data, restoring the best epoch (0 = off, default).")
    int patience;
    @Option(names = "--valid-fraction", paramLabel = "F", description = "With --patience: the share of the training data held out for validation (default: ${DEFAULT-VALUE}).")
    double validFraction = 0.1;

    /** The 9,998 most frequent words (+ padding and OOV): 77.04 % on MR 10-fold against 76.78 % with the full vocabulary. */
    static final int DEFAULT_VOCAB_SIZE = 10000;

    static final class Holdout {
        @Option(names = "--cv", paramLabel = "K", description = "K-fold stratified cross-validation.") Integer cv;
        @Option(names = "--test", paramLabel = "PATH", description = "A separate test file/folder (same format).") Path test;
        @Option(names = "--test-fraction", paramLabel = "F", description = "A seeded stratified fraction held out for testing.") Double testFraction;
    }

    @ArgGroup(exclusive = true) Holdout holdout = new Holdout();

    @Option(names = "--folds", paramLabel = "N", description = "With --cv, run only the first N folds (default: all).") Integer folds;

    @Override public Integer call() throws Exception {
        String[] again = training.resumedCommandLine(cmd, "--data");
        if (again != null) return io.sequoia.cli.Main.commandLine().execute(again);
        checkUsage();
        PrintStream o = System.out;
        Path path = data.path(cmd);
        TextDatasets.Format format = data.resolvedFormat(path);
        LabeledTexts all = data.read(path, "train");
        TextClassifier.Spec spec = new TextClassifier.Spec(model, embedDim, hidden, layers, dropout, maxLen, vocabSize,
                model.recurrent() ? pool : null);
        WordVectors vectors = pretrained == null ? null : WordVectors.read(pretrained);
        o.printf(Locale.ROOT, "%s: %d texts %s (%s); model %s%s, embed %d, hidden %d, layers %d, dropout %.2f, max-len %d, vocab %d%n",
                path, all.size(), all.counts(), format, spec.model(),
                model.recurrent() ? ", pool " + spec.pool() : "", embedDim, hidden, layers, dropout, maxLen, vocabSize);
        long t0 = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", spec.model().toString());
        if (holdout.cv != null) {
            int k = holdout.cv, runs = folds == null ? k : Math.min(folds, k);
            int[] fold = all.stratifiedFolds(k, training.seed);
            List<Double> acc = new ArrayList<>(), f1 = new ArrayList<>(), loss = new ArrayList<>();
            List<Map<String, Object>> per = new ArrayList<>();
            TextClassifier last = null;
            History lastH = null;
            for (int f = 0; f < runs; f++) {
                LabeledTexts train = all.fold(fold, f, false), test = all.fold(fold, f, true);
                Generator.manualSeed(training.seed + f);
                last = create(spec, train, all.classes(), vectors);
                lastH = fit(last, train, training.seed + f);
                ClassificationMetrics m = last.evaluate(test);
                acc.add(m.accuracy()); f1.add(m.macroF1()); loss.add(m.loss());
                per.add(metrics(m));
                o.printf(Locale.ROOT, "fold %2d/%d: accuracy %.4f  macro-F1 %.4f  loss %.4f  (%d test texts; %.0f s so far)%n",
                        f + 1, k, m.accuracy(), m.macroF1(), m.loss(), m.n(), (System.nanoTime() - t0) / 1e9);
            }
            double[] a = ClassificationMetrics.meanStd(acc), fm = ClassificationMetrics.meanStd(f1), l = ClassificationMetrics.meanStd(loss);
            o.printf(Locale.ROOT, "%n%d-fold cross-validation (%d folds run): accuracy %.4f ± %.4f, macro-F1 %.4f ± %.4f, loss %.4f ± %.4f%n",
                    k, runs, a[0], a[1], fm[0], fm[1], l[0], l[1]);
            result.put("accuracy", a[0]); result.put("accuracy_std", a[1]);
            result.put("macro_f1", fm[0]); result.put("macro_f1_std", fm[1]);
            result.put("loss", l[0]); result.put("loss_std", l[1]);
            result.put("folds", per);
            if (training.out != null) save(last, lastH, " (model of fold " + runs + ")");
        } else {
            LabeledTexts train = all, test;
            if (holdout.test != null) {
                test = data.read(holdout.test, "test");
            } else if (holdout.testFraction != null) {
                LabeledTexts[] s = all.stratifiedSplit(holdout.testFraction, training.seed);
                train = s[0];
                test = s[1];
            } else if (format == TextDatasets.Format.IMDB && Files.isDirectory(path)) {
                test = data.read(path, "test");
            } else {
                throw Usage.error(cmd, "no test data; expected one of --cv K, --test PATH, --test-fraction F, got none");
            }
            Generator.manualSeed(training.seed);
            TextClassifier clf = create(spec, train, all.classes(), vectors);
            History h = fit(clf, train, training.seed);
            ClassificationMetrics m = clf.evaluate(test);
            o.printf(Locale.ROOT, "%nTest accuracy %.4f, macro-F1 %.4f, loss %.4f on %d texts (trained on %d)%n", m.accuracy(), m.macroF1(),
                    m.loss(), m.n(), train.size());
            result.putAll(metrics(m));
            result.put("n_train", train.size());
            if (training.out != null) save(clf, h, "");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        result.put("seconds", Math.round(secs * 10) / 10.0);
        o.printf(Locale.ROOT, "Time: %.1f s%n", secs);
        if (training.json) o.println(io.sequoia.cli.JsonLine.of(result));
        return 0;
    }

    /**
     * Refuses (exit 2) before reading the data a model or batch whose lower-bound size exceeds the heap:
     * the embedding and the network with gradients and Adam's moments, and one batch's activations.
     */
    private void checkMemory() {
        int gates = model == TextClassifier.Architecture.GRU ? 3 : 4, dirs = model == TextClassifier.Architecture.BILSTM ? 2 : 1;
        double network = switch (model) {
            case LSTM, BILSTM, GRU -> io.sequoia.cli.MemoryBudget.recurrentParameters(gates, dirs, embedDim, hidden, layers);
            case CNN -> (double) hidden * embedDim;                       // at least one filter bank of width 1
            case TRANSFORMER -> 8.0 * embedDim * embedDim * layers;       // attention 4 d^2, feed-forward 2 x 2 d^2
        };
        double params = (double) vocabSize * embedDim + network;
        String names = model == TextClassifier.Architecture.TRANSFORMER ? "--vocab-size, --embed-dim, --layers" : "--vocab-size, --embed-dim, --hidden, --layers";
        String values = model == TextClassifier.Architecture.TRANSFORMER ? vocabSize + ", " + embedDim + ", " + layers
                : vocabSize + ", " + embedDim + ", " + hidden + ", " + layers;
        io.sequoia.cli.MemoryBudget.requireParameters(cmd, names, values, params, io.sequoia.cli.MemoryBudget.BYTES_PER_TRAINED_PARAMETER,
                "with gradients and Adam's moments");
        double perToken = embedDim + (model.recurrent() ? (double) dirs * gates * hidden * layers
                : model == TextClassifier.Architecture.TRANSFORMER ? (double) maxLen * layers : hidden);
        io.sequoia.cli.MemoryBudget.requireBatch(cmd, "--batch-size, --max-len", training.batchSize + ", " + maxLen, (double) training.batchSize * maxLen, "tokens", perToken,
                "embeddings and " + (model.recurrent() ? "recurrent gates" : model == TextClassifier.Architecture.TRANSFORMER ? "attention scores" : "filter outputs"));
    }

    /** Bad usage exits 2 before any work: ranges, and options that would have no effect. */
    private void checkUsage() {
        if (holdout.cv != null) {
            Usage.refuseUnless(cmd, "--resume", false, "with --cv (each fold is its own run; resume a single split)");
            Usage.refuseUnless(cmd, "--checkpoint-every", false, "with --cv");
        }
        training.check(cmd);
        training.checkModelOut(cmd);
        Usage.require(cmd, embedDim >= 1 && hidden >= 1 && layers >= 1 && maxLen >= 1 && vocabSize >= 3,
                "--embed-dim, --hidden, --layers, --max-len, --vocab-size", "positive sizes (vocab >= 3)",
                embedDim + ", " + hidden + ", " + layers + ", " + maxLen + ", " + vocabSize);
        Usage.require(cmd, dropout >= 0 && dropout < 1, "--dropout", "a value in [0, 1)", dropout);
        Usage.require(cmd, validFraction > 0 && validFraction < 1, "--valid-fraction", "a value in (0, 1)", validFraction);
        Usage.refuseUnless(cmd, "--pool", model.recurrent(), "for --model " + model + " (cnn max-pools and transformer mean-pools by design)");
        Usage.refuseUnless(cmd, "--hidden", model != TextClassifier.Architecture.TRANSFORMER,
                "for --model transformer; its width is --embed-dim (feed-forward 2 x embed-dim)");
        Usage.refuseUnless(cmd, "--pretrained", model != TextClassifier.Architecture.TRANSFORMER, "for --model transformer (it has no word embedding to start)");
        Usage.refuseUnless(cmd, "--freeze", pretrained != null, "without --pretrained");
        Usage.refuseUnless(cmd, "--folds", holdout.cv != null, "without --cv");
        Usage.refuseUnless(cmd, "--valid-fraction", patience > 0, "without --patience (no validation split is made)");
        Usage.require(cmd, patience >= 0, "--patience", "a non-negative number", patience);
        if (holdout.cv != null) Usage.require(cmd, holdout.cv >= 2, "--cv", "at least 2 folds", holdout.cv);
        if (holdout.testFraction != null) Usage.require(cmd, holdout.testFraction > 0 && holdout.testFraction < 1, "--test-fraction", "a value in (0, 1)", holdout.testFraction);
        if (folds != null) Usage.require(cmd, folds >= 1, "--folds", "at least 1", folds);
        Usage.refuseUnless(cmd, "--checkpoint-every", training.out != null, "without --out (checkpoints go into the model folder)");
        checkMemory();
        if (pretrained != null && !Files.isRegularFile(pretrained)) throw Usage.error(cmd, "--pretrained: file not found; expected a word-vector file, got " + pretrained.toAbsolutePath());
    }

    private TextClassifier create(TextClassifier.Spec spec, LabeledTexts train, List<String> classes, WordVectors vectors) {
        TextClassifier clf = TextClassifier.create(spec, train.texts(), classes, truncate).compile(training.lr);
        if (vectors != null) {
            int hits = vectors.copyInto(clf.vectorizer().vocabulary(), clf.embeddingWeight(), freeze);
            System.out.printf(Locale.ROOT, "pretrained: %d of %d vocabulary entries found in %s%n", hits, clf.vectorizer().vocabulary().size(), pretrained);
        }
        return clf;
    }

    private History fit(TextClassifier clf, LabeledTexts train, long s) {
        FitOptions fo = FitOptions.epochs(training.epochs).batchSize(training.batchSize).clipNorm(training.clip)
                .maxMinutes(training.maxMinutes).verbose(1);
        LabeledTexts val = null;
        if (patience > 0) {
            LabeledTexts[] parts = train.stratifiedSplit(validFraction, s + 1000);
            train = parts[0];
            val = parts[1];
            fo.callbacks(new EarlyStopping("val_loss", 0, patience, "min", true));
        }
        if (training.out != null && holdout.cv == null) {      // checkpoints each epoch into --out; Ctrl-C keeps the finished epochs
            fo.checkpoint(training.out, training.checkpointExtras(cmd)).checkpointEvery(training.checkpointEvery).resume(training.resume != null);
        }
        return clf.fit(train, val, fo);
    }

    private static Map<String, Object> metrics(ClassificationMetrics m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("accuracy", m.accuracy());
        r.put("macro_f1", m.macroF1());
        r.put("loss", m.loss());
        r.put("n_test", m.n());
        return r;
    }

    private void save(TextClassifier clf, History h, String note) throws java.io.IOException {
        Path out = training.out;
        clf.save(out);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (String key : List.of("loss", "val_loss", "accuracy", "val_accuracy")) if (h.asMap().containsKey(key)) curves.put(key, h.get(key));
        LearningCurvePlot.write(out.resolve("curves.png"), clf.spec().model().toString(), curves);
        System.out.println("Saved " + out + note + ": config.json, model.safetensors, " + TextClassifier.VOCAB_FILE + ", curves.png");
    }
}
