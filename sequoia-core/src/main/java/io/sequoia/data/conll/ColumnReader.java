package io.sequoia.data.conll;

import io.sequoia.data.TextFormatException;
import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads tagged sentences from column files ({@link ColumnFormat}). Every malformed line is an
 * error naming {@code file:line} (a {@link TextFormatException}); nothing is skipped silently
 * except what the format defines as not a token (comments, -DOCSTART-, CoNLL-U ranges and empty nodes).
 *
 * @param format    the layout
 * @param tokenCol  1-based token column, or 0 for the format's (1; FORM = 2 in CoNLL-U)
 * @param tagCol    1-based tag column as text, "upos" / "xpos" (CoNLL-U), or null for the format's
 *                  (the last column; UPOS in CoNLL-U)
 * @param encoding  the files' character set (UTF-8 by default)
 * @param requireTags whether every token line must carry a tag (false: tags are read when present)
 */
public record ColumnReader(ColumnFormat format, int tokenCol, String tagCol, Charset encoding, boolean requireTags) {
    public static final String DOCSTART = "-DOCSTART-";
    private static final Pattern SPACES = Pattern.compile("[ \\t]+"), TAB = Pattern.compile("\t");
    private static final int CONLLU_COLUMNS = 10, UPOS = 4, XPOS = 5, FORM = 2;

    public ColumnReader {
        if (format == null) throw Errors.arg("ColumnReader", "format must be given", ColumnFormat.NAMES, null, null);
        if (tokenCol < 0) throw Errors.arg("ColumnReader", "tokenCol must be a 1-based column number (0 = the format's)", ">= 0", tokenCol, null);
        if (encoding == null) encoding = StandardCharsets.UTF_8;
        if (tagCol != null && !tagCol.equalsIgnoreCase("upos") && !tagCol.equalsIgnoreCase("xpos") && !tagCol.matches("[1-9][0-9]*")) {
            throw Errors.arg("ColumnReader", "tagCol must be a 1-based column number, upos or xpos", "N, upos or xpos", tagCol, null);
        }
        if (tagCol != null && !tagCol.matches("[0-9]+") && format != ColumnFormat.CONLLU) {
            throw Errors.arg("ColumnReader", "tagCol upos/xpos names a CoNLL-U column", "a column number for " + format.cliName(), tagCol, null);
        }
    }

    /** The format's default columns, UTF-8, tags required. */
    public static ColumnReader of(ColumnFormat format) { return new ColumnReader(format, 0, null, StandardCharsets.UTF_8, true); }

    public ColumnReader withEncoding(Charset cs) { return new ColumnReader(format, tokenCol, tagCol, cs, requireTags); }
    public ColumnReader withTagCol(String col) { return new ColumnReader(format, tokenCol, col, encoding, requireTags); }
    public ColumnReader withTokenCol(int col) { return new ColumnReader(format, col, tagCol, encoding, requireTags); }
    public ColumnReader withRequireTags(boolean on) { return new ColumnReader(format, tokenCol, tagCol, encoding, on); }

    /** The 1-based tag column for a file whose token lines have {@code columns} columns. */
    int tagColumn(int columns) {
        if (format == ColumnFormat.CONLLU) {
            if (tagCol == null || tagCol.equalsIgnoreCase("upos")) return UPOS;
            if (tagCol.equalsIgnoreCase("xpos")) return XPOS;
        }
        return tagCol == null ? columns : Integer.parseInt(tagCol);
    }

    int tokenColumn() { return tokenCol > 0 ? tokenCol : (format == ColumnFormat.CONLLU ? FORM : 1); }

