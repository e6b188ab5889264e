package io.sequoia.cli.translation;

import io.sequoia.cli.TrainingOptions;
import io.sequoia.cli.Usage;
import io.sequoia.cli.text.LearningCurvePlot;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.translation.Bleu;
import io.sequoia.translation.ChrF;
import io.sequoia.translation.TranslatorTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia train translator}: trains an encoder–decoder on parallel text (two aligned files
 * or a TSV), validates each epoch with greedy BLEU, keeps the best weights in {@code --out}, draws
 * the learning curves and, with {@code --test-src/--test-ref}, scores the result with beam search.
 */
@Command(name = "translator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a translator (GRU/LSTM encoder-decoder with attention, or a Transformer) on parallel text.")
public final class TrainTranslatorCommand implements Callable<Integer> {
    private static final TranslatorTrainer.Options DEFAULTS = new TranslatorTrainer.Options();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ParallelOptions data = new ParallelOptions();
    @Mixin TrainingOptions training = TrainingOptions.defaults(DEFAULTS.epochs, DEFAULTS.batchSize, DEFAULTS.lr, DEFAULTS.seed, DEFAULTS.clip);
    @Option(names = "--valid-src", paramLabel = "FILE", description = "Validation sources (BLEU each epoch, best epoch kept).") Path validSrc;
    @Option(names = "--valid-tgt", paramLabel = "FILE", description = "Validation references.") Path validTgt;
    @Option(names = "--test-src", paramLabel = "FILE", description = "Test sources, scored once at the end with --beam.") Path testSrc;
    @Option(names = "--test-ref", paramLabel = "FILE", description = "Test references.") Path testRef;
    @Option(names = "--model", description = "gru-attention, lstm-attention, gru, lstm or transformer (default: ${DEFAULT-VALUE}).")
    String model = "gru-attention";
    @Option(names = "--attention", description = "Recurrent models: general, dot or additive (default: ${DEFAULT-VALUE}).") String attention = "general";
    @Option(names = "--bpe", paramLabel = "MERGES", description = "Byte-pair-encoding merges learned on the training text; 0 = words (default: ${DEFAULT-VALUE}).")
    int bpe = DEFAULTS.bpe;
    @Option(names = "--separate-bpe", description = "Learn source and target merges separately (default: joint).") boolean separateBpe;
    @Option(names = "--shared-vocab", description = "One vocabulary for both sides (always for the Transformer: shared, tied embeddings).") boolean sharedVocab;
    @Option(names = "--embed-dim", description = "Embedding size, recurrent models (default: ${DEFAULT-VALUE}).") int embedDim = DEFAULTS.embedDim;
    @Option(names = "--hidden", description = "Hidden size (the Transformer's d_model) (default: ${DEFAULT-VALUE}).") int hidden = DEFAULTS.hidden;
    @Option(names = "--layers", description = "Layers of the encoder and of the decoder (default: ${DEFAULT-VALUE}; 3 for the Transformer).") int layers = DEFAULTS.layers;
    @Option(names = "--heads", description = "Transformer attention heads (default: 8).") int heads = DEFAULTS.heads;
    @Option(names = "--feedforward", description = "Transformer feed-forward size (default: 512).") int feedforward = DEFAULTS.feedforward;
    @Option(names = "--warmup", description = "Transformer warm-up steps of the inverse-square-root schedule (default: 800).") int warmup = DEFAULTS.warmup;
    @Option(names = "--dropout", description = "Dropout (default: ${DEFAULT-VALUE}; 0.1 for the Transformer).") double dropout = DEFAULTS.dropout;
    @Option(names = "--label-smoothing", description = "Label smoothing of the cross-entropy (default: ${DEFAULT-VALUE}).") double labelSmoothing = DEFAULTS.labelSmoothing;
    @Option(names = "--teacher-forcing", paramLabel = "RATIO", description = "Share of decoder inputs taken from the reference (1 = always; below 1 = scheduled sampling) (default: ${DEFAULT-VALUE}).")
    double teacherForcing = 1.0;
    @Option(names = "--teacher-forcing-end", paramLabel = "RATIO", description = "The ratio in the last epoch, reached linearly (default: the start ratio).") Double teacherForcingEnd;
    @Option(names = "--patience", description = "Stop after this many epochs without a better validation BLEU (0 = off, default).") int patience;
    @Option(names = "--beam", description = "Beam for the final test scoring (default: ${DEFAULT-VALUE}).") int beam = io.sequoia.translation.Translator.DEFAULT_BEAM;

