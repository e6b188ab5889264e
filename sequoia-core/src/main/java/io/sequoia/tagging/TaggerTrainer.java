package io.sequoia.tagging;

import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.optim.Adam;
import io.sequoia.optim.SGD;
import io.sequoia.tensor.Errors;
import io.sequoia.train.Callback;
import io.sequoia.train.EarlyStopping;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import io.sequoia.train.ResumableCallback;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Tagger} through the one fit loop: length-bucketed batches, the tagger's loss as
 * the step, validation after each epoch (entity F1 for chunk tags, token accuracy otherwise),
 * early stopping on it, and the best epoch saved as a model folder (when {@code out} is set) and
 * restored at the end.
 *
 * @param optimizer   adam or sgd (SGD with momentum 0.9, as Ma &amp; Hovy)
 * @param lrDecay     the learning rate of epoch e (0-based) is lr / (1 + lrDecay·e), Ma &amp; Hovy's schedule (0 = constant)
 * @param clip        gradient-norm clipping (0 = off)
 * @param patience    epochs without a better validation score before stopping (0 = never stop early)
 * @param maxMinutes  time budget (0 = none)
 */
public record TaggerTrainer(int epochs, int batchSize, String optimizer, double lr, double lrDecay, double clip, int patience, double maxMinutes,
                            int verbose, Path out) {
    public static final TaggerTrainer DEFAULT = new TaggerTrainer(30, 16, "adam", 2e-3, 0.05, 5.0, 6, 0, 1, null);
    public static final int EVAL_BATCH = 128;

    public TaggerTrainer {
        String w = "TaggerTrainer";
        if (epochs < 1) throw Errors.arg(w, "epochs must be at least 1", ">= 1", epochs, null);
        if (batchSize < 1) throw Errors.arg(w, "batchSize must be at least 1", ">= 1", batchSize, null);
        if (!List.of("adam", "sgd").contains(optimizer)) throw Errors.arg(w, "unknown optimizer", "adam or sgd", optimizer, null);
        if (!(lr > 0)) throw Errors.arg(w, "lr must be positive", "> 0", lr, null);
        if (!(lrDecay >= 0)) throw Errors.arg(w, "lrDecay must be non-negative", ">= 0", lrDecay, null);
    }

    public TaggerTrainer withEpochs(int e) { return new TaggerTrainer(e, batchSize, optimizer, lr, lrDecay, clip, patience, maxMinutes, verbose, out); }
    public TaggerTrainer withOut(Path dir) { return new TaggerTrainer(epochs, batchSize, optimizer, lr, lrDecay, clip, patience, maxMinutes, verbose, dir); }
    public TaggerTrainer withVerbose(int v) { return new TaggerTrainer(epochs, batchSize, optimizer, lr, lrDecay, clip, patience, maxMinutes, v, out); }

    /** What a training run gives: the per-epoch logs, the best epoch (1-based) and its validation score, tokens/s. */
    public record Result(History history, int bestEpoch, double bestScore, String monitor, List<Double> epochSeconds, double tokensPerSecond) {}

    /** Trains {@code tagger} on {@code train}, selecting on {@code valid} (may be null: the last epoch is kept). */
    public Result fit(Tagger tagger, List<TaggedSentence> train, List<TaggedSentence> valid, PrintStream log) {
        return fit(tagger, train, valid, log, null);
    }

    /** As above, checkpointed (and resumed) as {@code checkpointing} says (null: no checkpoints). */
    public Result fit(Tagger tagger, List<TaggedSentence> train, List<TaggedSentence> valid, PrintStream log,
                      io.sequoia.train.Checkpointing checkpointing) {
        return fit(tagger, tagger.batches(train, batchSize), tagger::step, train.stream().mapToInt(TaggedSentence::size).sum(), valid, log, checkpointing);
    }

    /**
     * As above with the batches and the step given (the optimizer, schedule, validation, early stopping
     * and best-epoch keeping are this trainer's): for a step computed elsewhere, as in data-parallel
     * training, whose step's gradients are the tagger's loss gradients. {@code tokens}: tokens per epoch.
     */
    public <B> Result fit(Tagger tagger, io.sequoia.train.Batches<B> batches, io.sequoia.train.TrainingStep<B> step, int tokens,
                          List<TaggedSentence> valid, PrintStream log, io.sequoia.train.Checkpointing checkpointing) {
        Model model = new Model(tagger.network());
        model.compile(optimizer.equals("adam") ? params -> new Adam(params, lr) : params -> new SGD(params, lr, 0.9));
        if (log != null) model.logTo(log);
        String key = tagger.chunkTags() ? "f1" : "accuracy";
        String monitor = "val_" + key;
        List<Callback> callbacks = new ArrayList<>();
        EpochTimer timer = new EpochTimer();
        callbacks.add(timer);
        if (lrDecay > 0) callbacks.add(new io.sequoia.train.LearningRateScheduler(e -> lr / (1 + lrDecay * e)));
        FitOptions o = FitOptions.epochs(epochs).clipNorm(clip).verbose(verbose).maxMinutes(maxMinutes).checkpointing(checkpointing);
        BestKeeper best = null;
        if (valid != null && !valid.isEmpty()) {
            o.validation(() -> {
                Tagger.Validation v = tagger.validate(valid, EVAL_BATCH);
                ConllEval e = v.scores();
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("loss", v.loss());
                if (tagger.chunkTags()) m.put("f1", e.overall().f1());
                m.put("accuracy", e.accuracy());
                return m;
            });
            best = new BestKeeper(tagger, monitor, out);
            callbacks.add(best);
            if (patience > 0) callbacks.add(new EarlyStopping(monitor, 0, patience, "max", false));
        }
        o.callbacks(callbacks.toArray(new Callback[0]));
        History h = model.fit(batches, step, o);
        double meanSeconds = timer.seconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (best != null) best.restore();
        else if (out != null) save(tagger, out);
        return new Result(h, best == null ? h.epochs() : best.epoch + 1, best == null ? Double.NaN : best.score, monitor,
                timer.seconds, tokens / meanSeconds);
    }

    private static void save(Tagger t, Path dir) {
        try {
            t.save(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("TaggerTrainer: cannot save the model to " + dir, e);
        }
    }

    /** Training seconds of each epoch: from its start to the end of its last batch (validation excluded). */
    private static final class EpochTimer implements ResumableCallback {
        final List<Double> seconds = new ArrayList<>();
        long start, lastBatchEnd;

        @Override public void onEpochBegin(Model model, int epoch) { start = lastBatchEnd = System.nanoTime(); }
        @Override public void onBatchEnd(Model model, int batch, Map<String, Double> logs) { lastBatchEnd = System.nanoTime(); }
        @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) { seconds.add((lastBatchEnd - start) / 1e9); }
        @Override public Map<String, Object> saveState() { return Map.of("seconds", new ArrayList<>(seconds)); }
        @Override public void restoreState(Map<String, Object> s) {
            seconds.clear();
            for (Object x : (List<?>) s.get("seconds")) seconds.add(((Number) x).doubleValue());
        }
    }

    /** Keeps the weights of the best epoch (in memory, and as a model folder when {@code out} is set). */
    private static final class BestKeeper implements ResumableCallback {
        final Tagger tagger;
        final String monitor;
        final Path out;
        Map<String, io.sequoia.tensor.NDArray> state;
        double score = Double.NEGATIVE_INFINITY;
        int epoch = -1;

        BestKeeper(Tagger tagger, String monitor, Path out) { this.tagger = tagger; this.monitor = monitor; this.out = out; }

        @Override public void onEpochEnd(Model model, int e, Map<String, Double> logs) {
            Double v = logs.get(monitor);
            if (v == null || !(v > score)) return;
            score = v;
            epoch = e;
            state = tagger.network().stateDict();
            if (out != null) save(tagger, out);
        }

        void restore() { if (state != null) tagger.network().loadStateDict(state, true); }

        @Override public Map<String, Object> saveState() { return Map.of("score", Double.toString(score), "epoch", epoch); }
        @Override public void restoreState(Map<String, Object> s) {
            score = Double.parseDouble((String) s.get("score"));
            epoch = ((Number) s.get("epoch")).intValue();
        }
        @Override public Map<String, io.sequoia.tensor.NDArray> saveTensors() { return state == null ? Map.of() : state; }
        @Override public void restoreTensors(Map<String, io.sequoia.tensor.NDArray> t) { state = t.isEmpty() ? null : new LinkedHashMap<>(t); }
    }
}
