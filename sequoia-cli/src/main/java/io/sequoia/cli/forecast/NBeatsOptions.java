package io.sequoia.cli.forecast;

import io.sequoia.cli.Usage;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.global.NBeats;
import io.sequoia.timeseries.global.NBeatsConfig;
import io.sequoia.timeseries.global.NBeatsForecaster;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The options of the global N-BEATS model, shared by {@code sequoia forecast} (many series) and
 * {@code sequoia bench m3}: train it on the training parts of all series (or load a trained folder),
 * optionally save it. Defaults are {@link NBeatsConfig}'s.
 */
final class NBeatsOptions {
    @Option(names = "--nbeats-model", description = "nbeats: load this trained folder instead of training.") Path load;
    @Option(names = "--nbeats-out", description = "nbeats: save the trained model to this folder.") Path save;
    @Option(names = "--nbeats-stacks", description = "nbeats: generic or interpretable (default: generic).") String stacks = NBeatsConfig.DEFAULT_STACKS.name().toLowerCase(Locale.ROOT);
    @Option(names = "--nbeats-lookbacks", split = ",", description = "nbeats: lookbacks as multiples of the horizon, one network each (default: 2,3,4).") List<Integer> lookbacks = defaults();
    @Option(names = "--nbeats-ensemble", description = "nbeats: networks (seeds) per lookback; the forecast is the median of all (default: ${DEFAULT-VALUE}).") int ensemble = NBeatsConfig.DEFAULT_ENSEMBLE;
    @Option(names = "--nbeats-steps", description = "nbeats: training steps per network (default: ${DEFAULT-VALUE}).") int steps = NBeatsConfig.DEFAULT_STEPS;
    @Option(names = "--nbeats-batch", description = "nbeats: windows per step (default: ${DEFAULT-VALUE}).") int batch = NBeatsConfig.DEFAULT_BATCH;
    @Option(names = "--nbeats-width", description = "nbeats: units per fully connected layer (default: ${DEFAULT-VALUE}).") int width = NBeatsConfig.DEFAULT_WIDTH;
    @Option(names = "--nbeats-blocks", description = "nbeats: blocks (per stack when interpretable) (default: ${DEFAULT-VALUE}).") int blocks = NBeatsConfig.DEFAULT_BLOCKS;
    @Option(names = "--nbeats-layers", description = "nbeats: fully connected layers per block (default: ${DEFAULT-VALUE}).") int layers = NBeatsConfig.DEFAULT_LAYERS;
    @Option(names = "--nbeats-loss", split = ",", description = "nbeats: smape, mase, mape or mae; several (smape,mase,mape) train the networks of every lookback and seed once per loss, all in the median (default: smape,mase). With --nbeats-model: use only the loaded networks of these losses.")
    List<String> losses;
    @Option(names = "--nbeats-lr", description = "nbeats: Adam learning rate (default: ${DEFAULT-VALUE}).") double lr = NBeatsConfig.DEFAULT_LR;
    @Option(names = "--nbeats-history", description = "nbeats: window origins come from the last K horizons of each series (default: ${DEFAULT-VALUE}).") double history = NBeatsConfig.DEFAULT_HISTORY_LIMIT;
    @Option(names = "--nbeats-seed", description = "nbeats: seed of the first network (default: ${DEFAULT-VALUE}).") long seed = NBeatsConfig.DEFAULT_SEED;

    /** Option names, for "has no effect" checks. */
    static final List<String> NAMES = List.of("--nbeats-model", "--nbeats-out", "--nbeats-stacks", "--nbeats-lookbacks", "--nbeats-ensemble", "--nbeats-steps",
            "--nbeats-batch", "--nbeats-width", "--nbeats-blocks", "--nbeats-layers", "--nbeats-loss", "--nbeats-lr", "--nbeats-history", "--nbeats-seed");

    private static List<Integer> defaults() {
        List<Integer> l = new java.util.ArrayList<>();
        for (int m : NBeatsConfig.DEFAULT_LOOKBACKS) l.add(m);
        return l;
    }

