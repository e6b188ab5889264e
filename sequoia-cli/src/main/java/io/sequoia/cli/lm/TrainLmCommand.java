package io.sequoia.cli.lm;

import io.sequoia.lm.Codec;
import io.sequoia.lm.LanguageModel;
import io.sequoia.lm.LmFolder;
import io.sequoia.lm.LmTrainer;
import io.sequoia.lm.NGramBaseline;
import io.sequoia.lm.Sampler;
import io.sequoia.tensor.Generator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia train lm}: a character- or word-level language model on one text file; the first
 * 1 − validFraction of the text trains, the rest validates; the best epoch is saved to --out.
 */
@Command(name = "lm", mixinStandardHelpOptions = true, description = "Train a character- or word-level language model on a text file.")
public final class TrainLmCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Token level of a language model. */
    public enum Level { CHAR, WORD;
        @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
    }

    @Option(names = {"--data", "--text"}, paramLabel = "FILE", description = "The UTF-8 text to train on (its tail validates).") Path text;
    @Option(names = "--level", description = "char or word (default ${DEFAULT-VALUE}).") Level level = Level.CHAR;
    @Option(names = "--model", description = "lstm, gru or transformer (default ${DEFAULT-VALUE}).") LanguageModel.Cell model = LanguageModel.Cell.LSTM;
    @Option(names = "--layers", description = "Layers (default ${DEFAULT-VALUE}).") int layers = 2;
    @Option(names = "--hidden", description = "The model's width: recurrent state size, or the Transformer's dModel with hidden/64 heads (default ${DEFAULT-VALUE}).")
    int hidden = 256;
    @Option(names = "--embed-dim", description = "Recurrent models: embedding size (default ${DEFAULT-VALUE}).") int embedDim = 64;
    @Option(names = "--dropout", description = "Dropout between layers and on input/output (default ${DEFAULT-VALUE}).") double dropout = 0.2;
    @Option(names = "--seq-len", description = "Truncated BPTT length; the Transformer's context (default ${DEFAULT-VALUE}).") int seqLen = 100;
    /** tiny-shakespeare's 1.479 nats/char (docs/labs.md) was measured with these. */
    @CommandLine.Mixin io.sequoia.cli.TrainingOptions training = io.sequoia.cli.TrainingOptions.defaults(10, 32, 2e-3, 1, 5);
    @Option(names = "--valid-fraction", description = "Tail of the text used for validation (default ${DEFAULT-VALUE}).") double validFraction = 0.1;
    @Option(names = "--min-count", description = "Word level: minimum count of a vocabulary word (default ${DEFAULT-VALUE}).") int minCount = 2;

    /**
     * Refuses (exit 2) a model or batch whose lower-bound size exceeds the heap: the weights with their
     * gradients and Adam's moments, and one batch's logits (and their gradient) and recurrent gates.
     */
    private void checkMemory(int vocab) {
        boolean transformer = model == LanguageModel.Cell.TRANSFORMER;
        int gates = model == LanguageModel.Cell.GRU ? 3 : 4;
        double params = parameterBound(model, vocab, embedDim, hidden, layers, seqLen);
        io.sequoia.cli.MemoryBudget.requireParameters(spec, transformer ? "--hidden, --layers" : "--hidden, --layers, --embed-dim",
                transformer ? hidden + ", " + layers : hidden + ", " + layers + ", " + embedDim, params,
                io.sequoia.cli.MemoryBudget.BYTES_PER_TRAINED_PARAMETER, io.sequoia.cli.MemoryBudget.vocabularyNote(vocab) + "; with gradients and Adam's moments");
        double perToken = 2.0 * vocab + (transformer ? (double) seqLen * layers : (double) gates * hidden * layers);
        io.sequoia.cli.MemoryBudget.requireBatch(spec, "--batch-size, --seq-len", training.batchSize + ", " + seqLen, (double) training.batchSize * seqLen, "tokens", perToken,
                "its logits and their gradient, " + io.sequoia.cli.MemoryBudget.vocabularyNote(vocab) + "; " + (transformer ? "attention scores" : "recurrent gates"));
    }

    /** A lower bound of the parameters of {@link LanguageModel#create} (tested against {@code parameterCount()}). */
    static double parameterBound(LanguageModel.Cell model, int vocab, int embedDim, int hidden, int layers, int seqLen) {
        if (model == LanguageModel.Cell.TRANSFORMER) return (double) vocab * hidden * 2 + (double) seqLen * hidden + 12.0 * hidden * hidden * layers;   // attention 4 d^2, feed-forward 2 x 4 d^2
        int gates = model == LanguageModel.Cell.GRU ? 3 : 4;
        return (double) vocab * embedDim + io.sequoia.cli.MemoryBudget.recurrentParameters(gates, 1, embedDim, hidden, layers) + (double) hidden * vocab + vocab;
    }

    @Override public Integer call() throws IOException {
        String[] again = training.resumedCommandLine(spec, "--data");
        if (again != null) return io.sequoia.cli.Main.commandLine().execute(again);
        training.check(spec);
        training.checkModelOut(spec);
        if (text == null) throw io.sequoia.cli.Usage.error(spec, "missing required option '--data=FILE'");
        if (training.out == null) throw io.sequoia.cli.Usage.error(spec, "missing required option '--out=DIR'");
        if (!Files.isRegularFile(text)) throw io.sequoia.cli.Usage.error(spec, "--data: file not found; expected a text file, got " + text.toAbsolutePath());
        io.sequoia.cli.Usage.require(spec, validFraction > 0 && validFraction < 1, "--valid-fraction", "a value in (0, 1)", validFraction);
        io.sequoia.cli.Usage.require(spec, hidden >= 1 && layers >= 1 && embedDim >= 1 && seqLen >= 1, "--hidden, --layers, --embed-dim, --seq-len",
                "positive sizes", hidden + ", " + layers + ", " + embedDim + ", " + seqLen);
        io.sequoia.cli.Usage.require(spec, dropout >= 0 && dropout < 1, "--dropout", "a value in [0, 1)", dropout);
        io.sequoia.cli.Usage.refuseUnless(spec, "--embed-dim", model != LanguageModel.Cell.TRANSFORMER, "for --model transformer; it embeds to --hidden (dModel)");
        io.sequoia.cli.Usage.refuseUnless(spec, "--min-count", level == Level.WORD, "at --level char");
        checkMemory(2);                                          // before reading: the sizes alone (a vocabulary of 2)
        Path out = training.out;
        Generator.manualSeed(training.seed);
        String all = io.sequoia.data.text.TextFiles.read(text, StandardCharsets.UTF_8);
        int cut = (int) (all.length() * (1 - validFraction));
        String trainText = all.substring(0, cut), validText = all.substring(cut);
        Codec codec = level == Level.CHAR ? Codec.characters(all) : Codec.words(trainText, minCount, 0);
        checkMemory(codec.size());                               // and with the vocabulary, before the model is allocated
        int[] train = codec.encode(trainText), valid = codec.encode(validText);
        LanguageModel m = LanguageModel.create(model, codec.size(), embedDim, hidden, layers, dropout, seqLen);
        PrintStream o = System.out;
        o.printf(Locale.ROOT, "%s-level %s LM: %d tokens in the vocabulary, %d training and %d validation tokens, %,d parameters%n",
                level, model, codec.size(), train.length, valid.length, m.parameterCount());
        NGramBaseline.Result base = NGramBaseline.fit(train, valid, codec.size());
        o.printf(Locale.ROOT, "baselines on the validation text: unigram %.4f nats/token (ppl %.2f), bigram %.4f (ppl %.2f)%n",
                base.unigramLoss(), base.unigramPerplexity(), base.bigramLoss(), base.bigramPerplexity());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("text", text.toString());
        settings.put("seq_len", seqLen);
        settings.put("batch_size", training.batchSize);
        settings.put("lr", training.lr);
        settings.put("clip", training.clip);
        settings.put("seed", training.seed);
        long t0 = System.nanoTime();
        List<LmTrainer.Epoch> h = LmTrainer.train(m, train, valid, new LmTrainer.Options(seqLen, training.batchSize, training.epochs, training.lr, training.clip, training.maxMinutes), () -> {
            try {
                LmFolder.save(out, m, codec, settings);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, o::println, new io.sequoia.train.Checkpointing(out, training.resume != null, training.checkpointEvery, training.checkpointExtras(spec)));
        double minutes = (System.nanoTime() - t0) / 6e10;
        LmTrainer.Epoch best = h.stream().min((a, b) -> Double.compare(a.valLoss(), b.valLoss())).orElseThrow();
        o.printf(Locale.ROOT, "best validation loss %.4f nats/token (ppl %.2f, %.3f bits/token) at epoch %d; %.1f minutes; saved to %s%n",
                best.valLoss(), best.valPerplexity(), best.valBitsPerToken(), best.epoch(), minutes, out);
        LanguageModel saved = LmFolder.load(out).model();
        o.println("sample: " + Sampler.generate(saved, codec, null, 200, Sampler.Options.sampling(0.8, 0, 1, training.seed), null));
        if (training.json) {
            java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
            j.put("val_loss", round(best.valLoss(), 6));
            j.put("val_ppl", round(best.valPerplexity(), 4));
            j.put("val_bits_per_token", round(best.valBitsPerToken(), 5));
            j.put("best_epoch", best.epoch());
            j.put("epochs", h.size());
            j.put("minutes", round(minutes, 2));
            j.put("level", level.toString());
            j.put("unigram_ppl", round(base.unigramPerplexity(), 4));
            j.put("bigram_ppl", round(base.bigramPerplexity(), 4));
            o.println(io.sequoia.cli.JsonLine.of(j));
        }
        return 0;
    }

    /** {@code v} to {@code digits} decimals (as the --json line printed them); NaN and infinities stay (JsonLine writes null). */
    static double round(double v, int digits) {
        return Double.isFinite(v) ? new java.math.BigDecimal(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).doubleValue() : v;
    }
}
