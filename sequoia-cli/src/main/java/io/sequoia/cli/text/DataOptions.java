package io.sequoia.cli.text;

import io.sequoia.data.DatasetRegistry;
import io.sequoia.data.LabeledTexts;
import io.sequoia.data.TextDatasets;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The options every command that reads labelled texts shares: {@code --data}, {@code --format}, columns. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "PATH|NAME",
            description = "A file or folder, or a dataset name (mr, imdb, ...) looked up in ../shared/data, then the cache.")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "mr, imdb, tsv, csv or folders (default: detected from the path).")
    String format;

    @Option(names = "--text-col", paramLabel = "C", description = "CSV/TSV text column: header name or 1-based number (default: text).")
    String textCol;

    @Option(names = "--label-col", paramLabel = "C", description = "CSV/TSV label column: header name or 1-based number (default: label).")
    String labelCol;

    @Option(names = "--no-header", description = "CSV/TSV files have no header row (give columns by number).")
    boolean noHeader;

    /** The data's path; a missing --data, an unknown name or a path that does not exist is bad usage (exit 2). */
    Path path(picocli.CommandLine.Model.CommandSpec spec) throws IOException {
        if (data == null) throw io.sequoia.cli.Usage.error(spec, "missing required option '--data=PATH|NAME'");
        try {
            return DatasetRegistry.locate(data, DatasetRegistry.defaultSharedRoot(), DatasetRegistry.defaultCache());
        } catch (java.io.FileNotFoundException | IllegalArgumentException e) {
            throw io.sequoia.cli.Usage.error(spec, "--data: " + e.getMessage());
        }
    }

    TextDatasets.Format resolvedFormat(Path p) throws IOException {
        return format == null ? TextDatasets.detect(p) : TextDatasets.Format.parse(format);
    }

    LabeledTexts read(Path p, String split) throws IOException {
        return TextDatasets.read(p, resolvedFormat(p), split, textCol, labelCol, !noHeader);
    }
}
