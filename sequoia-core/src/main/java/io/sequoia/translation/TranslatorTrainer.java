package io.sequoia.translation;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.nn.loss.CrossEntropyLoss;
import io.sequoia.nn.loss.Reduction;
import io.sequoia.optim.Adam;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.train.Callback;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import io.sequoia.train.StepLoss;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a translator through the one fit loop: learns the {@link TextCodec} on the training pairs,
 * batches by length, minimises label-smoothed cross-entropy over the target tokens (padding
 * ignored) with Adam and gradient clipping, validates each epoch (loss and greedy BLEU), keeps the
 * weights of the best validation BLEU (saved to the output folder as they improve) and stops on
 * patience or the time budget. Teacher forcing with a ratio below 1 is scheduled sampling done in
 * two passes (Mihaylova &amp; Liu, 2019): a teacher-forced pass without a graph predicts each
 * position, then each decoder input is the model's prediction with probability 1 − ratio; the ratio
 * moves linearly from {@code teacherForcing} to {@code teacherForcingEnd} over the epochs. The
 * Transformer uses the inverse-square-root warm-up schedule ({@code lr · min(step/warmup, √(warmup/step))}).
 */
public final class TranslatorTrainer {
    private TranslatorTrainer() {}

    /** The product's defaults are the best measured configuration on Multi30k (docs/labs.md). */
    /**
     * The Transformer's settings when the command line does not give them: those of the Multi30k lab
     * run (docs/labs.md). The recurrent models' defaults are {@link Options}'s.
     */
    public static final double TRANSFORMER_LR = 7e-4, TRANSFORMER_DROPOUT = 0.1;
    public static final int TRANSFORMER_LAYERS = 3, TRANSFORMER_HEADS = 8, TRANSFORMER_FEEDFORWARD = 512, TRANSFORMER_WARMUP = 800;

    public static final class Options {
        public String model = "gru-attention";
        public String attention = "general";
        public int bpe = 5000, minFrequency = 1;
        public boolean jointBpe = true, sharedVocab = false;
        public int embedDim = 256, hidden = 256, layers = 1;
        public double dropout = 0.3, lr = 2e-3, clip = 1.0, labelSmoothing = 0.1;
        public int batchSize = 64, epochs = 10, patience = 0, warmup = 4000, heads = 4, feedforward = 1024;
        public double teacherForcing = 1.0, teacherForcingEnd = Double.NaN;
        public double maxMinutes = 0;
        public long seed = 1;
        public int verbose = 1;
        public boolean normFirst = true;
        /**
         * Called with the learned codec (BPE merges, counted vocabularies) before the network is allocated: a caller may
         * refuse sizes that cannot fit (the command line's memory bound). Not part of the config.
         */
        public java.util.function.Consumer<TextCodec> beforeBuilding;