    /** Every sentence of {@code file}. */
    public List<TaggedSentence> read(Path file) throws IOException {
        List<String> lines = lines(file, encoding);
        List<TaggedSentence> out = new ArrayList<>();
        List<String> tokens = new ArrayList<>(), tags = new ArrayList<>(), source = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        int columns = -1, firstLine = 0;
        for (int k = 0; k <= lines.size(); k++) {
            String line = k < lines.size() ? lines.get(k) : "";
            int no = k + 1;
            if (line.isBlank() || (format != ColumnFormat.CONLLU && line.startsWith(DOCSTART))) {
                if (!tokens.isEmpty()) {
                    int[] ln = new int[at.size()];
                    for (int i = 0; i < ln.length; i++) ln[i] = at.get(i);
                    boolean tagged = tags.stream().allMatch(t -> t != null);
                    out.add(new TaggedSentence(tokens, tagged ? tags : null, source, ln));
                    tokens = new ArrayList<>(); tags = new ArrayList<>(); source = new ArrayList<>(); at = new ArrayList<>();
                }
                continue;
            }
            String[] f;
            if (format == ColumnFormat.CONLLU) {
                if (line.startsWith("#")) continue;
                f = TAB.split(line, -1);
                if (f.length != CONLLU_COLUMNS) throw error(file, no, "a CoNLL-U line has 10 TAB-separated columns", CONLLU_COLUMNS, f.length, line);
                String id = f[0];
                if (id.matches("[1-9][0-9]*-[1-9][0-9]*")) {          // multiword token: its words follow on their own lines
                    for (int c : new int[]{UPOS, XPOS}) {
                        if (!f[c - 1].equals("_")) {
                            throw error(file, no, "a multiword-token line (" + id + ") carries no tag (column " + c + " must be _)", "_", f[c - 1], line);
                        }
                    }
                    continue;
                }
                if (id.matches("[0-9]+\\.[1-9][0-9]*")) continue;      // empty node: not part of the surface sentence
                if (!id.matches("[1-9][0-9]*")) throw error(file, no, "a CoNLL-U ID is N, N-M or N.M", "an ID like 3, 3-4 or 8.1", id, line);
            } else {
                String trimmed = line.strip();
                f = (format == ColumnFormat.COLUMNS && trimmed.indexOf('\t') >= 0 ? TAB : SPACES).split(trimmed, -1);
                if (columns < 0) {
                    columns = f.length;
                    firstLine = no;
                    if (format == ColumnFormat.CONLL2002 && requireTags && (columns < 2 || columns > 3)) {
                        throw error(file, no, "a CoNLL-2002 line has 2 or 3 columns (WORD [POS] TAG)", "2 or 3", columns, line);
                    }
                } else if (f.length != columns) {
                    throw error(file, no, "every token line must have as many columns as the first (line " + firstLine + ")", columns, f.length, line);
                }
            }
            int tc = tokenColumn();
            if (tc > f.length) throw error(file, no, "the token column is beyond the line's columns", "column " + tc + " of " + f.length, f.length + " columns", line);
            String tag = null;
            int gc = tagColumn(f.length);
            boolean hasTag = f.length >= 2 || format == ColumnFormat.CONLLU || tagCol != null;
            if (requireTags) {
                if (f.length < 2) throw error(file, no, "a token line needs a token and a tag", ">= 2 columns", f.length, line);
                if (gc > f.length) throw error(file, no, "the tag column is beyond the line's columns", "column " + gc + " of " + f.length, f.length + " columns", line);
                if (gc == tc) throw error(file, no, "the tag column must differ from the token column", "another column than " + tc, gc, line);
            }
            if (hasTag && gc <= f.length && gc != tc) {
                tag = f[gc - 1];
                if (tag.isEmpty() || (format == ColumnFormat.CONLLU && tag.equals("_"))) {
                    if (requireTags) throw error(file, no, "the tag column is empty", "a tag", tag.isEmpty() ? "nothing" : "_", line);
                    tag = null;
                }
            }
            if (f[tc - 1].isEmpty()) throw error(file, no, "the token column is empty", "a token", "nothing", line);
            tokens.add(f[tc - 1]);
            tags.add(tag);
            source.add(line);
            at.add(no);
        }
        return out;
    }

    private static TextFormatException error(Path file, int line, String rule, Object expected, Object got, String text) {
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return new TextFormatException(file, line, Errors.format("ColumnReader", rule, expected, got, "line '" + shown + "'"));
    }

    /**
     * The file's lines decoded strictly: bytes that are not valid in {@code cs} are an error naming
     * the file and line, with a hint to pass --encoding. A UTF-8 byte-order mark is dropped.
     */
    public static List<String> lines(Path file, Charset cs) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException(Errors.format("ColumnReader", "the data file must exist", "a file",
                    Files.exists(file) ? "a folder" : "nothing", "path " + file.toAbsolutePath()));
        }
        byte[] bytes = Files.readAllBytes(file);
        String name = cs.name().toUpperCase(Locale.ROOT);
        if (name.startsWith("UTF-16") || name.startsWith("UTF-32")) {      // not ASCII-compatible: decode whole
            return new ArrayList<>(List.of(decode(file, 1, ByteBuffer.wrap(bytes), cs).split("\r?\n", -1)));
        }
        List<String> out = new ArrayList<>();
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        int line = 1;
        for (int i = start; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                if (!(i == bytes.length && start == i)) out.add(decode(file, line, ByteBuffer.wrap(bytes, start, end - start), cs));
                start = i + 1;
                line++;
            }
        }
        return out;
    }

    private static String decode(Path file, int line, ByteBuffer b, Charset cs) throws TextFormatException {
        CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return d.decode(b).toString();
        } catch (CharacterCodingException e) {
            throw new TextFormatException(file, line, Errors.withHint(Errors.format("ColumnReader", "the file is not valid " + cs.name(),
                    cs.name() + " text", "bytes that are not (" + e.getMessage() + ")", null),
                    "pass --encoding with the file's character set (e.g. --encoding ISO-8859-1 or windows-1252)"));
        }
    }
}
