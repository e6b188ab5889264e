package io.sequoia.data;

import io.sequoia.tensor.Errors;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a labelled text corpus in one of the known {@link Format}s, detecting the format from the
 * path when none is given: a folder with {@code rt-polarity.pos} is MR, a folder with
 * {@code imdb_*.tsv.gz} shards is IMDB, a {@code .csv} file CSV, a {@code .tsv} file TSV, any other
 * folder one folder per class.
 */
public final class TextDatasets {
    private TextDatasets() {}

    /** The corpus layouts {@link #read} understands. */
    public enum Format {
        MR, IMDB, TSV, CSV, FOLDERS;

        public static Format parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Errors.arg("TextDatasets.Format", "unknown data format", "one of mr, imdb, tsv, csv, folders", s, null);
            }
        }

        @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
    }

    /** The format of {@code path} as described in the class comment. */
    public static Format detect(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(MovieReviews.MR_POSITIVE))) return Format.MR;
            try (var s = Files.list(path)) {
                if (s.anyMatch(p -> p.getFileName().toString().matches("imdb_(train|test)_\\d+\\.tsv(\\.gz)?"))) return Format.IMDB;
            }
            return Format.FOLDERS;
        }
        if (!Files.exists(path)) {
            throw new FileNotFoundException(Errors.format("TextDatasets.detect", "the data path must exist", "a file or folder",
                    "nothing", "path " + path.toAbsolutePath()));
        }
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (n.endsWith(".csv")) return Format.CSV;
        if (n.endsWith(".tsv") || n.endsWith(".tab")) return Format.TSV;
        throw Errors.arg("TextDatasets.detect", "cannot tell the format from the file name", "a .csv or .tsv file, or a folder",
                path.getFileName(), "Hint: pass --format " + Arrays.toString(Format.values()));
    }

    /**
     * Reads {@code path}; {@code format} null detects it. {@code split} (train/test) matters for IMDB
     * folders only; the column options for CSV/TSV only (null: header names "text" and "label").
     */
    public static LabeledTexts read(Path path, Format format, String split, String textColumn, String labelColumn) throws IOException {
        return read(path, format, split, textColumn, labelColumn, true);
    }

    /** As above; {@code header} false reads CSV/TSV files without a header row (columns by number). */
    public static LabeledTexts read(Path path, Format format, String split, String textColumn, String labelColumn,
                                    boolean header) throws IOException {
        Format f = format == null ? detect(path) : format;
        switch (f) {
            case MR: return MovieReviews.mr(path);
            case IMDB: return MovieReviews.imdb(path, split == null ? "train" : split);
            case FOLDERS: return TextFolders.read(path);
            default: return DelimitedTexts.read(path, f == Format.CSV ? ',' : '\t', textColumn, labelColumn, header);
        }
    }
}
