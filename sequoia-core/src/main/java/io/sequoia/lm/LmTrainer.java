package io.sequoia.lm;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.loss.CrossEntropyLoss;
import io.sequoia.optim.Adam;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.train.Batches;
import io.sequoia.train.Callback;
import io.sequoia.train.ResumableCallback;
import io.sequoia.train.FitOptions;
import io.sequoia.train.Model;
import io.sequoia.train.ReduceLROnPlateau;
import io.sequoia.train.StepLoss;
import io.sequoia.train.TrainingStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Language-model training on one long token stream, as in Zaremba et al. (2014): the stream is cut
 * into {@code batchSize} parallel streams, trained with truncated BPTT over chunks of
 * {@code seqLen} tokens (the state carried across chunks, detached), Adam with gradient-norm
 * clipping, the learning rate halved when the validation loss has not improved for
 * {@value #PATIENCE} epochs, and the best
 * model handed to a checkpoint callback. Models without carried state (the causal Transformer)
 * train on windows at random offsets instead, as nanoGPT does. Losses are in nats per token.
 */
public final class LmTrainer {
    private LmTrainer() {}

    /** Epochs without a better validation loss before the learning rate is halved. */
    public static final int PATIENCE = 2;

    /** Training options; {@code maxMinutes} ≤ 0 means no time limit. */
    public record Options(int seqLen, int batchSize, int epochs, double lr, double clip, double maxMinutes) {
        public Options {
            if (seqLen < 1) throw Errors.arg("LmTrainer", "seqLen must be at least 1", ">= 1", seqLen, null);
            if (batchSize < 1) throw Errors.arg("LmTrainer", "batchSize must be at least 1", ">= 1", batchSize, null);
            if (epochs < 1) throw Errors.arg("LmTrainer", "epochs must be at least 1", ">= 1", epochs, null);
            if (!(lr > 0)) throw Errors.arg("LmTrainer", "lr must be positive", "> 0", lr, null);
            if (!(clip >= 0)) throw Errors.arg("LmTrainer", "clip must be non-negative", ">= 0", clip, null);
        }
    }

    /** One epoch's numbers. */
    public record Epoch(int epoch, double trainLoss, double valLoss, double lr, double seconds) {
        public double valPerplexity() { return Math.exp(valLoss); }
        public double valBitsPerToken() { return valLoss / Math.log(2); }
    }

    /** (B, len) streams: token i of stream b is {@code ids[b·len + i]}; the tail that does not fill a stream is dropped. */
    public static int[][] streams(int[] ids, int b) {
        int len = ids.length / b;
        if (len < 2) throw Errors.arg("LmTrainer.streams", "text too short for the batch size", "at least " + 2 * b + " tokens", ids.length, "batch " + b);
        int[][] s = new int[b][len];
        for (int i = 0; i < b; i++) System.arraycopy(ids, i * len, s[i], 0, len);
        return s;
    }

    private static Tensor chunk(int[][] s, int from, int len) {
        float[] f = new float[s.length * len];
        for (int b = 0; b < s.length; b++) for (int i = 0; i < len; i++) f[b * len + i] = s[b][from + i];
        return new Tensor(NDArray.wrap(f, s.length, len));
    }

    /**
     * For models without carried state (attention): B windows at random offsets of the text, as
     * nanoGPT trains — fixed chunk boundaries would let the model learn positions instead of text.
     */
    private static Tensor[] randomWindows(int[] ids, int b, int l) {
        float[] x = new float[b * l], y = new float[b * l];
        for (int r = 0; r < b; r++) {
            int start = io.sequoia.tensor.Generator.global().nextInt(ids.length - l);
            for (int i = 0; i < l; i++) { x[r * l + i] = ids[start + i]; y[r * l + i] = ids[start + i + 1]; }
        }
        return new Tensor[]{new Tensor(NDArray.wrap(x, b, l)), new Tensor(NDArray.wrap(y, b, l))};
    }

    private static Tensor loss(LanguageModel m, Tensor x, Tensor y) {
        Tensor logits = m.forward(x);                                    // (B, L, V)
        return new CrossEntropyLoss().forward(logits.reshape(-1, m.vocabSize()), y.reshape(-1));
    }

    /**
     * Trains through the one fit loop ({@link Model#fit(Batches, TrainingStep, FitOptions)}): the
     * chunks of the parallel streams in order as batches (the state carried and detached between
     * them, reset each epoch), or random windows for models without state; Adam, clipping, the
     * learning rate halved on a plateau ({@link ReduceLROnPlateau} with patience {@value #PATIENCE} − 1,
     * PyTorch's semantics), and {@code onBest} called whenever the validation loss reaches a new best.
     * {@code log} receives one line per epoch (null: silent, no progress bar).
     */
    public static List<Epoch> train(LanguageModel m, int[] train, int[] valid, Options o, Runnable onBest, Consumer<String> log) {
        return train(m, train, valid, o, onBest, log, null);
    }

    /** As above, checkpointed (and resumed) as {@code c} says; null = no checkpoints. */
    public static List<Epoch> train(LanguageModel m, int[] train, int[] valid, Options o, Runnable onBest, Consumer<String> log,
                                    io.sequoia.train.Checkpointing c) {
        if (o.seqLen() > m.contextLength()) {
            throw Errors.arg("LmTrainer", "seqLen must not exceed the model's context length", "<= " + m.contextLength(), o.seqLen(), null);
        }
        int[][] s = streams(train, o.batchSize());
        int len = s[0].length;
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 1 < len; i += o.seqLen()) starts.add(i);
        StateScope[] carry = {null};
        TrainingStep<Integer> step = i -> {
            if (i == 0) {                                              // a new epoch: the streams start again from zeros
                if (carry[0] != null) carry[0].close();
                carry[0] = new StateScope(m);
            } else if (carry[0] == null) {                             // resumed mid-epoch: the checkpoint restored the carried state
                carry[0] = new StateScope(m, false);
            } else {
                carry[0].detach();                                     // truncated BPTT: cut the carried state
            }
            int l = Math.min(o.seqLen(), len - 1 - i);
            Tensor[] xy = m.state() != null ? new Tensor[]{chunk(s, i, l), chunk(s, i + 1, l)} : randomWindows(train, o.batchSize(), l);
            return StepLoss.of(loss(m, xy[0], xy[1]), (double) l * s.length);
        };
        int validBatch = Math.min(o.batchSize(), Math.max(1, valid.length / (o.seqLen() + 1)));
        List<Epoch> history = new ArrayList<>();
        Callback bookkeeping = new ResumableCallback() {
            double best = Double.POSITIVE_INFINITY;
            long t0;

            @Override public void onEpochBegin(Model model, int epoch) { t0 = System.nanoTime(); }

            @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                double val = logs.get("val_loss"), lr = model.optimizer().lr();
                Epoch e = new Epoch(epoch + 1, logs.get("loss"), val, lr, (System.nanoTime() - t0) / 1e9);
                history.add(e);
                if (log != null) {
                    log.accept(String.format(Locale.ROOT, "epoch %d: train %.4f, valid %.4f nats/token (ppl %.2f, %.3f bits), lr %.2g, %.0f s",
                            e.epoch(), e.trainLoss(), val, e.valPerplexity(), e.valBitsPerToken(), lr, e.seconds()));
                }
                if (val < best) {
                    best = val;
                    if (onBest != null) onBest.run();
                }
            }

            @Override public void onTrainEnd(Model model) {
                if (carry[0] != null) carry[0].close();
            }

            @Override public Map<String, Object> saveState() {
                List<List<Double>> epochs = new ArrayList<>();
                for (Epoch e : history) epochs.add(List.of((double) e.epoch(), e.trainLoss(), e.valLoss(), e.lr(), e.seconds()));
                return Map.of("best", Double.toString(best), "epochs", epochs);
            }

            @Override @SuppressWarnings("unchecked") public void restoreState(Map<String, Object> st) {
                best = Double.parseDouble((String) st.get("best"));
                history.clear();
                for (List<Number> e : (List<List<Number>>) st.get("epochs")) {
                    history.add(new Epoch(e.get(0).intValue(), e.get(1).doubleValue(), e.get(2).doubleValue(), e.get(3).doubleValue(), e.get(4).doubleValue()));
                }
            }
        };
        Model model = new Model(m).compile(ps -> new Adam(ps, o.lr()));
        FitOptions fo = FitOptions.epochs(o.epochs()).clipNorm(o.clip())
                .maxMinutes(Math.max(0, o.maxMinutes())).verbose(log == null ? 0 : 1)
                .validation(() -> Map.of("loss", evaluate(m, valid, validBatch, o.seqLen())))
                .callbacks(bookkeeping, new ReduceLROnPlateau("val_loss", 0.5, PATIENCE - 1, "min", 0));
        fo.checkpointing(c);
        model.fit(Batches.fixed(starts.size(), starts::get), step, fo);
        return history;
    }

    /** Mean loss in nats per token of {@code ids} under the model (eval mode, streams of {@code batch}). */
    public static double evaluate(LanguageModel m, int[] ids, int batch, int seqLen) {
        seqLen = Math.min(seqLen, m.contextLength());
        int[][] s = streams(ids, batch);
        m.eval();
        double sum = 0;
        long tokens = 0;
        try (var g = GradMode.noGrad(); var carry = new StateScope(m)) {
            int len = s[0].length;
            for (int i = 0; i + 1 < len; i += seqLen) {
                int l = Math.min(seqLen, len - 1 - i);
                sum += loss(m, chunk(s, i, l), chunk(s, i + 1, l)).item() * l * s.length;
                tokens += (long) l * s.length;
            }
        }
        return sum / tokens;
    }
}
