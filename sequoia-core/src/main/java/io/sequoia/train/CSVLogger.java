package io.sequoia.train;

import io.sequoia.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's CSVLogger: one row per epoch ({@code epoch,loss,...}). The whole file is rewritten
 * atomically after each epoch, so a crash never leaves a half-written row.
 */
public class CSVLogger implements Callback {
    private final Path file;
    private final List<String> rows = new ArrayList<>();
    private List<String> columns;

    public CSVLogger(Path file) { this.file = file; }

    @Override public void onTrainBegin(Model model) {
        rows.clear();
        columns = null;
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        if (columns == null) columns = new ArrayList<>(logs.keySet());
        StringBuilder sb = new StringBuilder().append(epoch);
        for (String c : columns) {
            Double v = logs.get(c);
            sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
        }
        rows.add(sb.toString());
        StringBuilder all = new StringBuilder("epoch");
        for (String c : columns) all.append(',').append(c);
        all.append('\n');
        for (String r : rows) all.append(r).append('\n');
        try {
            AtomicFiles.writeString(file, all.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file, e);
        }
    }
}
