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
        if (file == null) return;
        java.nio.file.Path p = file.toAbsolutePath();
        if (java.nio.file.Files.isDirectory(p)) {
            throw error(spec, option + ": " + file + " is a folder; expected a file to write " + what + " into (e.g. " + file.resolve(defaultName(what)) + ")");
        }
        java.nio.file.Path parent = p.getParent();
        java.nio.file.Path existing = fileAbove(spec, option, file, parent);
        if (existing != null && !existing.equals(parent)) {
            throw error(spec, option + ": the folder " + parent + " does not exist, so " + file + " cannot be written; create it first (mkdir -p " + parent + ")");
        }
        if (java.nio.file.Files.exists(p) && !java.nio.file.Files.isWritable(p)) {
            throw error(spec, option + ": cannot write " + what + " to " + file + ": the file exists and is read-only");
        }
        probe(spec, option, file, parent);
    }

    /**
     * An option naming a FOLDER to write ({@code --out DIR} and the like): a usage error (exit 2, before any data is
     * read) when it is a file, lies under a file, or cannot be created or written where it would be; missing
     * folders are created when the command writes (their nearest existing ancestor must take new files).
     */
    public static void requireWritableFolder(CommandSpec spec, String option, java.nio.file.Path folder, String what) {
        if (folder == null) return;
        java.nio.file.Path p = folder.toAbsolutePath();
        if (java.nio.file.Files.exists(p) && !java.nio.file.Files.isDirectory(p)) throw error(spec, option + ": " + folder + " is a file; expected a folder to write " + what + " into");
        java.nio.file.Path existing = java.nio.file.Files.isDirectory(p) ? p : fileAbove(spec, option, folder, p.getParent());
        if (existing != null) probe(spec, option, folder, existing);
    }

    /** The nearest existing ancestor of {@code from} (inclusive), refusing a file there; null when none exists (a missing root). */
    private static java.nio.file.Path fileAbove(CommandSpec spec, String option, java.nio.file.Path given, java.nio.file.Path from) {
        for (java.nio.file.Path a = from; a != null; a = a.getParent()) {
            if (java.nio.file.Files.isDirectory(a)) return a;
            if (java.nio.file.Files.exists(a)) throw error(spec, option + ": " + a + " is a file, so " + given + " cannot be written under it");
        }
        return null;
    }

    /** Whether {@code dir} takes a new file: one is created and removed (permissions alone say nothing for root, or on a read-only file system). */
    private static void probe(CommandSpec spec, String option, java.nio.file.Path given, java.nio.file.Path dir) {
        try {
            java.nio.file.Path t = java.nio.file.Files.createTempFile(dir, ".sequoia-write-check", ".tmp");
            java.nio.file.Files.deleteIfExists(t);
        } catch (java.nio.file.AccessDeniedException e) {
            throw error(spec, option + ": cannot write " + given + ": permission denied in the folder " + dir);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : "the file system refused to create a file there";
            throw error(spec, option + ": cannot write " + given + ": the folder " + dir + " takes no new files (" + why + ")");
        }
    }

    private static String defaultName(String what) {
        return what.contains("plot") || what.contains("map") || what.contains("PNG") ? "plot.png" : what.contains("vectors") ? "vectors.txt" : "out.txt";
    }
}