    @Override public Integer call() throws Exception {
        String[] again = training.resumedCommandLine(spec, Usage.given(spec, "--data") ? "--data" : "--train-src");
        if (again != null) return io.sequoia.cli.Main.commandLine().execute(again);
        training.check(spec);
        training.checkModelOut(spec);
        if (training.out == null) throw usage("--out DIR is required (the model folder to write)");
        Path out = training.out;
        boolean json = training.json;
        if ((validSrc == null) != (validTgt == null)) throw usage("give both --valid-src and --valid-tgt, or neither");
        if ((testSrc == null) != (testRef == null)) throw usage("give both --test-src and --test-ref, or neither");
        TranslatorTrainer.Options o = new TranslatorTrainer.Options();
        o.model = model.toLowerCase(Locale.ROOT);
        if (!List.of("gru-attention", "lstm-attention", "gru", "lstm", "transformer").contains(o.model)) {
            throw usage("--model must be gru-attention, lstm-attention, gru, lstm or transformer; got " + model);
        }
        if (!List.of("general", "dot", "additive").contains(attention.toLowerCase(Locale.ROOT))) {
            throw usage("--attention must be general, dot or additive; got " + attention);
        }
        checkMemory(o.model);                                     // before reading: the sizes alone (vocabularies of 2)
        Usage.requireFile(spec, "--valid-src", validSrc);
        Usage.requireFile(spec, "--valid-tgt", validTgt);
        Usage.requireFile(spec, "--test-src", testSrc);
        Usage.requireFile(spec, "--test-ref", testRef);
        ParallelCorpus train = data.read(spec);
        checkBatch(o.model, train);
        ParallelCorpus valid = validSrc == null ? null : ParallelCorpus.readAligned(validSrc, validTgt, data.options());
        o.attention = attention;
        o.bpe = bpe;
        o.jointBpe = !separateBpe;
        o.sharedVocab = sharedVocab;
        o.embedDim = embedDim;
        o.hidden = hidden;
        boolean tf = o.model.equals("transformer");
        o.layers = effective("--layers", layers, TRANSFORMER_LAYERS, tf);
        o.heads = effective("--heads", heads, TRANSFORMER_HEADS, tf);
        o.feedforward = effective("--feedforward", feedforward, TRANSFORMER_FEEDFORWARD, tf);
        o.warmup = effective("--warmup", warmup, TRANSFORMER_WARMUP, tf);
        o.dropout = tf && !Usage.given(spec, "--dropout") ? TRANSFORMER_DROPOUT : dropout;
        o.labelSmoothing = labelSmoothing;
        o.teacherForcing = teacherForcing;
        o.teacherForcingEnd = teacherForcingEnd == null ? Double.NaN : teacherForcingEnd;
        o.epochs = training.epochs;
        o.batchSize = training.batchSize;
        o.lr = Usage.given(spec, "--lr") || !o.model.equals("transformer") ? training.lr : TRANSFORMER_LR;
        o.clip = training.clip;
        o.patience = patience;
        o.maxMinutes = training.maxMinutes;
        o.seed = training.seed;
        o.beforeBuilding = codec -> checkCounted(o, codec.sourceVocab().size(), codec.targetVocab().size(), train);
        System.out.printf(Locale.ROOT, "%d training pairs%s%s; %s%n", train.size(), train.skipped().isEmpty() ? "" : " (" + train.skipped().size() + " skipped)",
                valid == null ? "" : ", " + valid.size() + " validation pairs", o.toMap());
        long t0 = System.nanoTime();
        TranslatorTrainer.Result r = TranslatorTrainer.train(train, valid, o, out, System.out,
                new io.sequoia.train.Checkpointing(out, training.resume != null, training.checkpointEvery, training.checkpointExtras(spec)));
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", o.model);
        result.put("epochs", r.epochsRun());
        if (valid != null) {
            result.put("best_epoch", r.bestEpoch() + 1);
            result.put("val_bleu", r.bestBleu());
        }
        result.put("train_seconds_per_epoch", r.trainSecondsPerEpoch());
        result.put("tokens_per_second", r.tokensPerSecond());
        result.put("seconds", secs);
        System.out.printf(Locale.ROOT, "%nTrained %d epochs in %.0f s (%.1f s of training per epoch, %.0f source+target tokens/s)%s%n",
                r.epochsRun(), secs, r.trainSecondsPerEpoch(), r.tokensPerSecond(),
                valid == null ? "" : String.format(Locale.ROOT, "; best validation BLEU (greedy) %.2f at epoch %d", r.bestBleu(), r.bestEpoch() + 1));
        if (testSrc != null) {
            List<String> src = ParallelCorpus.readLines(testSrc, data.options().charset()), ref = ParallelCorpus.readLines(testRef, data.options().charset());
            long d0 = System.nanoTime();
            List<String> hyp = r.translator().translate(src, beam, io.sequoia.translation.Translator.DEFAULT_LENGTH_PENALTY);
            double dsecs = (System.nanoTime() - d0) / 1e9;
            Bleu.Score b = Bleu.corpus(hyp, ref);
            double chrf = ChrF.corpus(hyp, ref);
            System.out.printf(Locale.ROOT, "Test (beam %d, length penalty " + io.sequoia.translation.Translator.DEFAULT_LENGTH_PENALTY + "): %s  signature %s; chrF2 %.2f; %.1f sentences/s%n", beam, b, b.signature(), chrf, src.size() / dsecs);
            result.put("test_bleu", b.score());
            result.put("test_chrf", chrf);
            result.put("sentences_per_second", src.size() / dsecs);
        }
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (String k : List.of("loss", "val_loss", "val_bleu")) if (r.history().asMap().containsKey(k)) curves.put(k, r.history().get(k));
        LearningCurvePlot.write(out.resolve("curves.png"), o.model, curves);
        System.out.println("Saved " + out + ": config.json, model.safetensors, vocabularies, BPE merges, curves.png");
        if (json) System.out.println(io.sequoia.cli.JsonLine.of(result));
        return 0;
    }

