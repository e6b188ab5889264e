package io.sequoia.cli.tagging;

import io.sequoia.data.conll.ColumnReader;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.data.text.WordVectors;
import io.sequoia.tagging.ConllEval;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;
import io.sequoia.tensor.Generator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia train tagger}: trains a BiLSTM/BiGRU tagger (CRF or softmax output, char CNN or
 * BiLSTM word features) on a column file, selects the epoch on {@code --valid}, scores {@code --test}
 * as conlleval does, and saves the model folder with its learning curves.
 */
@Command(name = "tagger", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a sequence tagger (named entities, parts of speech) and score it as conlleval does.")
public final class TrainTaggerCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;
    @Option(names = "--data", paramLabel = "FILE", description = "Training file (tagged columns); required unless --resume.") Path data;
    @Option(names = "--valid", paramLabel = "FILE", description = "Validation file: selects the best epoch and stops early.") Path valid;
    @Option(names = "--test", paramLabel = "FILE", description = "Test file, scored once with the selected model.") Path test;
    @Mixin ColumnOptions columns = new ColumnOptions();
    @Option(names = "--model", description = "bilstm, bilstm-crf, bigru or bigru-crf (default: ${DEFAULT-VALUE}).") String model = Tagger.Spec.DEFAULT.model();
    @Option(names = "--char", description = "Character features: cnn (Ma & Hovy), lstm (Lample et al.) or none (default: ${DEFAULT-VALUE}).")
    String charMode = Tagger.Spec.DEFAULT.charMode();
    @Option(names = "--scheme", description = "Scheme chunk tags are trained in: bioes, iob2 or keep; output keeps the data's scheme (default: ${DEFAULT-VALUE}).")
    String scheme = Tagger.Spec.DEFAULT.scheme();
    @Option(names = "--pretrained", paramLabel = "FILE", description = "Word vectors (GloVe/word2vec text or binary); sets --embed-dim to their size.") Path pretrained;
    @Option(names = "--embed-dim", description = "Word embedding size (default: ${DEFAULT-VALUE}).") int embedDim = Tagger.Spec.DEFAULT.embedDim();
    @Option(names = "--hidden", description = "LSTM/GRU units per direction (default: ${DEFAULT-VALUE}).") int hidden = Tagger.Spec.DEFAULT.hidden();
    @Option(names = "--dropout", description = "Dropout on the inputs and outputs of the BiLSTM and on char embeddings (default: ${DEFAULT-VALUE}).")
    double dropout = Tagger.Spec.DEFAULT.dropout();
    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).") int epochs = TaggerTrainer.DEFAULT.epochs();
    @Option(names = "--batch-size", description = "Sentences per batch (default: ${DEFAULT-VALUE}).") int batchSize = TaggerTrainer.DEFAULT.batchSize();
    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).") double lr = TaggerTrainer.DEFAULT.lr();
    @Option(names = "--lr-decay", description = "Epoch e trains at lr / (1 + decay·e), 0 = constant (default: ${DEFAULT-VALUE}).")
    double lrDecay = TaggerTrainer.DEFAULT.lrDecay();
    @Option(names = "--optimizer", description = "adam or sgd (momentum 0.9) (default: ${DEFAULT-VALUE}).") String optimizer = TaggerTrainer.DEFAULT.optimizer();
    @Option(names = "--clip", description = "Gradient-norm clipping, 0 = off (default: ${DEFAULT-VALUE}).") double clip = TaggerTrainer.DEFAULT.clip();
    @Option(names = "--patience", description = "Stop after this many epochs without a better validation score, 0 = never (default: ${DEFAULT-VALUE}).")
    int patience = TaggerTrainer.DEFAULT.patience();
    @Option(names = "--max-minutes", description = "Time budget: stop after the epoch that passes it, 0 = none (default: ${DEFAULT-VALUE}).") double maxMinutes;
    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).") long seed = 42;
    @Option(names = "--out", paramLabel = "DIR", description = "Model folder to write (best epoch; config.json, model.safetensors, vocabularies, curves.png; "
            + "the checkpoint of every epoch in checkpoint/).")
    Path out;
    @Option(names = "--overwrite", description = "Write the model into the --out folder even if it holds files that are not a Sequoia model "
            + "(files of the model's names are replaced; others are left).") boolean overwrite;
    @Mixin io.sequoia.cli.CheckpointOptions checkpoints = new io.sequoia.cli.CheckpointOptions();
    @Option(names = "--json", description = "Print the final metrics as one JSON object on the last line.") boolean json;

    @Override public Integer call() throws Exception {
        String[] again = checkpoints.resumedCommandLine(cmd, "--data", io.sequoia.cli.Usage.given(cmd, "--epochs") ? epochs : null);
        if (again != null) return io.sequoia.cli.Main.commandLine().execute(again);
        if (data == null) throw io.sequoia.cli.Usage.error(cmd, "missing required option '--data=FILE'");
        out = checkpoints.check(cmd, out);
        if (out == null) throw io.sequoia.cli.Usage.error(cmd, "missing required option '--out=DIR'");
        io.sequoia.cli.TrainingOptions.checkModelOut(cmd, out, overwrite);
        checkOptions();
        io.sequoia.cli.Usage.requireFile(cmd, "--pretrained", pretrained);
        checkMemory(2, embedDim);                                 // before reading: the sizes alone (a vocabulary of 2)
        PrintStream o = System.out;
        Tagger.Spec spec;
        TaggerTrainer trainer;
        ColumnReader reader;
        try {
            reader = columns.reader(data, true);
            spec = new Tagger.Spec(model.toLowerCase(Locale.ROOT), charMode.toLowerCase(Locale.ROOT), embedDim, Tagger.Spec.DEFAULT.charDim(),
                    Tagger.Spec.DEFAULT.charFeatures(), Tagger.Spec.DEFAULT.casingDim(), hidden, dropout, scheme.toLowerCase(Locale.ROOT),
                    Tagger.Spec.DEFAULT.unkReplace());
            trainer = new TaggerTrainer(epochs, batchSize, optimizer.toLowerCase(Locale.ROOT), lr, lrDecay, clip, patience, maxMinutes, 1, out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), e.getMessage());
        }
        Generator.manualSeed(seed);
        List<TaggedSentence> train = reader.read(data);
        if (train.isEmpty()) throw new io.sequoia.data.TextFormatException(data, 1, "the training file holds no sentence; expected token lines, sentences separated by blank lines");
        List<TaggedSentence> dev = valid == null ? null : reader.read(valid);
        List<TaggedSentence> tst = test == null ? null : reader.read(test);
        WordVectors vectors = pretrained == null ? null : WordVectors.read(pretrained);
        if (vectors != null && vectors.dim() != spec.embedDim()) {
            spec = new Tagger.Spec(spec.model(), spec.charMode(), vectors.dim(), spec.charDim(), spec.charFeatures(), spec.casingDim(), spec.hidden(),
                    spec.dropout(), spec.scheme(), spec.unkReplace());
        }
        checkMemory(Tagger.vocabularySize(train, vectors), spec.embedDim());   // with the vocabulary, before the model is allocated
        checkBatch(train, spec.embedDim());
        checkActivations(spec, train);                             // emissions, CRF tables and characters: still before the model is allocated
        Tagger tagger = Tagger.create(spec, train, vectors).reading(ColumnOptions.settings(reader));
        int tokens = train.stream().mapToInt(TaggedSentence::size).sum();
        o.printf(Locale.ROOT, "%s: %d sentences, %d tokens, %d tags %s; %s%s; vocabulary %d words%n", data, train.size(), tokens,
                tagger.labels().size(), tagger.inputScheme() == null ? "(not chunks: token accuracy)" : "(scheme " + tagger.inputScheme()
                        + ", trained as " + tagger.trainScheme() + ")", reader.format().cliName(), reader.tagCol() == null ? "" : " tag column " + reader.tagCol(),
                tagger.vocabularySize());
        if (vectors != null) o.printf(Locale.ROOT, "pretrained vectors %s: %d of %d words found%n", pretrained, tagger.usePretrained(vectors), tagger.vocabularySize());
        o.printf(Locale.ROOT, "model %s, char %s, embed %d, hidden %d, dropout %.2f; %s lr %g (decay %g), batch %d, clip %.1f, epochs %d%s%n", spec.model(),
                spec.charMode(), spec.embedDim(), spec.hidden(), spec.dropout(), trainer.optimizer(), trainer.lr(), trainer.lrDecay(), trainer.batchSize(), trainer.clip(),
                trainer.epochs(), maxMinutes > 0 ? ", budget " + maxMinutes + " min" : "");
        TaggerTrainer.Result r = trainer.fit(tagger, train, dev, o, checkpoints.checkpointing(cmd, out));
        o.printf(Locale.ROOT, "training: %.1f s per epoch on average (%s), %.0f tokens/s%n", mean(r.epochSeconds()), seconds(r.epochSeconds()), r.tokensPerSecond());
        if (dev != null) o.printf(Locale.ROOT, "best epoch %d: %s %.4f%n", r.bestEpoch(), r.monitor(), r.bestScore());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("best_epoch", r.bestEpoch());
        result.put("epochs", r.history().epochs());
        result.put("train_tokens_per_s", r.tokensPerSecond());
        result.put("seconds_per_epoch", mean(r.epochSeconds()));
        if (dev != null) result.put(r.monitor(), r.bestScore());
        if (tst != null) {
            long t0 = System.nanoTime();
            ConllEval e = tagger.evaluate(tst, TaggerTrainer.EVAL_BATCH);
            double secs = (System.nanoTime() - t0) / 1e9;
            o.println("test " + test + ":");
            o.print(TaggerEvaluation.table(tagger, e));
            o.printf(Locale.ROOT, "decoding: %d tokens in %.2f s, %.0f tokens/s%n", e.tokens(), secs, e.tokens() / secs);
            result.putAll(TaggerEvaluation.metrics(tagger, e));
            result.put("decode_tokens_per_s", e.tokens() / secs);
        }
        Map<String, List<Double>> curves = new LinkedHashMap<>(r.history().asMap());
        io.sequoia.cli.text.LearningCurvePlot.write(out.resolve("curves.png"), "tagger " + spec.model(), curves);
        o.println("Saved " + out + ": config.json, model.safetensors, " + Tagger.WORDS_FILE + ", " + Tagger.CHARS_FILE + ", "
                + Tagger.TAGS_FILE + ", curves.png");
        if (json) o.println(io.sequoia.cli.JsonLine.of(result));
        return 0;
    }

    private double bytesPerParameter() {
        return optimizer.equalsIgnoreCase("adam") ? io.sequoia.cli.MemoryBudget.BYTES_PER_TRAINED_PARAMETER : io.sequoia.cli.MemoryBudget.BYTES_PER_PARAMETER_ONE_STATE;
    }

    private int gates() { return model.toLowerCase(Locale.ROOT).startsWith("bigru") ? 3 : 4; }

    /**
     * Refuses (exit 2) a model whose lower-bound size exceeds the heap: the word embedding and the bidirectional
     * recurrent layer, with gradients and the optimizer's state; {@code vocab} 2 before the data is read.
     */
    private void checkMemory(int vocab, int embed) {
        double bpp = bytesPerParameter();
        // with --pretrained the embedding's size is the vectors' (unknown before they are read: counted as 1)
        String names = pretrained == null ? "--embed-dim, --hidden" : vocab <= 2 ? "--hidden" : "--pretrained, --hidden";
        String values = pretrained == null ? embed + ", " + hidden : vocab <= 2 ? "" + hidden : embed + ", " + hidden;
        io.sequoia.cli.MemoryBudget.requireParameters(cmd, names, values, parameterBound(gates(), vocab, pretrained != null && vocab <= 2 ? 1 : embed, hidden, charMode), bpp,
                io.sequoia.cli.MemoryBudget.vocabularyNote(vocab) + "; " + io.sequoia.cli.MemoryBudget.optimizerNote(bpp));
    }

    /**
     * A lower bound of the parameters of the tagger's network (tested against {@code parameterCount()}): word embedding,
     * character CNN or BiLSTM (the default sizes: the command line does not change them), the BiLSTM/BiGRU reading words,
     * characters and casing, the output layer.
     */
    public static double parameterBound(int gates, int vocab, int embed, int hidden, String charMode) {
        Tagger.Spec d = Tagger.Spec.DEFAULT;
        boolean chars = !charMode.equalsIgnoreCase("none");
        double charNet = !chars ? 0 : charMode.equalsIgnoreCase("cnn") ? 3.0 * d.charDim() * d.charFeatures()
                : io.sequoia.cli.MemoryBudget.recurrentParameters(4, 2, d.charDim(), d.charFeatures() / 2, 1);
        int in = embed + (chars ? d.charFeatures() : 0) + d.casingDim();
        return (double) vocab * embed + charNet + io.sequoia.cli.MemoryBudget.recurrentParameters(gates, 2, in, hidden, 1) + 2.0 * hidden;
    }

    /** Refuses (exit 2) a batch whose embeddings and gates (both directions) cannot fit: the largest batch holds at least the mean batch's tokens. */
    private void checkBatch(List<TaggedSentence> train, int embed) {
        long tokens = 0;
        for (TaggedSentence s : train) tokens += s.size();
        io.sequoia.cli.MemoryBudget.requireBatch(cmd, "--batch-size, --hidden", batchSize + ", " + hidden,
                io.sequoia.cli.MemoryBudget.largestBatch(tokens, train.size(), batchSize), "tokens", embed + 2.0 * gates() * hidden,
                "word embeddings and the recurrent gates of both directions");
    }

    /**
     * Refuses (exit 2), once the tags are counted and before the network is allocated, a batch whose emissions over the tag set
     * (with the CRF's tables, or the softmax's) cannot fit ({@link #emissionBound}), then one whose character encoder's activations
     * cannot ({@link #charBound}).
     */
    private void checkActivations(Tagger.Spec spec, List<TaggedSentence> train) {
        int tags = Tagger.tagCount(spec, train);
        int[] lengths = train.stream().mapToInt(TaggedSentence::size).toArray();
        long[] largest = largestBatchShape(lengths, batchSize, tags, spec.crf());
        io.sequoia.cli.MemoryBudget.require(cmd, "--batch-size, --model", batchSize + ", " + spec.model(),
                String.format(Locale.ROOT, "one batch's emissions over the %,d tags (%d sentences of up to %d tokens)%s and their gradient", tags, largest[0], largest[1],
                        spec.crf() ? " with the CRF's forward-backward tables" : " with the softmax"),
                emissionBound(lengths, batchSize, tags, spec.crf()));
        if (!spec.charMode().equals("none")) {
            io.sequoia.cli.MemoryBudget.require(cmd, "--batch-size, --char", batchSize + ", " + spec.charMode(),
                    "one batch's character " + (spec.charMode().equals("cnn") ? "embeddings and convolutions" : "embeddings and BiLSTM gates") + " of its distinct words",
                    charBound(train.stream().map(TaggedSentence::tokens).toList(), batchSize, spec.charMode(), spec.charDim(), spec.charFeatures()));
        }
    }

    /**
     * The batches of training: the sentences sorted by length cut into runs of {@code batchSize} (as the trainer cuts them; only the
     * order of equally long sentences is random, so every batch's size, longest sentence and tokens are known): {sentences, longest,
     * tokens} of each.
     */
    static List<long[]> batchShapes(int[] lengths, int batchSize) {
        int[] sorted = lengths.clone();
        java.util.Arrays.sort(sorted);
        List<long[]> out = new java.util.ArrayList<>();
        for (int from = 0; from < sorted.length; from += batchSize) {
            int n = Math.min(batchSize, sorted.length - from);
            long real = 0;
            for (int i = from; i < from + n; i++) real += sorted[i];
            out.add(new long[]{n, Math.max(1, sorted[from + n - 1]), real});
        }
        return out;
    }

    /** The floats of {@link #emissionBound} for one batch of {@code shape} ({@link #batchShapes}). */
    private static double emissionFloats(long[] shape, int tags, boolean crf) {
        double n = shape[0], len = shape[1], real = shape[2], t = tags;
        return crf ? 6.0 * n * len * t + 4.0 * real * t + 2.0 * n * t * t : 4.0 * n * len * t;
    }

    /** The batch of {@link #batchShapes} with the largest {@link #emissionBound}. */
    static long[] largestBatchShape(int[] lengths, int batchSize, int tags, boolean crf) {
        long[] best = {0, 0, 0};
        for (long[] b : batchShapes(lengths, batchSize)) if (emissionFloats(b, tags, crf) > emissionFloats(best, tags, crf)) best = b;
        return best;
    }

    /**
     * Bytes of one training batch's emissions and what the loss makes of them, at least (tested against a measured step): the
     * emissions (N, L, T) and their gradient (2 floats a padded position and tag); with the CRF, its kernel's double-precision copy
     * of the emissions and their gradient (4 floats), its forward and backward tables (α, β: 4 floats a real token and tag) and each
     * sentence's transition gradient (T² doubles); without, the log-softmax and its gradient (2 floats a padded position and tag).
     * Exact for the largest batch: the trainer's batches are runs of the length-sorted sentences ({@link #batchShapes}).
     */
    public static double emissionBound(int[] lengths, int batchSize, int tags, boolean crf) {
        return 4.0 * emissionFloats(largestBatchShape(lengths, batchSize, tags, crf), tags, crf);
    }

    /**
     * Bytes of one training batch's character encoder, at least (tested against a measured step): every batch embeds the
     * characters of its distinct words (padded to its longest word), so all batches together embed at least every distinct word's
     * characters and the largest at least their mean over the batches; a character holds its embedding ({@code charDim} floats)
     * and, for the CNN, the convolution's output and its sum with the padding penalty (2 × the filters, {@code charFeatures}),
     * for the BiLSTM the gates of both directions (4 × the features).
     */
    public static double charBound(List<List<String>> sentences, int batchSize, String charMode, int charDim, int charFeatures) {
        if (charMode.equalsIgnoreCase("none")) return 0;
        java.util.Set<String> distinct = new java.util.HashSet<>();
        double chars = 0;
        for (List<String> s : sentences) {
            for (String w : s) if (distinct.add(w)) chars += Math.min(io.sequoia.tagging.Tagger.MAX_WORD_CHARS, w.codePointCount(0, w.length()));
        }
        double perChar = charDim + (charMode.equalsIgnoreCase("cnn") ? 2.0 : 4.0) * charFeatures;
        double batches = Math.ceil((double) Math.max(1, sentences.size()) / Math.max(1, batchSize));
        return 4.0 * chars * perChar / batches;
    }

    /** Every option's range, each error naming its option (exit 2, before any file is read). */
    private void checkOptions() {
        java.util.function.Function<String, String> lower = v -> v.toLowerCase(Locale.ROOT);
        columns.checkFormat(cmd);
        io.sequoia.cli.Usage.require(cmd, Tagger.MODELS.contains(lower.apply(model)), "--model", "one of " + Tagger.MODELS, model);
        io.sequoia.cli.Usage.require(cmd, io.sequoia.tagging.SequenceTagger.CHAR_MODES.contains(lower.apply(charMode)), "--char",
                "one of " + io.sequoia.tagging.SequenceTagger.CHAR_MODES, charMode);
        io.sequoia.cli.Usage.require(cmd, List.of("bioes", "iob2", "keep").contains(lower.apply(scheme)), "--scheme", "bioes, iob2 or keep", scheme);
        io.sequoia.cli.Usage.require(cmd, embedDim >= 1, "--embed-dim", "at least 1", embedDim);
        io.sequoia.cli.Usage.require(cmd, hidden >= 1, "--hidden", "at least 1", hidden);
        io.sequoia.cli.Usage.require(cmd, dropout >= 0 && dropout < 1, "--dropout", "a value in [0, 1)", dropout);
        io.sequoia.cli.Usage.require(cmd, epochs >= 1, "--epochs", "at least 1", epochs);
        io.sequoia.cli.Usage.require(cmd, batchSize >= 1, "--batch-size", "at least 1", batchSize);
        io.sequoia.cli.Usage.require(cmd, List.of("adam", "sgd").contains(lower.apply(optimizer)), "--optimizer", "adam or sgd", optimizer);
        io.sequoia.cli.Usage.require(cmd, lr > 0 && Double.isFinite(lr), "--lr", "a positive number", lr);
        io.sequoia.cli.Usage.require(cmd, lrDecay >= 0 && Double.isFinite(lrDecay), "--lr-decay", "a non-negative number", lrDecay);
        io.sequoia.cli.Usage.require(cmd, clip >= 0, "--clip", "a non-negative number", clip);
        io.sequoia.cli.Usage.require(cmd, patience >= 0, "--patience", "a non-negative number of epochs", patience);
        io.sequoia.cli.Usage.require(cmd, maxMinutes >= 0 && Double.isFinite(maxMinutes), "--max-minutes", "a non-negative number", maxMinutes);
    }

    static double mean(List<Double> xs) { return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN); }

    private static String seconds(List<Double> xs) {
        StringBuilder sb = new StringBuilder();
        for (double x : xs) sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", x));
        return sb.toString();
    }
}
