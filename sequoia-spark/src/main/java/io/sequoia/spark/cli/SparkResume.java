package io.sequoia.spark.cli;

import io.sequoia.train.Checkpoint;
import io.sequoia.train.CheckpointSeries;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --resume DIR} of the Spark training commands, as the local {@code sequoia train ...} commands take it:
 * a run checkpoints into its {@code --out} folder at every epoch end (the fit loop's checkpoint, with the
 * command line among its extras); {@code --resume DIR} runs the recorded command line again with
 * {@code --resume DIR}, the options given now of {@code resumable} (how long it runs, and where Spark runs:
 * {@code --master}, {@code --spark-log}) replacing the recorded ones. Any other option given with
 * {@code --resume} is bad usage: the checkpoint only fits the run it came from.
 */
final class SparkResume {
    private SparkResume() {}

    /** Options that may be given with --resume besides the run's own length option. */
    static final List<String> ALWAYS = List.of("--resume", "--master", "--spark-log", "--out");

    /** What a checkpoint records of this run: its command line. */
    static Map<String, Object> extras(CommandSpec spec) {
        var pr = spec.commandLine().getParseResult();
        return Map.of("args", new ArrayList<>(pr == null ? List.of() : pr.originalArgs()), "command", spec.name());
    }

    /**
     * The command line to run for {@code --resume dir} (the recorded one, {@code resumable} options and
     * {@link #ALWAYS} given now replacing their recorded values, then {@code --resume dir}); exit 2 when an
     * option outside them is given, when {@code --out} names another folder, or when {@code dir} holds no
     * checkpoint of this command.
     */
    static String[] commandLine(CommandSpec spec, Path dir, String... resumable) {
        var pr = spec.commandLine().getParseResult();
        List<String> keep = new ArrayList<>(ALWAYS);
        keep.addAll(List.of(resumable));
        List<String> now = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : pr.matchedOptions()) {
            if (!keep.contains(o.longestName())) {
                throw new CommandLine.ParameterException(spec.commandLine(), o.longestName() + " has no effect with --resume: the run continues with the options recorded in "
                        + dir + "; expected only " + String.join(", ", keep));
            }
            if (o.longestName().equals("--resume")) continue;
            if (o.longestName().equals("--out")) {
                Path out = o.getValue();
                if (!out.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--resume continues the run in its own folder; expected --out " + dir + " or no --out, got " + out);
                }
                continue;
            }
            now.add(o.longestName());
            now.add(String.valueOf((Object) o.getValue()));
        }
        Object args = recorded(spec, dir).get("args");
        if (!(args instanceof List<?> list) || list.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume: the checkpoint in " + dir + " does not record its command line; expected the --out folder of a run of " + spec.name());
        }
        List<String> out = new ArrayList<>();
        if (!String.valueOf(list.get(0)).equals(spec.name())) out.add(spec.name());
        List<String> replaced = new ArrayList<>();
        for (int i = 0; i < now.size(); i += 2) replaced.add(now.get(i));
        replaced.add("--resume");
        replaced.add("--out");                             // the folder may have moved since: it is DIR now
        out.addAll(without(strings(list), replaced));
        out.addAll(now);
        out.addAll(List.of("--out", dir.toString(), "--resume", dir.toString()));
        return out.toArray(new String[0]);
    }

    /**
     * For a resumed run given with its whole command line (as {@link #commandLine} builds it): exit 2 when it differs
     * from the recorded one in anything but {@code resumable} and {@link #ALWAYS}, naming both (the checkpoint would
     * not fit the new run).
     */
    static void requireSameRun(CommandSpec spec, Path dir, String... resumable) {
        Object args = recorded(spec, dir).get("args");
        if (!(args instanceof List<?> list)) return;
        List<String> skip = new ArrayList<>(ALWAYS);
        skip.addAll(List.of(resumable));
        List<String> before = without(strings(list), skip), now = without(spec.commandLine().getParseResult().originalArgs(), skip);
        if (!before.isEmpty() && before.get(0).equals(spec.name())) before = before.subList(1, before.size());
        if (!now.isEmpty() && now.get(0).equals(spec.name())) now = now.subList(1, now.size());
        if (!before.equals(now)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume: the run in " + dir + " was started with other options; expected "
                    + String.join(" ", before) + " (with any " + String.join(", ", skip) + "), got " + String.join(" ", now));
        }
    }

    private static List<String> strings(List<?> l) {
        List<String> out = new ArrayList<>();
        for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    /** {@code args} without the options named in {@code names} and their values. */
    private static List<String> without(List<String> args, List<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (names.contains(name)) {
                if (!a.contains("=")) i++;                 // its value too
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /** The extras of the checkpoint in {@code dir}, or of the first training of a series of them (train-nbeats); exit 2 when there is none. */
    private static Map<String, Object> recorded(CommandSpec spec, Path dir) {
        try {
            if (Checkpoint.locate(dir) != null) return Checkpoint.extras(dir);
            Map<String, Object> series = CheckpointSeries.locate(dir);
            if (series != null) return series;
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume: " + e.getMessage());
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--resume: no checkpoint in " + dir.toAbsolutePath() + "; expected the --out folder of a run of " + spec.name());
    }

    /** Runs {@code args} as a new command line of {@code sequoia-spark}, printing to this command's streams. */
    static int run(CommandSpec spec, String[] args) {
        CommandLine cl = SparkMain.commandLine();
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        return cl.execute(args);
    }

    /** Whether this command line is a resumed one given whole (--resume with the data option), else the short form --resume DIR. */
    static boolean whole(CommandSpec spec, String dataOption) {
        return spec.commandLine().getParseResult().hasMatchedOption(dataOption);
    }
}
