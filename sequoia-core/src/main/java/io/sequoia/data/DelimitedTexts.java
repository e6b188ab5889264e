package io.sequoia.data;

import io.sequoia.tensor.Errors;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A generic CSV or TSV file with a text column and a label column. Columns are named by 1-based
 * number ({@code "2"}) or by header name ({@code "review"}); by default the header names
 * {@code text} and {@code label}. CSV follows RFC 4180 (fields in double quotes may hold commas,
 * newlines and doubled quotes); TSV splits on TAB, and when the text column is the last one it keeps
 * any further TABs inside the text. UTF-8, gzip if the name ends in {@code .gz}. Blank lines are
 * skipped; a row with too few columns, an empty label or an unterminated quote is a
 * {@link TextFormatException} with the file and line.
 */
public final class DelimitedTexts {
    private DelimitedTexts() {}

    public static final String DEFAULT_TEXT_COLUMN = "text", DEFAULT_LABEL_COLUMN = "label";

    /**
     * @param separator ',' for CSV or '\t' for TSV
     * @param textColumn  a header name or a 1-based column number (null: "text")
     * @param labelColumn a header name or a 1-based column number (null: "label")
     * @param header      whether the first row is a header (required when a column is given by name)
     */
    public static LabeledTexts read(Path file, char separator, String textColumn, String labelColumn, boolean header) throws IOException {
        String where = "DelimitedTexts.read";
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(Errors.format(where, "the data file must exist", "a file", "nothing", "path " + file.toAbsolutePath()));
        }
        String tc = textColumn == null ? DEFAULT_TEXT_COLUMN : textColumn, lc = labelColumn == null ? DEFAULT_LABEL_COLUMN : labelColumn;
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        try (BufferedReader r = MovieReviews.open(file)) {
            long[] line = {0};
            List<String> first = header ? row(r, file, separator, line, Integer.MAX_VALUE) : null;
            if (header && first == null) throw new TextFormatException(file, 1, Errors.format(where, "the file is empty", "a header row", "nothing", null));
            int ti = column(file, "text", tc, first), li = column(file, "label", lc, first);
            int limit = separator == '\t' && ti > li ? ti + 1 : Integer.MAX_VALUE;   // the text may hold TABs if it comes last
            while (true) {
                long start = line[0] + 1;
                List<String> cells = row(r, file, separator, line, limit);
                if (cells == null) break;
                if (cells.size() == 1 && cells.get(0).isEmpty()) continue;
                if (first != null && limit == Integer.MAX_VALUE && cells.size() > first.size()) {
                    throw new TextFormatException(file, start, Errors.format(where, "row has more cells than the header", first.size() + " cells",
                            cells.size(), "Hint: quote a text that holds the separator (\"a, b\")"));
                }
                int need = Math.max(ti, li) + 1;
                if (cells.size() < need) {
                    throw new TextFormatException(file, start, Errors.format(where, "row has too few columns", "at least " + need,
                            cells.size(), "text column " + (ti + 1) + ", label column " + (li + 1)));
                }
                String label = cells.get(li).trim();
                if (label.isEmpty()) throw new TextFormatException(file, start, Errors.format(where, "the label must not be empty", "a label", "''", "column " + (li + 1)));
                texts.add(cells.get(ti));
                labels.add(label);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw io.sequoia.data.text.TextFiles.undecodable(file, java.nio.charset.StandardCharsets.UTF_8, e);
        }
        if (!texts.isEmpty() && texts.stream().allMatch(String::isBlank)) {
            throw new io.sequoia.io.FileFormatException(file, -1, file + ": " + Errors.format(where, "every text is empty (a model would learn only the class balance)",
                    "texts with words", texts.size() + " empty texts", "text column " + (tc)));
        }
        return new LabeledTexts(texts, labels, file.toString());
    }

    private static int column(Path file, String role, String spec, List<String> header) throws TextFormatException {
        if (spec.matches("\\d+")) {
            int c = Integer.parseInt(spec);
            if (c < 1) throw Errors.arg("DelimitedTexts.read", "column numbers are 1-based", ">= 1", c, role + " column");
            return c - 1;
        }
        if (header == null) {
            throw Errors.arg("DelimitedTexts.read", "a column given by name needs a header row", "a 1-based number", spec, role + " column of " + file);
        }
        for (int i = 0; i < header.size(); i++) if (header.get(i).trim().equalsIgnoreCase(spec)) return i;
        throw new TextFormatException(file, 1, Errors.format("DelimitedTexts.read", "no such " + role + " column in the header",
                "one of " + header, spec, "Hint: pass --" + role + "-col with a header name or a 1-based number"));
    }

    /** The cells of the next row, or null at the end; {@code line[0]} advances by the lines the row spans. */
    static List<String> row(BufferedReader r, Path file, char sep, long[] line, int limit) throws IOException {
        String l = MovieReviews.readLine(r);
        if (l == null) return null;
        line[0]++;
        if (line[0] == 1 && l.startsWith("\uFEFF")) l = l.substring(1);     // a UTF-8 byte-order mark (Excel's CSV)
        List<String> cells = new ArrayList<>();
        if (sep == '\t') {
            for (String c : l.split("\t", limit == Integer.MAX_VALUE ? -1 : limit)) cells.add(c);
            return cells;
        }
        long start = line[0];
        StringBuilder cell = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        int i = 0;
        while (true) {
            if (i == l.length()) {
                if (!quoted) break;
                String next = MovieReviews.readLine(r);
                if (next == null) {
                    throw new TextFormatException(file, start, Errors.format("DelimitedTexts.read", "a quoted field is not closed",
                            "a closing \"", "end of file", null));
                }
                line[0]++;
                cell.append('\n');
                l = next;
                i = 0;
                continue;
            }
            char ch = l.charAt(i++);
            if (quoted) {
                if (ch == '"') {
                    if (i < l.length() && l.charAt(i) == '"') { cell.append('"'); i++; }
                    else quoted = false;
                } else cell.append(ch);
            } else if (ch == '"' && cell.length() == 0 && !wasQuoted) {
                quoted = wasQuoted = true;
            } else if (ch == sep) {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted) {                     // "a good" film: text after the closing quote
                throw new TextFormatException(file, line[0], Errors.format("DelimitedTexts.read",
                        "a quoted field must end at its closing quote", "'" + sep + "' or the end of the line after the quote",
                        "'" + ch + "' in column " + (cells.size() + 1), "Hint: double a quote inside a quoted field (\"\")"));
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