    private int effective(String option, int given, int transformerDefault, boolean tf) { return tf && !Usage.given(spec, option) ? transformerDefault : given; }

    /**
     * Refuses (exit 2) before the data is read a model whose lower-bound size exceeds the heap: embeddings (vocabularies
     * of only 2 counted), encoder and decoder, with gradients and Adam's moments.
     */
    private void checkMemory(String m) {
        boolean tf = m.equals("transformer");
        int l = effective("--layers", layers, TRANSFORMER_LAYERS, tf), ff = effective("--feedforward", feedforward, TRANSFORMER_FEEDFORWARD, tf);
        double params = parameterBound(m, 2, 2, embedDim, hidden, l, ff);
        io.sequoia.cli.MemoryBudget.requireParameters(spec, tf ? "--hidden, --layers, --feedforward" : "--embed-dim, --hidden, --layers",
                tf ? hidden + ", " + l + ", " + ff : embedDim + ", " + hidden + ", " + l, params, io.sequoia.cli.MemoryBudget.BYTES_PER_TRAINED_PARAMETER,
                "counting vocabularies of only 2; with gradients and Adam's moments");
    }

    /**
     * A lower bound of the parameters of {@code TranslatorTrainer.build} (tested against {@code parameterCount()}): the Transformer's
     * encoder (4 d^2 attention, 2 d ff feed-forward a layer) and decoder (8 d^2 + 2 d ff) and one embedding; the recurrent models'
     * embeddings, bidirectional encoder, decoder and bridge.
     */
    public static double parameterBound(String m, int srcVocab, int tgtVocab, int embed, int hidden, int layers, int feedforward) {
        double d = hidden;
        if (m.equals("transformer")) return Math.max(srcVocab, tgtVocab) * d + layers * (12 * d * d + 4 * d * feedforward);
        int g = m.startsWith("gru") ? 3 : 4;
        return (double) (srcVocab + tgtVocab) * embed + io.sequoia.cli.MemoryBudget.recurrentParameters(g, 2, embed, hidden, layers)
                + io.sequoia.cli.MemoryBudget.recurrentParameters(g, 1, embed, hidden, layers) + 2 * d * d;
    }

    /**
     * Refuses (exit 2) a batch whose activations cannot fit: the largest batch holds at least the mean batch's words (each
     * word is one token or more), each with the gates of every recurrent layer or the Transformer's feed-forward layers.
     */
    private void checkBatch(String m, ParallelCorpus train) {
        boolean tf = m.equals("transformer");
        int l = effective("--layers", layers, TRANSFORMER_LAYERS, tf), ff = effective("--feedforward", feedforward, TRANSFORMER_FEEDFORWARD, tf);
        long words = 0;
        for (List<String> side : List.of(train.sources(), train.targets())) for (String x : side) words += x.isBlank() ? 0 : x.strip().split("\\s+").length;
        double perToken = tf ? (double) ff * l : (m.startsWith("gru") ? 3.0 : 4.0) * hidden * l;
        io.sequoia.cli.MemoryBudget.requireBatch(spec, tf ? "--batch-size, --feedforward, --layers" : "--batch-size, --hidden, --layers",
                training.batchSize + ", " + (tf ? ff : hidden) + ", " + l, io.sequoia.cli.MemoryBudget.largestBatch(words, train.size(), training.batchSize), "words",
                perToken, tf ? "feed-forward activations of every layer" : "recurrent gates of every layer");
    }

