package io.sequoia.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a file or folder can be written where the user asked, found before any work (issue 17, defect 1): each method
 * returns null when it can, else a sentence naming the path and what is wrong; the command line puts the option's name
 * before it and exits 2.
 */
public final class OutputPaths {
    private OutputPaths() {}

    /**
     * A FILE to write ({@code what}: "the plot (PNG)"): wrong when it is a folder, lies under a file, its parent folder does
     * not exist, it is a read-only file, or its folder takes no new file.
     */
    public static String fileProblem(Path file, String what) {
        Path p = file.toAbsolutePath();
        if (Files.isDirectory(p)) return file + " is a folder; expected a file to write " + what + " into (e.g. " + file.resolve(defaultName(what)) + ")";
        Path parent = p.getParent();
        String above = fileAbove(file, parent);
        if (above != null) return above;
        Path existing = existingAncestor(parent);
        if (existing != null && !existing.equals(parent)) {
            return "the folder " + parent + " does not exist, so " + file + " cannot be written; create it first (mkdir -p " + parent + ")";
        }
        if (Files.exists(p) && !Files.isWritable(p)) return "cannot write " + what + " to " + file + ": the file exists and is read-only";
        return existing == null ? null : probe(file, existing);
    }

    /**
     * A FOLDER to write into ({@code what}: "the model"): wrong when it is a file, lies under a file, or the nearest existing
     * folder (itself, or the one it would be created in) takes no new file. Missing folders are fine: the command creates them.
     */
    public static String folderProblem(Path folder, String what) {
        Path p = folder.toAbsolutePath();
        if (Files.exists(p) && !Files.isDirectory(p)) return folder + " is a file; expected a folder to write " + what + " into";
        String above = fileAbove(folder, p.getParent());
        if (above != null) return above;
        Path existing = existingAncestor(p);
        return existing == null ? null : probe(folder, existing);
    }

    private static Path existingAncestor(Path from) {
        for (Path a = from; a != null; a = a.getParent()) if (Files.isDirectory(a)) return a;
        return null;
    }

    /** A file standing where a folder of {@code from}'s ancestry should be (the nearest existing one), else null. */
    private static String fileAbove(Path given, Path from) {
        for (Path a = from; a != null; a = a.getParent()) {
            if (Files.isDirectory(a)) return null;
            if (Files.exists(a)) return a + " is a file, so " + given + " cannot be written under it";
        }
        return null;
    }

    /** Whether {@code dir} takes a new file: one is created and removed (permissions alone say nothing for root, or on a read-only file system). */
    private static String probe(Path given, Path dir) {
        try {
            Path t = Files.createTempFile(dir, ".sequoia-write-check", ".tmp");
            Files.deleteIfExists(t);
            return null;
        } catch (AccessDeniedException e) {
            return "cannot write " + given + ": permission denied in the folder " + dir;
        } catch (IOException | UnsupportedOperationException e) {
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : "the file system refused to create a file there";
            return "cannot write " + given + ": the folder " + dir + " takes no new files (" + why + ")";
        }
    }

    private static String defaultName(String what) {
        return what.contains("plot") || what.contains("map") || what.contains("PNG") ? "plot.png" : what.contains("vectors") ? "vectors.txt"
                : what.contains("CSV") ? "forecasts.csv" : "out.txt";
    }
}