    /** Whether the selection runs nbeats (alone or in the combination). */
    static boolean used(ModelKind.Selection sel) {
        return sel.kinds().contains(ModelKind.NBEATS) || sel.kinds().contains(ModelKind.COMB) && sel.members().contains(ModelKind.NBEATS);
    }

    /** Usage errors (exit 2): an nbeats option without nbeats, bad values, a missing folder. */
    void check(CommandSpec spec, ModelKind.Selection sel) {
        boolean used = used(sel);
        for (String o : NAMES) if (Usage.given(spec, o) && !used) throw Usage.error(spec, o + " has no effect: the models do not include nbeats");
        if (!used) return;
        if (losses != null && new java.util.HashSet<>(losses.stream().map(l -> l.trim().toLowerCase(Locale.ROOT)).toList()).size() < losses.size()) {
            throw Usage.error(spec, "--nbeats-loss: each loss may be given once, got " + String.join(",", losses));
        }
        try {
            config(1, 1);
        } catch (IllegalArgumentException | picocli.CommandLine.TypeConversionException e) {
            throw Usage.error(spec, "nbeats options: " + e.getMessage());
        }
        if (load != null) {
            if (!Files.isDirectory(load)) throw Usage.error(spec, "--nbeats-model: no such folder: " + load);
            for (String o : NAMES) if (!o.equals("--nbeats-model") && !o.equals("--nbeats-out") && !o.equals("--nbeats-loss") && Usage.given(spec, o)) {
                throw Usage.error(spec, o + " has no effect with --nbeats-model (the loaded model is already trained)");
            }
        }
    }

    NBeatsConfig config(int horizon, int period) {
        int[] lb = lookbacks.stream().mapToInt(Integer::intValue).toArray();
        return NBeatsConfig.builder(horizon, period).stacks(ForecastOptions.named(NBeats.Stacks.values(), stacks)).lookbacks(lb).ensemble(ensemble)
                .steps(steps).batchSize(batch).width(width).blocks(blocks).layers(layers).losses(losses())
                .lr(lr).historyLimit(history).seed(seed).build();
    }

    private NBeatsConfig.Loss[] losses() {
        if (losses == null) return NBeatsConfig.DEFAULT_LOSSES.toArray(new NBeatsConfig.Loss[0]);
        NBeatsConfig.Loss[] out = new NBeatsConfig.Loss[losses.size()];
        try {
            for (int i = 0; i < out.length; i++) out[i] = ForecastOptions.named(NBeatsConfig.Loss.values(), losses.get(i));
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new picocli.CommandLine.TypeConversionException("--nbeats-loss: " + e.getMessage());
        }
        return out;
    }

    /** The model: loaded from {@code --nbeats-model}, or trained on {@code trainingParts} (and saved to {@code --nbeats-out}). */
    NBeatsForecaster obtain(List<double[]> trainingParts, int horizon, int period, PrintStream log) throws java.io.IOException {
        return obtain(trainingParts, horizon, period, log, null);
    }

    /** As above, the training checkpointed (and resumed) through {@code checkpoints} (null: none). */
    NBeatsForecaster obtain(List<double[]> trainingParts, int horizon, int period, PrintStream log, io.sequoia.train.CheckpointSeries checkpoints) throws java.io.IOException {
        NBeatsForecaster f;
        long t0 = System.nanoTime();
        if (load != null) {
            f = NBeatsForecaster.load(load);
            if (losses != null) f = f.select(losses());
            if (f.horizon() < horizon) {
                throw io.sequoia.tensor.Errors.arg("nbeats", "the loaded model forecasts fewer steps than asked", ">= " + horizon + " steps", f.horizon(), "folder " + load);
            }
            log.printf(Locale.ROOT, "nbeats: loaded %s (%s)%n", load, f.describe());
        } else {
            f = NBeatsForecaster.train(trainingParts, config(horizon, period), log, checkpoints);
            log.printf(Locale.ROOT, "nbeats: trained on %d series in %.1f s: %s%n", trainingParts.size(), (System.nanoTime() - t0) / 1e9, f.describe());
        }
        if (save != null) {
            f.save(save);
            log.println("nbeats: saved " + save);
        }
        return f;
    }
}
