package io.sequoia.timeseries.data;

import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a time series from a CSV file with a header row: a time column (optional), the target and
 * covariates. Cells may be quoted; CRLF and LF endings are both accepted. Empty cells, {@code NA}
 * and {@code NaN} are missing values: an error by default, linearly interpolated with
 * {@link Missing#INTERPOLATE} (missing values at either end take the nearest present value).
 * Times must be unique and increasing when they can be read as times (see {@link TimeKey}).
 * Every problem is a {@link SeriesFormatException} naming {@code file:line}.
 */
public final class SeriesCsv {
    private SeriesCsv() {}

    /** What to do with a missing cell. */
    public enum Missing { ERROR, INTERPOLATE }

    /** Reads {@code target} and {@code covariates}; {@code timeColumn} may be null (then the first column is used if it is not the target, else row numbers). */
    public static TimeSeries read(Path file, String target, String timeColumn, List<String> covariates, Missing missing) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new SeriesFormatException(file, -1, Errors.format("SeriesCsv.read", "the file must exist", "a CSV file", file.toAbsolutePath(), null));
        }
        List<String> lines = splitLines(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        if (lines.isEmpty()) throw new SeriesFormatException(file, 1, Errors.format("SeriesCsv.read", "the file must have a header row", "a header", "an empty file", file.toString()));
        List<String> header = cells(lines.get(0));
        int targetCol = column(file, header, target, "--target");
        int timeCol = -1;
        if (timeColumn != null) timeCol = column(file, header, timeColumn, "--time");
        else if (targetCol != 0) timeCol = 0;
        List<String> covs = covariates == null ? List.of() : covariates;
        int[] covCols = new int[covs.size()];
        for (int j = 0; j < covs.size(); j++) covCols[j] = column(file, header, covs.get(j), "--covariates");

        List<String> times = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            List<String> c = cells(line);
            if (c.size() != header.size()) {
                throw bad(file, i + 1, "every row must have as many cells as the header", header.size() + " cells", c.size() + " cells", null);
            }
            double[] r = new double[1 + covCols.length];
            r[0] = number(file, i + 1, header.get(targetCol), c.get(targetCol), missing);
            for (int j = 0; j < covCols.length; j++) r[1 + j] = number(file, i + 1, header.get(covCols[j]), c.get(covCols[j]), missing);
            times.add(timeCol < 0 ? Integer.toString(rows.size()) : c.get(timeCol));
            rows.add(r);
            lineNos.add(i + 1);
        }
        if (rows.isEmpty()) throw new SeriesFormatException(file, 2, Errors.format("SeriesCsv.read", "the file must have data rows", "at least 1 row", "0 rows", file.toString()));
        if (timeCol >= 0) checkOrder(file, header.get(timeCol), times, lineNos);

        int n = rows.size();
        double[][] cols = new double[1 + covCols.length][n];
        for (int t = 0; t < n; t++) for (int j = 0; j < cols.length; j++) cols[j][t] = rows.get(t)[j];
        for (double[] col : cols) interpolate(col);
        Map<String, double[]> cov = new LinkedHashMap<>();
        for (int j = 0; j < covs.size(); j++) cov.put(covs.get(j), cols[1 + j]);
        return new TimeSeries(target, times.toArray(new String[0]), cols[0], cov);
    }

    /**
     * Reads many series from a long-format file (one row per series and time, as {@code unique_id,ds,y}):
     * rows are grouped by {@code idColumn} in the order each id first appears; within a series the
     * times must be unique and increasing (rows of different series may interleave).
     */
    public static Map<String, TimeSeries> readLong(Path file, String idColumn, String target, String timeColumn, Missing missing) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new SeriesFormatException(file, -1, Errors.format("SeriesCsv.readLong", "the file must exist", "a CSV file", file.toAbsolutePath(), null));
        }
        List<String> lines = splitLines(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        if (lines.isEmpty()) throw new SeriesFormatException(file, 1, Errors.format("SeriesCsv.readLong", "the file must have a header row", "a header", "an empty file", file.toString()));
        List<String> header = cells(lines.get(0));
        int idCol = column(file, header, idColumn, "--id-col"), targetCol = column(file, header, target, "--target");
        int timeCol = timeColumn != null ? column(file, header, timeColumn, "--time") : -1;
        if (timeCol < 0) for (int c = 0; c < header.size(); c++) if (c != idCol && c != targetCol) { timeCol = c; break; }
        Map<String, List<String>> times = new LinkedHashMap<>();
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, List<Integer>> lineNos = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            List<String> c = cells(line);
            if (c.size() != header.size()) throw bad(file, i + 1, "every row must have as many cells as the header", header.size() + " cells", c.size() + " cells", null);
            String id = c.get(idCol).trim();
            if (id.isEmpty()) throw bad(file, i + 1, "every row needs a series id", "an id", "an empty cell", header.get(idCol));
            values.computeIfAbsent(id, k -> new ArrayList<>()).add(number(file, i + 1, header.get(targetCol), c.get(targetCol), missing));
            times.computeIfAbsent(id, k -> new ArrayList<>()).add(timeCol < 0 ? Integer.toString(times.getOrDefault(id, List.of()).size()) : c.get(timeCol));
            lineNos.computeIfAbsent(id, k -> new ArrayList<>()).add(i + 1);
        }
        if (values.isEmpty()) throw new SeriesFormatException(file, 2, Errors.format("SeriesCsv.readLong", "the file must have data rows", "at least 1 row", "0 rows", file.toString()));
        Map<String, TimeSeries> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            String id = e.getKey();
            if (timeCol >= 0) checkOrder(file, header.get(timeCol), times.get(id), lineNos.get(id));
            double[] y = new double[e.getValue().size()];
            for (int t = 0; t < y.length; t++) y[t] = e.getValue().get(t);
            interpolate(y);
            out.put(id, new TimeSeries(target, times.get(id).toArray(new String[0]), y, new LinkedHashMap<>()));
        }
        return out;
    }

    /**
     * Reads many series from a wide file: one column per series (named by its header), one row per time, the
     * time in {@code timeColumn} (default: the first column). Series may start and end at different rows: the
     * empty (or {@code NA}) cells before a series' first value and after its last are not part of it; a gap
     * inside a series fails unless {@code missing} is {@link Missing#INTERPOLATE}. Times must be unique and increasing.
     */
    public static Map<String, TimeSeries> readWide(Path file, String timeColumn, Missing missing) throws IOException {
        String w = "SeriesCsv.readWide";
        if (!Files.isRegularFile(file)) throw new SeriesFormatException(file, -1, Errors.format(w, "the file must exist", "a CSV file", file.toAbsolutePath(), null));
        List<String> lines = splitLines(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        if (lines.isEmpty()) throw new SeriesFormatException(file, 1, Errors.format(w, "the file must have a header row", "a header", "an empty file", file.toString()));
        List<String> header = cells(lines.get(0));
        int timeCol = timeColumn != null ? column(file, header, timeColumn, "--time") : 0;
        if (header.size() < 2) throw bad(file, 1, "a wide file has a time column and at least one series column", ">= 2 columns", header.size() + " column", null);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c).trim();
            if (c != timeCol && h.isEmpty()) throw bad(file, 1, "every series column needs a name", "a header cell", "an empty cell", "#" + (c + 1));
            if (!seen.add(h)) throw bad(file, 1, "series names must be unique", "one column per series", "\"" + h + "\" twice", null);
        }
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> c = cells(lines.get(i));
            if (c.size() != header.size()) throw bad(file, i + 1, "every row must have as many cells as the header", header.size() + " cells", c.size() + " cells", null);
            rows.add(c);
            lineNos.add(i + 1);
        }
        if (rows.isEmpty()) throw new SeriesFormatException(file, 2, Errors.format(w, "the file must have data rows", "at least 1 row", "0 rows", file.toString()));
        List<String> allTimes = new ArrayList<>();
        for (List<String> r : rows) allTimes.add(r.get(timeCol));
        checkOrder(file, header.get(timeCol), allTimes, lineNos);
        Map<String, TimeSeries> out = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            if (c == timeCol) continue;
            int first = -1, last = -1;
            for (int r = 0; r < rows.size(); r++) if (!absent(rows.get(r).get(c))) { if (first < 0) first = r; last = r; }
            String name = header.get(c).trim();
            if (first < 0) throw bad(file, lineNos.get(0), "every series column needs at least one value", "a number", "only empty cells", name);
            double[] y = new double[last - first + 1];
            String[] t = new String[y.length];
            for (int r = first; r <= last; r++) {
                y[r - first] = number(file, lineNos.get(r), name, rows.get(r).get(c), missing);
                t[r - first] = allTimes.get(r);
            }
            interpolate(y);
            out.put(name, new TimeSeries(name, t, y, new LinkedHashMap<>()));
        }
        return out;
    }

    private static boolean absent(String cell) {
        String s = cell.trim();
        return s.isEmpty() || s.equalsIgnoreCase("NA") || s.equalsIgnoreCase("NaN");
    }

    /** Reads the target only, failing on missing values. */
    public static TimeSeries read(Path file, String target) throws IOException {
        return read(file, target, null, List.of(), Missing.ERROR);
    }

    private static int column(Path file, List<String> header, String name, String option) throws SeriesFormatException {
        int i = header.indexOf(name);
        if (i < 0) throw bad(file, 1, "column " + option + " must be in the header", "one of " + header, name, null);
        return i;
    }

    private static double number(Path file, int line, String col, String cell, Missing missing) throws SeriesFormatException {
        String s = cell.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("NA") || s.equalsIgnoreCase("NaN")) {
            if (missing == Missing.INTERPOLATE) return Double.NaN;
            throw new SeriesFormatException(file, line, Errors.withHint(Errors.format("SeriesCsv.read", "values must not be missing",
                    "a number", s.isEmpty() ? "an empty cell" : s, file.getFileName() + ":" + line + ", column " + col), "pass --interpolate to fill gaps linearly"));
        }
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw bad(file, line, "cells must be numeric", "a number", "\"" + s + "\"", col);
        }
    }

    private static void checkOrder(Path file, String col, List<String> times, List<Integer> lineNos) throws SeriesFormatException {
        Map<String, Integer> seen = new HashMap<>();
        double prev = Double.NaN;
        String prevLabel = null;
        for (int t = 0; t < times.size(); t++) {
            String label = times.get(t).trim();
            Integer first = seen.putIfAbsent(label, lineNos.get(t));
            if (first != null) throw bad(file, lineNos.get(t), "times must be unique", "a new time", "\"" + label + "\" again (first on line " + first + ")", col);
            double k = TimeKey.of(label);
            if (!Double.isNaN(k) && !Double.isNaN(prev) && k <= prev) {
                throw bad(file, lineNos.get(t), "times must increase", "a time after \"" + prevLabel + "\"", "\"" + label + "\"", col);
            }
            prev = k;
            prevLabel = label;
        }
    }

    /** Fills NaN runs linearly between neighbours; ends take the nearest present value. */
    public static void interpolate(double[] v) {
        int n = v.length, last = -1;
        for (int i = 0; i <= n; i++) {
            if (i < n && Double.isNaN(v[i])) continue;
            if (i - last > 1) {
                for (int k = last + 1; k < i; k++) {
                    if (last < 0 && i >= n) v[k] = 0;
                    else if (last < 0) v[k] = v[i];
                    else if (i >= n) v[k] = v[last];
                    else v[k] = v[last] + (v[i] - v[last]) * (k - last) / (double) (i - last);
                }
            }
            last = i;
        }
    }

    private static SeriesFormatException bad(Path file, int line, String rule, Object expected, Object got, String col) {
        String ctx = file.getFileName() + ":" + line + (col == null ? "" : ", column " + col);
        return new SeriesFormatException(file, line, Errors.format("SeriesCsv.read", rule, expected, got, ctx));
    }

    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        if (!out.isEmpty() && out.get(0).startsWith("\uFEFF")) out.set(0, out.get(0).substring(1));
        return out;
    }

    /** Splits one CSV line; double quotes group cells and {@code ""} inside quotes is a quote. */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { sb.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else sb.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == ',') { out.add(sb.toString()); sb.setLength(0); }
            else sb.append(ch);
        }
        out.add(sb.toString());
        return out;
    }
}
