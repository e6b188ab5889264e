package io.sequoia.cli;

import io.sequoia.train.Checkpoint;
import io.sequoia.train.Checkpointing;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code --resume DIR} and {@code --checkpoint-every N} for the training commands that keep their
 * own option fields (train tagger, train tree); {@link TrainingOptions} holds the same two options
 * and shares the logic below. A run writes its checkpoint into its {@code --out} folder at the end of
 * every epoch; {@code --resume DIR [--epochs E]} re-runs the command line recorded there.
 */
public final class CheckpointOptions {
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run checkpointed in DIR (its --out) up to the --epochs given now, "
            + "with the original run's other options.") public Path resume;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Also checkpoint every N steps (a checkpoint is always written at the end of every epoch).")
    public int checkpointEvery;

    /** The recorded command line to run instead of this one, or null (see {@link #resumedCommandLine(CommandSpec, Path, String, String)}). */
    public String[] resumedCommandLine(CommandSpec spec, String dataOption, Integer epochs) {
        return resumedCommandLine(spec, resume, dataOption, epochs == null ? null : epochs.toString());
    }

    /** Range checks (exit 2); returns the model folder to write: {@code out}, or the resumed folder. */
    public Path check(CommandSpec spec, Path out) {
        Usage.require(spec, checkpointEvery >= 0, "--checkpoint-every", "a non-negative number of steps", checkpointEvery);
        return checkResume(spec, resume, out);
    }

    /** Checkpointing into {@code out} (null without an --out folder). */
    public Checkpointing checkpointing(CommandSpec spec, Path out) {
        if (out == null) {
            Usage.refuseUnless(spec, "--checkpoint-every", false, "without --out (checkpoints go into the model folder)");
            return null;
        }
        return new Checkpointing(out, resume != null, checkpointEvery, extras(spec));
    }

    /**
     * {@code --resume DIR} as the user types it (no data option): the command line recorded in DIR's
     * checkpoint with {@code --epochs} replaced by {@code epochs} (kept when null) and {@code --resume
     * DIR} added; null when this is not such a call. The caller runs it.
     */
    static String[] resumedCommandLine(CommandSpec spec, Path resume, String dataOption, String epochs) {
        if (resume == null || Usage.given(spec, dataOption)) return null;
        Object args;
        try {
            args = Checkpoint.extras(resume).get("args");
        } catch (IOException e) {
            Map<String, Object> series = seriesExtras(resume);              // train forecaster: --out/checkpoints/NN-.../checkpoint
            if (series == null) throw Usage.error(spec, "--resume: " + e.getMessage());
            args = series.get("args");
        }
        if (!(args instanceof List<?> list)) {
            throw Usage.error(spec, "--resume: the checkpoint in " + resume + " does not record its command line; expected a folder written by this command");
        }
        List<String> out = new ArrayList<>();
        List<String> words = Arrays.asList(spec.qualifiedName().split(" "));
        words = words.subList(1, words.size());                                 // "train classifier"
        if (list.isEmpty() || !words.get(0).equals(String.valueOf(list.get(0)))) out.addAll(words);
        for (int i = 0; i < list.size(); i++) {
            String a = String.valueOf(list.get(i));
            boolean drop = a.equals("--resume") || (epochs != null && a.equals("--epochs"));
            if (drop && i + 1 < list.size()) { i++; continue; }
            if (a.startsWith("--resume=") || (epochs != null && a.startsWith("--epochs="))) continue;
            out.add(a);
        }
        if (epochs != null) {
            out.add("--epochs");
            out.add(epochs);
        }
        out.add("--resume");
        out.add(resume.toString());
        return out.toArray(new String[0]);
    }

    /** The extras of the first checkpoint of a {@link io.sequoia.train.CheckpointSeries} in {@code root}, or null. */
    private static Map<String, Object> seriesExtras(Path root) {
        try {
            return io.sequoia.train.CheckpointSeries.locate(root);
        } catch (IOException e) {
            return null;
        }
    }

    /** Options that may differ between a run and its resumption: where it is written, how long it runs, how often it checkpoints. */
    private static final List<String> RESUMABLE = List.of("--resume", "--out", "--epochs", "--checkpoint-every", "--max-minutes", "--nbeats-steps", "--deepar-steps");

    /**
     * For a command resumed with its whole command line given again ({@code forecast}): refuses
     * (exit 2) a command line that differs from the one recorded in the checkpoint ({@code extras})
     * in anything but {@link #RESUMABLE}, naming both, since its checkpoints would not fit the new run.
     */
    public static void requireSameRun(CommandSpec spec, Path resume, Map<String, Object> extras) {
        Object recorded = extras.get("args");
        if (!(recorded instanceof List<?> list)) return;
        List<String> before = new ArrayList<>();
        for (Object o : list) before.add(String.valueOf(o));
        var pr = spec.commandLine().getParseResult();
        List<String> now = pr == null ? List.of() : pr.originalArgs();
        if (!withoutResumable(before).equals(withoutResumable(now))) {
            throw Usage.error(spec, "--resume: the run in " + resume + " was started with other options; expected " + String.join(" ", withoutResumable(before))
                    + " (with any --epochs, --out, --checkpoint-every, --max-minutes; forecast's --nbeats-steps, --deepar-steps), got " + String.join(" ", withoutResumable(now)));
        }
    }

    private static List<String> withoutResumable(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (RESUMABLE.contains(a)) { i++; continue; }
            if (RESUMABLE.stream().anyMatch(r -> a.startsWith(r + "="))) continue;
            out.add(a);
        }
        return out;
    }

    /** What a checkpoint records of this run: its command line (for {@code --resume}). */
    public static Map<String, Object> extras(CommandSpec spec) {
        var pr = spec.commandLine().getParseResult();
        List<String> args = new ArrayList<>(pr == null ? List.of() : pr.originalArgs());
        return Map.of("args", args, "command", spec.qualifiedName());
    }

    /** --resume continues in its own folder, which must hold a checkpoint; returns the folder to write. */
    static Path checkResume(CommandSpec spec, Path resume, Path out) {
        if (resume == null) return out;
        if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw Usage.error(spec, "--resume continues the run in its own folder; expected --out " + resume + " or no --out, got " + out);
        }
        if (Checkpoint.locate(resume) == null) {
            throw Usage.error(spec, "--resume: no checkpoint in " + resume.toAbsolutePath() + "; expected the --out folder of a run of this command");
        }
        return resume;
    }
}
