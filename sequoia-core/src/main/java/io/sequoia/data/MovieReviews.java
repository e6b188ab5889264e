package io.sequoia.data;

import io.sequoia.tensor.Errors;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Readers for the two movie-review corpora of the sentiment lab.
 * <ul>
 * <li>MR sentence polarity v1.0 (Pang &amp; Lee 2005): {@code rt-polarity.pos} and
 *     {@code rt-polarity.neg}, one review snippet per line, Windows-1252 bytes. Lines are split on
 *     {@code \n} only (byte 0x85 is "…" in Windows-1252, not a line break); labels {@code pos}/{@code neg}.</li>
 * <li>IMDB (Maas et al. 2011) as gzip TSV shards {@code imdb_<split>_NN.tsv.gz} with the header
 *     {@code file, label, rating, text} (the text is the last column and may contain TABs), or one
 *     such {@code .tsv}/{@code .tsv.gz} file, or the original layout {@code <split>/pos/*.txt},
 *     {@code <split>/neg/*.txt} (read with {@link TextFolders}).</li>
 * </ul>
 * A malformed row raises a {@link TextFormatException} naming the file and line.
 */
public final class MovieReviews {
    private MovieReviews() {}

    public static final String MR_POSITIVE = "rt-polarity.pos", MR_NEGATIVE = "rt-polarity.neg";
    /** The MR files' encoding. */
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final String[] IMDB_HEADER = {"file", "label", "rating", "text"};

    /** The 10,662 MR snippets from a folder holding {@code rt-polarity.pos} and {@code rt-polarity.neg}: pos first, then neg. */
    public static LabeledTexts mr(Path dir) throws IOException {
        Path pos = dir.resolve(MR_POSITIVE), neg = dir.resolve(MR_NEGATIVE);
        for (Path p : List.of(pos, neg)) {
            if (!Files.isRegularFile(p)) {
                throw new FileNotFoundException(Errors.format("MovieReviews.mr", "the MR folder needs " + MR_POSITIVE + " and " + MR_NEGATIVE,
                        "a file at " + p, Files.exists(p) ? "something else" : "nothing", "folder " + dir));
            }
        }
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        for (String t : lines(pos, WINDOWS_1252)) { texts.add(t); labels.add("pos"); }
        for (String t : lines(neg, WINDOWS_1252)) { texts.add(t); labels.add("neg"); }
        return new LabeledTexts(texts, labels, dir.toString());
    }

    /**
     * The non-empty lines of a file, decoded with {@code charset} (malformed bytes are an error) and
     * split on {@code \n} only; a final newline does not make an extra line and a {@code \r} before
     * {@code \n} is dropped. An empty line is a {@link TextFormatException}.
     */
    public static List<String> lines(Path file, Charset charset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder dec = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> out = new ArrayList<>();
        int start = 0, line = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '\n') continue;
            if (i == bytes.length && start == bytes.length) break;         // final newline (or empty file)
            int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
            String s;
            try {
                s = dec.decode(java.nio.ByteBuffer.wrap(bytes, start, end - start)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new TextFormatException(file, line, Errors.format("MovieReviews.lines", "bytes are not valid " + charset.name(),
                        "text in " + charset.name(), e.getMessage(), null));
            }
            if (s.isBlank()) {
                throw new TextFormatException(file, line, Errors.format("MovieReviews.lines", "a review line must not be empty",
                        "one review per line", "an empty line", null));
            }
            out.add(s);
            start = i + 1;
            line++;
        }
        return out;
    }

    /**
     * IMDB reviews of one split ({@code train} or {@code test}) from a folder of TSV shards, the original
     * folder layout, or a single TSV file (then {@code split} is ignored). Labels {@code pos}/{@code neg}.
     */
    public static LabeledTexts imdb(Path path, String split) throws IOException {
        if (Files.isRegularFile(path)) return imdbTsv(List.of(path), path.toString());
        if (!Files.isDirectory(path)) {
            throw new FileNotFoundException(Errors.format("MovieReviews.imdb", "IMDB data is a folder or a TSV file", "an existing path",
                    "nothing", "path " + path.toAbsolutePath()));
        }
        if (!split.equals("train") && !split.equals("test")) throw Errors.arg("MovieReviews.imdb", "unknown split", "train or test", split, null);
        List<Path> shards;
        try (Stream<Path> s = Files.list(path)) {
            shards = s.filter(p -> p.getFileName().toString().matches("imdb_" + split + "_\\d+\\.tsv(\\.gz)?")).sorted().toList();
        }
        if (!shards.isEmpty()) return imdbTsv(shards, path + " (" + split + ")");
        if (Files.isDirectory(path.resolve(split))) return TextFolders.read(path.resolve(split));
        throw new FileNotFoundException(Errors.format("MovieReviews.imdb", "no IMDB data for the split",
                "imdb_" + split + "_NN.tsv.gz shards or a " + split + "/ folder", "neither", "folder " + path));
    }

    /** Reads IMDB TSV files (plain or gzip) with the header {@code file label rating text}. */
    public static LabeledTexts imdbTsv(List<Path> files, String source) throws IOException {
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        for (Path f : files) {
            long no = 0;
            try (BufferedReader r = open(f)) {
                String line;
                while ((line = readLine(r)) != null) {
                    no++;
                    String[] cols = line.split("\t", 4);
                    if (no == 1) {
                        if (!java.util.Arrays.equals(cols, IMDB_HEADER)) {
                            throw new TextFormatException(f, no, Errors.format("MovieReviews.imdbTsv", "the first line must be the header",
                                    String.join("\\t", IMDB_HEADER), line.length() > 60 ? line.substring(0, 60) + "..." : line, null));
                        }
                        continue;
                    }
                    if (line.isEmpty()) continue;
                    if (cols.length != 4) {
                        throw new TextFormatException(f, no, Errors.format("MovieReviews.imdbTsv", "a row needs 4 tab-separated columns",
                                4, cols.length, "file, label, rating, text"));
                    }
                    if (!cols[1].equals("pos") && !cols[1].equals("neg")) {
                        throw new TextFormatException(f, no, Errors.format("MovieReviews.imdbTsv", "label must be pos or neg", "pos or neg", cols[1], null));
                    }
                    texts.add(cols[3]);
                    labels.add(cols[1]);
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new TextFormatException(f, no + 1, Errors.withHint(Errors.format("MovieReviews.imdbTsv", "the file is not valid UTF-8",
                        "UTF-8 text", e.getMessage(), null), "convert the file to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)"));
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new TextFormatException(f, no + 1, Errors.format("MovieReviews.imdbTsv", "the gzip stream is damaged or cut short",
                        "a complete gzip file", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), null));
            }
        }
        return new LabeledTexts(texts, labels, source);
    }

    /** A UTF-8 reader, gunzipping files whose name ends in {@code .gz}. */
    static BufferedReader open(Path f) throws IOException {
        InputStream in = Files.newInputStream(f);
        if (f.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(in, dec), 1 << 16);
    }

    /** One line ending at {@code \n} (a {@code \r} before it dropped); other control characters stay in the line. */
    static String readLine(BufferedReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = r.read()) >= 0) {
            if (c == '\n') break;
            sb.append((char) c);
        }
        if (c < 0 && sb.length() == 0) return null;
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
        return sb.toString();
    }
}
