package io.sequoia.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Bad usage, found after parsing: every such error is a picocli {@link ParameterException}, so the
 * command exits 2 with the usage hint, as the README promises (a failure while running exits 1).
 */
public final class Usage {
    private Usage() {}

    /** A usage error of {@code spec}'s command: {@code "<command>: <message>"}. */
    public static ParameterException error(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), spec.qualifiedName().replaceFirst("^sequoia ", "") + ": " + message);
    }

    /** Whether the user typed {@code option} (not just its default). */
    public static boolean given(CommandSpec spec, String option) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        return pr != null && pr.hasMatchedOption(option);
    }

    /**
     * Refuses {@code option} when the user gave it but it has no effect here: an option that is
     * silently ignored is a bug report waiting to happen.
     */
    public static void refuseUnless(CommandSpec spec, String option, boolean hasEffect, String why) {
        if (!hasEffect && given(spec, option)) throw error(spec, option + " has no effect " + why);
    }

    /** Refuses a value outside its range, naming the option. */
    public static void require(CommandSpec spec, boolean ok, String option, String expected, Object got) {
        if (!ok) throw error(spec, option + ": expected " + expected + ", got " + got);
    }

    /** A usage error (exit 2, before any data is read) when {@code file} is given but is not a readable file. */
    public static void requireFile(CommandSpec spec, String option, java.nio.file.Path file) {
        if (file != null && !java.nio.file.Files.isRegularFile(file)) {
            if (java.nio.file.Files.isDirectory(file)) throw error(spec, option + ": a folder, not a file; expected a file, got " + file.toAbsolutePath());
            throw error(spec, option + ": no such file; expected a text file, got " + file.toAbsolutePath());
        }
    }

    /**
     * An option naming a FILE to write (a PNG, a CSV, vectors, an export): a usage error (exit 2, before any
     * data is read or any training starts) when it cannot be written — a folder given for the file, a path
     * under a file, a parent folder that does not exist, or a place that takes no new file; {@code what}
     * says what goes into it ("the plot").
     */
    public static void requireWritableFile(CommandSpec spec, String option, java.nio.file.Path file, String what) {
        String problem = file == null ? null : io.sequoia.io.OutputPaths.fileProblem(file, what);
        if (problem != null) throw error(spec, option + ": " + problem);
    }

    /**
     * An option naming a FOLDER to write ({@code --out DIR} and the like): a usage error (exit 2, before any data is
     * read) when it is a file, lies under a file, or cannot be created or written where it would be; missing
     * folders are created when the command writes (their nearest existing ancestor must take new files).
     */
    public static void requireWritableFolder(CommandSpec spec, String option, java.nio.file.Path folder, String what) {
        String problem = folder == null ? null : io.sequoia.io.OutputPaths.folderProblem(folder, what);
        if (problem != null) throw error(spec, option + ": " + problem);
    }
}