        public boolean transformer() { return model.equals("transformer"); }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            if (!transformer()) m.put("attention", attention);
            m.put("bpe", bpe);
            m.put("joint_bpe", jointBpe);
            m.put("shared_vocab", sharedVocab);
            m.put("embed_dim", embedDim);
            m.put("hidden", hidden);
            m.put("layers", layers);
            m.put("dropout", dropout);
            m.put("lr", lr);
            m.put("clip", clip);
            m.put("label_smoothing", labelSmoothing);
            m.put("batch_size", batchSize);
            m.put("epochs", epochs);
            m.put("teacher_forcing", teacherForcing);
            m.put("teacher_forcing_end", Double.isNaN(teacherForcingEnd) ? teacherForcing : teacherForcingEnd);
            if (transformer()) { m.put("warmup", warmup); m.put("heads", heads); m.put("feedforward", feedforward); m.put("norm_first", normFirst); }
            m.put("seed", seed);
            return m;
        }
    }

    /** The trained translator (best validation weights), the history and the measured speed. */
    public record Result(Translator translator, History history, double bestBleu, int bestEpoch, double trainSecondsPerEpoch,
                         double tokensPerSecond, int epochsRun) {}

    public static Result train(ParallelCorpus train, ParallelCorpus valid, Options o, Path out, PrintStream log) {
        return train(train, valid, o, out, log, null);
    }

    /**
     * As above, checkpointed (and resumed) as {@code checkpointing} says (null: no checkpoints); the
     * best-epoch keeper and the warm-up schedule are saved with the checkpoint, and the teacher-forcing
     * ratio follows from the epoch.
     */
    public static Result train(ParallelCorpus train, ParallelCorpus valid, Options o, Path out, PrintStream log,
                               io.sequoia.train.Checkpointing checkpointing) {
        Translator translator = create(train, o);
        int[][][] pairs = encode(translator.codec(), train);
        PairBatches batches = new PairBatches(pairs[0], pairs[1], o.batchSize);
        Seq2Seq net = translator.model();
        CrossEntropyLoss ce = loss(o);
        double[] ratio = {o.teacherForcing};
        double tfEnd = Double.isNaN(o.teacherForcingEnd) ? o.teacherForcing : o.teacherForcingEnd;
        Callback teacherForcing = new Callback() {
            @Override public void onEpochBegin(Model m, int epoch) {
                ratio[0] = o.epochs <= 1 ? o.teacherForcing : o.teacherForcing + (tfEnd - o.teacherForcing) * epoch / (o.epochs - 1);
            }
        };
        return fit(translator, batches, b -> step(net, ce, b, ratio[0]), tokens(pairs), valid, o, out, log, checkpointing, teacherForcing);
    }

    /**
     * The untrained translator {@link #train} starts from: the generator seeded with {@code o.seed}, the
     * codec (BPE merges, vocabularies) learned on the training text, the network built, the training and
     * decoding settings in its config.
     */
    public static Translator create(ParallelCorpus train, Options o) {
        if (train.size() == 0) throw Errors.arg("TranslatorTrainer.train", "the training data must hold pairs", ">= 1 pair", 0, null);
        Generator.manualSeed(o.seed);
        TextCodec codec = TextCodec.learn(train.sources(), train.targets(), o.bpe, o.jointBpe, o.sharedVocab || o.transformer(), o.minFrequency);
        if (o.beforeBuilding != null) o.beforeBuilding.accept(codec);
        Seq2Seq net = build(o, codec);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("training", o.toMap());
        Map<String, Object> decoding = new LinkedHashMap<>();
        decoding.put("beam", Translator.DEFAULT_BEAM);
        decoding.put("length_penalty", Translator.DEFAULT_LENGTH_PENALTY.toString());
        extra.put("decoding", decoding);
        return new Translator(net, codec, extra);
    }

    /**
     * The training pairs as token ids, {@code {sources, targets}}, leaving out pairs with an empty
     * source or a side longer than the Transformer's positions allow (as {@link #train} does).
     */
    public static int[][][] encode(TextCodec codec, ParallelCorpus train) {
        List<int[]> src = new ArrayList<>(), tgt = new ArrayList<>();
        for (ParallelCorpus.Pair p : train.pairs()) {
            int[] s = codec.encodeSource(p.source()), t = codec.encodeTarget(p.target());
            if (!trainable(s, t)) continue;
            src.add(s);
            tgt.add(t);
        }
        return new int[][][]{src.toArray(new int[0][]), tgt.toArray(new int[0][])};
    }

    /** Whether {@link #encode} keeps an encoded pair: a non-empty source, both sides within the Transformer's positions. */
    public static boolean trainable(int[] src, int[] tgt) {
        return src.length > 0 && src.length <= TransformerTranslator.MAX_LEN - 2 && tgt.length <= TransformerTranslator.MAX_LEN - 2;
    }

    private static long tokens(int[][][] pairs) {
        long tokens = 0;
        for (int i = 0; i < pairs[0].length; i++) tokens += pairs[0][i].length + pairs[1][i].length + 1;
        return tokens;
    }

    /** The training loss: cross-entropy over target tokens (padding ignored), label-smoothed as {@code o} says. */
    public static CrossEntropyLoss loss(Options o) { return new CrossEntropyLoss(null, TextCodec.PAD, Reduction.MEAN, o.labelSmoothing); }

    /**
     * The training step on one batch: teacher-forced logits (decoder inputs sampled from the model's own
     * predictions with probability 1 − {@code teacherForcing}) and {@code ce}, a mean over the target tokens.
     */
    public static StepLoss step(Seq2Seq net, CrossEntropyLoss ce, PairBatches.Batch b, double teacherForcing) {
        Tensor in = teacherForcing < 1 ? sampledInputs(net, b, teacherForcing) : b.tgtIn();
        Tensor logits = net.logits(b.src(), b.srcLengths(), in);
        return new StepLoss(ce.forward(logits.reshape(-1, logits.size(2)), b.tgtOut().reshape(-1)), b.targetTokens());
    }

    /**
     * Trains {@code translator} with the batches and step given (the optimizer, warm-up, clipping,
     * validation, best-epoch keeping and saving are this trainer's): {@link #train}'s loop, for a step
     * computed elsewhere as well, as in data-parallel training. {@code tokens}: source and target tokens
     * per epoch (for the speed); {@code extra}: further callbacks.
     */
    public static <B> Result fit(Translator translator, io.sequoia.train.Batches<B> batches, io.sequoia.train.TrainingStep<B> step, long tokens,
                                 ParallelCorpus valid, Options o, Path out, PrintStream log, io.sequoia.train.Checkpointing checkpointing,
                                 Callback... extra) {
        Seq2Seq net = translator.model();
        TextCodec codec = translator.codec();
        CrossEntropyLoss ce = loss(o);
        Model model = new Model(net).compile(params -> o.transformer()
                ? new Adam(params, o.lr, new double[]{0.9, 0.98}, 1e-9, 0, false) : new Adam(params, o.lr));
        List<String> validSrc = valid == null ? List.of() : valid.sources(), validRef = valid == null ? List.of() : valid.targets();
        PairBatches.Batch[] validBatches = valid == null ? new PairBatches.Batch[0] : validBatches(codec, valid, o.batchSize);
        long[] validNanos = {0};
        FitOptions fo = FitOptions.epochs(o.epochs).verbose(o.verbose).checkpointing(checkpointing);
        if (o.clip > 0) fo.clipNorm(o.clip);
        if (o.maxMinutes > 0) fo.maxMinutes(o.maxMinutes);
        if (valid != null) {
            fo.validation(() -> {
                long t0 = System.nanoTime();
                double lossSum = 0, w = 0;
                for (PairBatches.Batch b : validBatches) {
                    Tensor logits = net.logits(b.src(), b.srcLengths(), b.tgtIn());
                    lossSum += ce.forward(logits.reshape(-1, logits.size(2)), b.tgtOut().reshape(-1)).item() * b.targetTokens();
                    w += b.targetTokens();
                }
                List<String> hyps = translator.translate(validSrc, 1, LengthPenalty.none());
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("loss", lossSum / w);
                m.put("bleu", Bleu.corpus(hyps, validRef).score());
                validNanos[0] += System.nanoTime() - t0;
                return m;
            });
        }
        BestKeeper best = new BestKeeper(translator, out, o.patience, valid != null);
        List<Callback> cbs = new ArrayList<>(List.of(best));
        if (o.transformer()) cbs.add(new InverseSqrtWarmup(o.lr, o.warmup));
        cbs.addAll(List.of(extra));
        fo.callbacks(cbs.toArray(new Callback[0]));
        if (log != null) model.logTo(log);
        long t0 = System.nanoTime();
        History h = model.fit(batches, step, fo);
        double total = (System.nanoTime() - t0 - validNanos[0]) / 1e9;
        int epochs = h.epochs();
        best.restore();
        if (out != null && valid == null) save(translator, out);
        return new Result(translator, h, best.bestBleu, best.bestEpoch, total / Math.max(1, epochs), tokens * epochs / total, epochs);
    }

    static Seq2Seq build(Options o, TextCodec codec) {
        int vs = codec.sourceVocab().size(), vt = codec.targetVocab().size();
        return switch (o.model) {
            case "gru-attention", "lstm-attention", "gru", "lstm" -> new RecurrentTranslator(
                    o.model.startsWith("gru") ? RecurrentTranslator.Cell.GRU : RecurrentTranslator.Cell.LSTM,
                    o.model.endsWith("attention") ? RecurrentTranslator.Attention.valueOf(o.attention.toUpperCase(java.util.Locale.ROOT))
                            : RecurrentTranslator.Attention.NONE,
                    vs, vt, o.embedDim, o.hidden, o.layers, o.dropout, TextCodec.PAD);
            case "transformer" -> new TransformerTranslator(vs, vt, o.hidden, o.heads, o.layers, o.layers, o.feedforward, o.dropout,
                    o.normFirst, codec.sharedVocab(), true, TextCodec.PAD);
            default -> throw Errors.arg("TranslatorTrainer", "unknown model", "gru-attention, lstm-attention, gru, lstm or transformer", o.model, null);
        };
    }

    private static PairBatches.Batch[] validBatches(TextCodec codec, ParallelCorpus valid, int batchSize) {
        List<int[]> s = new ArrayList<>(), t = new ArrayList<>();
        for (ParallelCorpus.Pair p : valid.pairs()) {
            int[] a = codec.encodeSource(p.source());
            if (a.length == 0) continue;
            s.add(a);
            t.add(codec.encodeTarget(p.target()));
        }
        int[][] sa = s.toArray(new int[0][]), ta = t.toArray(new int[0][]);
        List<PairBatches.Batch> out = new ArrayList<>();
        for (int from = 0; from < sa.length; from += batchSize) {
            out.add(PairBatches.batch(sa, ta, java.util.stream.IntStream.range(from, Math.min(sa.length, from + batchSize)).toArray()));
        }
        return out.toArray(new PairBatches.Batch[0]);
    }

    /** Scheduled sampling: each decoder input after the first is the model's own prediction with probability 1 − ratio. */
    static Tensor sampledInputs(Seq2Seq net, PairBatches.Batch b, double ratio) {
        Tensor pred;
        try (var g = GradMode.noGrad()) {
            pred = net.logits(b.src(), b.srcLengths(), b.tgtIn()).argmax(2, false);    // (N, T): prediction of position t
        }
        float[] in = b.tgtIn().data().toFloatArray(), p = pred.data().toFloatArray();
        int n = b.tgtIn().size(0), t = b.tgtIn().size(1);
        Generator g = Generator.global();
        for (int i = 0; i < n; i++) {
            for (int j = 1; j < t; j++) {
                if (in[i * t + j] != TextCodec.PAD && g.nextDouble() >= ratio) in[i * t + j] = p[i * t + j - 1];
            }
        }
        return new Tensor(NDArray.wrap(in, n, t));
    }

    static void save(Translator t, Path out) {
        try {
            t.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps (and saves) the weights of the best validation BLEU; stops after {@code patience} epochs without a gain. */
    private static final class BestKeeper implements io.sequoia.train.ResumableCallback {
        private final Translator translator;
        private final Path out;
        private final int patience;
        private final boolean validating;
        double bestBleu = Double.NEGATIVE_INFINITY;
        int bestEpoch = -1, since;
        private Map<String, NDArray> bestState;

        BestKeeper(Translator translator, Path out, int patience, boolean validating) {
            this.translator = translator;
            this.out = out;
            this.patience = patience;
            this.validating = validating;
        }

        @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
            if (!validating) return;
            double bleu = logs.getOrDefault("val_bleu", Double.NaN);
            if (bleu > bestBleu) {
                bestBleu = bleu;
                bestEpoch = epoch;
                since = 0;
                bestState = new LinkedHashMap<>();
                translator.model().stateDict().forEach((k, v) -> bestState.put(k, v.copy()));
                if (out != null) save(translator, out);
            } else if (patience > 0 && ++since >= patience) {
                model.stopTraining();
            }
        }

        void restore() {
            if (bestState != null) translator.model().loadStateDict(bestState, true);
        }

        @Override public Map<String, Object> saveState() {
            return Map.of("best_bleu", Double.toString(bestBleu), "best_epoch", bestEpoch, "since", since);
        }

        @Override public void restoreState(Map<String, Object> s) {
            bestBleu = Double.parseDouble((String) s.get("best_bleu"));
            bestEpoch = ((Number) s.get("best_epoch")).intValue();
            since = ((Number) s.get("since")).intValue();
        }

        @Override public Map<String, NDArray> saveTensors() { return bestState == null ? Map.of() : bestState; }

        @Override public void restoreTensors(Map<String, NDArray> t) { bestState = t.isEmpty() ? null : new LinkedHashMap<>(t); }
    }

    /** The Transformer's schedule: the learning rate rises linearly for {@code warmup} steps, then falls as 1/√step. */
    public static final class InverseSqrtWarmup implements io.sequoia.train.ResumableCallback {
        private final double peak;
        private final int warmup;
        private int step;

        public InverseSqrtWarmup(double peak, int warmup) {
            if (warmup < 1) throw Errors.arg("InverseSqrtWarmup", "warmup must be at least 1 step", ">= 1", warmup, null);
            this.peak = peak;
            this.warmup = warmup;
        }

        public static double rate(double peak, int warmup, int step) {
            return peak * Math.min((double) step / warmup, Math.sqrt((double) warmup / step));
        }

        @Override public void onTrainBegin(Model model) { step = 1; model.optimizer().setLr(rate(peak, warmup, 1)); }

        @Override public void onBatchEnd(Model model, int batch, Map<String, Double> logs) {
            model.optimizer().setLr(rate(peak, warmup, ++step));
        }

        @Override public Map<String, Object> saveState() { return Map.of("step", step); }

        @Override public void restoreState(Map<String, Object> s) { step = ((Number) s.get("step")).intValue(); }
    }
}
