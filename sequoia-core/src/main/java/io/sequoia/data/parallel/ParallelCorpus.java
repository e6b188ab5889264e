package io.sequoia.data.parallel;

import io.sequoia.data.TextFormatException;
import io.sequoia.tensor.Errors;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parallel text: sentence pairs read from two aligned files (line i of one translates line i of the
 * other) or from one tab-separated file with a source and a target column. Problems are never
 * silent: a different number of lines is always an error naming the file and line where one file
 * ran out; an empty side or a side longer than {@link Options#maxWords} words is an error naming
 * {@code file:line}, unless {@link Options#skipBadPairs} is set, in which case the pair is left out
 * and listed in {@link #skipped()}.
 */
public final class ParallelCorpus {
    /** One pair and the 1-based line it came from. */
    public record Pair(String source, String target, int line) {}

    /**
     * @param maxWords     longest side allowed, in whitespace-separated words (0 = no limit)
     * @param skipBadPairs leave out empty or over-long pairs (and list them) instead of failing
     * @param charset      the files' encoding
     */
    public record Options(int maxWords, boolean skipBadPairs, Charset charset) {
        public Options {
            if (maxWords < 0) throw Errors.arg("ParallelCorpus.Options", "maxWords must be non-negative (0 = no limit)", ">= 0", maxWords, null);
            if (charset == null) throw Errors.arg("ParallelCorpus.Options", "charset must not be null", "a charset", null, null);
        }

        public static Options defaults() { return new Options(0, false, java.nio.charset.StandardCharsets.UTF_8); }
        public Options maxWords(int n) { return new Options(n, skipBadPairs, charset); }
        public Options skipBadPairs(boolean on) { return new Options(maxWords, on, charset); }
        public Options charset(Charset c) { return new Options(maxWords, skipBadPairs, c); }
    }

    private final List<Pair> pairs;
    private final List<String> skipped;

    private ParallelCorpus(List<Pair> pairs, List<String> skipped) {
        this.pairs = List.copyOf(pairs);
        this.skipped = List.copyOf(skipped);
    }

    public List<Pair> pairs() { return pairs; }
    public int size() { return pairs.size(); }
    /** {@code file:line: reason} for every pair left out by {@link Options#skipBadPairs}. */
    public List<String> skipped() { return skipped; }
    public List<String> sources() { return pairs.stream().map(Pair::source).toList(); }
    public List<String> targets() { return pairs.stream().map(Pair::target).toList(); }

    /** Reads two aligned files. */
    public static ParallelCorpus readAligned(Path source, Path target, Options options) throws IOException {
        List<String> src = readLines(source, options.charset()), tgt = readLines(target, options.charset());
        if (src.size() != tgt.size()) {
            boolean srcShort = src.size() < tgt.size();
            Path shorter = srcShort ? source : target, longer = srcShort ? target : source;
            int n = Math.min(src.size(), tgt.size());
            throw new TextFormatException(longer, n + 1, Errors.format("ParallelCorpus", "source and target must have the same number of lines",
                    Math.max(src.size(), tgt.size()) + " lines in " + shorter, n, shorter + " ends after line " + n));
        }
        List<Pair> pairs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            check(source, target, src.get(i), tgt.get(i), i + 1, options, pairs, skipped);
        }
        return new ParallelCorpus(pairs, skipped);
    }

    /** Reads a tab-separated file; columns are 0-based. */
    public static ParallelCorpus readTsv(Path file, int srcCol, int tgtCol, Options options) throws IOException {
        if (srcCol < 0) throw Errors.arg("ParallelCorpus.readTsv", "srcCol must be non-negative", ">= 0", srcCol, null);
        if (tgtCol < 0) throw Errors.arg("ParallelCorpus.readTsv", "tgtCol must be non-negative", ">= 0", tgtCol, null);
        if (srcCol == tgtCol) throw Errors.arg("ParallelCorpus.readTsv", "srcCol and tgtCol must differ", "two columns", srcCol, null);
        List<String> lines = readLines(file, options.charset());
        List<Pair> pairs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int need = Math.max(srcCol, tgtCol) + 1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() && i == lines.size() - 1) break;
            String[] cols = line.split("\t", -1);
            if (cols.length < need) {
                throw new TextFormatException(file, i + 1, Errors.format("ParallelCorpus.readTsv", "too few tab-separated columns",
                        "at least " + need + " (srcCol " + srcCol + ", tgtCol " + tgtCol + ")", cols.length, null));
            }
            check(file, file, cols[srcCol], cols[tgtCol], i + 1, options, pairs, skipped);
        }
        return new ParallelCorpus(pairs, skipped);
    }

    private static void check(Path srcFile, Path tgtFile, String s, String t, int line, Options o, List<Pair> pairs, List<String> skipped)
            throws TextFormatException {
        String problem = null;
        Path where = srcFile;
        if (s.isBlank()) problem = "empty source sentence";
        else if (t.isBlank()) { problem = "empty target sentence"; where = tgtFile; }
        else if (o.maxWords() > 0) {
            int ns = words(s), nt = words(t);
            if (ns > o.maxWords()) problem = "source sentence longer than maxWords; expected <= " + o.maxWords() + " words, got " + ns;
            else if (nt > o.maxWords()) { problem = "target sentence longer than maxWords; expected <= " + o.maxWords() + " words, got " + nt; where = tgtFile; }
        }
        if (problem == null) { pairs.add(new Pair(s.strip(), t.strip(), line)); return; }
        if (!o.skipBadPairs()) {
            throw new TextFormatException(where, line, "ParallelCorpus: " + problem + ". Hint: pass the option to skip bad pairs to leave such pairs out");
        }
        skipped.add(where + ":" + line + ": " + problem);
    }

    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** All lines of a file (a final newline does not start an extra line); decoding errors are reported with the line. */
    public static List<String> readLines(Path file, Charset charset) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file (parallel text)");
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            while ((line = r.readLine()) != null) lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        } catch (CharacterCodingException e) {
            throw new TextFormatException(file, lines.size() + 1, "not valid " + charset.name() + " text. Hint: pass the file's encoding");
        }
        return lines;
    }
}