    /**
     * Refuses (exit 2) once the vocabularies are counted (BPE learned) and before the network is allocated: the model with
     * its real vocabularies, then one batch's activations beyond the gates ({@link #activationBound}), then (with --test-src)
     * the beam search's logits.
     */
    private void checkCounted(TranslatorTrainer.Options o, int srcVocab, int tgtVocab, ParallelCorpus train) {
        boolean tf = o.transformer();
        String vocab = "vocabularies " + srcVocab + " (source) and " + tgtVocab + " (target), counted";
        io.sequoia.cli.MemoryBudget.requireParameters(spec, tf ? "--hidden, --layers, --feedforward, --bpe" : "--embed-dim, --hidden, --layers, --bpe",
                (tf ? o.hidden + ", " + o.layers + ", " + o.feedforward : o.embedDim + ", " + o.hidden + ", " + o.layers) + ", " + o.bpe,
                parameterBound(o.model, srcVocab, tgtVocab, o.embedDim, o.hidden, o.layers, o.feedforward), io.sequoia.cli.MemoryBudget.BYTES_PER_TRAINED_PARAMETER,
                vocab + "; with gradients and Adam's moments");
        double act = activationBound(o.model, tgtVocab, o.heads, o.layers, train.sources(), train.targets(), o.batchSize);
        io.sequoia.cli.MemoryBudget.require(spec, "--batch-size, --bpe" + (tf ? ", --heads, --layers" : ""), o.batchSize + ", " + o.bpe + (tf ? ", " + o.heads + ", " + o.layers : ""),
                "one batch's logits over the target vocabulary of " + tgtVocab + " and their gradient" + (o.model.equals("gru") || o.model.equals("lstm") ? "" : ", and the attention weights"),
                act);
        if (testSrc != null) {
            io.sequoia.cli.MemoryBudget.require(spec, "--beam", Integer.toString(beam), "the beam search's scores of " + beam + " hypotheses over the target vocabulary of " + tgtVocab,
                    beamBound(beam, tgtVocab));
        }
    }

    /** Bytes of a beam search step, at least: the logits and log-probabilities of {@code beam} hypotheses over the target vocabulary. */
    public static double beamBound(int beam, int tgtVocab) { return 8.0 * beam * tgtVocab; }

    /**
     * Bytes of one training batch's activations beyond the gates, at least (tested against a measured step): the logits over
     * the target vocabulary and their gradient (2 floats per target token and word of the vocabulary), and the attention weights
     * with their scores (2 floats per target × source token pair; the Transformer's heads × layers of cross-, decoder self- and
     * encoder self-attention). Every word is one BPE token or more (+1 for the end of sentence on the target side) and padding only
     * adds, so the sums over all pairs divided by the number of batches are at most the largest batch's.
     */
    public static double activationBound(String m, int tgtVocab, int heads, int layers, List<String> sources, List<String> targets, int batchSize) {
        double lt = 0, ltls = 0, lt2 = 0, ls2 = 0;
        for (int i = 0; i < sources.size(); i++) {
            double s = words(sources.get(i)), t = words(targets.get(i)) + 1;
            lt += t;
            ltls += t * s;
            lt2 += t * t;
            ls2 += s * s;
        }
        double batches = Math.ceil((double) Math.max(1, sources.size()) / Math.max(1, batchSize));
        double floats = 2.0 * tgtVocab * lt;
        if (m.equals("transformer")) floats += 2.0 * heads * layers * (ltls + lt2 + ls2);
        else if (m.endsWith("attention")) floats += 2.0 * ltls;
        return 4.0 * floats / batches;
    }

    private static int words(String x) { return x.isBlank() ? 0 : x.strip().split("\\s+").length; }

    /**
     * The Transformer's settings when the options are not given: those of the Multi30k lab run
     * (docs/labs.md: test BLEU 37.35 after 9 epochs). The recurrent models' defaults are {@link TranslatorTrainer.Options}'s.
     */
    static final double TRANSFORMER_LR = TranslatorTrainer.TRANSFORMER_LR, TRANSFORMER_DROPOUT = TranslatorTrainer.TRANSFORMER_DROPOUT;
    static final int TRANSFORMER_LAYERS = TranslatorTrainer.TRANSFORMER_LAYERS, TRANSFORMER_HEADS = TranslatorTrainer.TRANSFORMER_HEADS,
            TRANSFORMER_FEEDFORWARD = TranslatorTrainer.TRANSFORMER_FEEDFORWARD, TRANSFORMER_WARMUP = TranslatorTrainer.TRANSFORMER_WARMUP;

    private CommandLine.ParameterException usage(String msg) {
        return Usage.error(spec, msg);
    }
}
