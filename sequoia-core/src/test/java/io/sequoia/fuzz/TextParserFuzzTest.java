package io.sequoia.fuzz;

import io.sequoia.data.MovieReviews;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.data.text.TextFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.sequoia.fuzz.ParserFuzzTest.fuzz;
import static io.sequoia.fuzz.ParserFuzzTest.utf8;

/**
 * The parsers of issue 17 that {@link ParserFuzzTest} left out: the MR files ({@code rt-polarity.pos},
 * Windows-1252 lines), IMDB TSV shards (plain and gzip), parallel text as two aligned files, and the
 * language model's plain text. Same rules: a result or the parser's file error naming the file.
 * {@link #main} runs them outside Maven (for the long run: {@code -Dsequoia.fuzz.seconds=S}).
 */
class TextParserFuzzTest {
    @TempDir Path dir;

    @Test void movieReviewFiles() throws Exception {
        Path mr = Files.createDirectories(dir.resolve("mr"));
        Files.write(mr.resolve(MovieReviews.MR_NEGATIVE), "a dull , lifeless film .\n".getBytes(MovieReviews.WINDOWS_1252));
        List<byte[]> seeds = List.of("the rock is destined to be the 21st century's new \" conan \" .\nsimply a caf\u00e9 gem .\n".getBytes(MovieReviews.WINDOWS_1252),
                "one line only".getBytes(MovieReviews.WINDOWS_1252));
        fuzz("mr", mr, MovieReviews.MR_POSITIVE, seeds, List.of("\n\n", "\r\n", " .", "\u00e9"), f -> MovieReviews.mr(f.getParent()));
    }

    @Test void imdbShards() throws Exception {
        String tsv = "file\tlabel\trating\ttext\n0_9.txt\tpos\t9\tA fine film.<br /><br />Really.\n1_2.txt\tneg\t2\tdull\n";
        List<String> dict = List.of("\t", "pos", "neg", "file\tlabel\trating\ttext\n", "<br />");
        Path plain = Files.createDirectories(dir.resolve("imdb"));
        fuzz("imdb-tsv", plain, "imdb_train_00.tsv", utf8(tsv, "file\tlabel\trating\ttext\n"), dict, f -> MovieReviews.imdb(f.getParent(), "train"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) { g.write(tsv.getBytes(StandardCharsets.UTF_8)); }
        Path zipped = Files.createDirectories(dir.resolve("imdb-gz"));
        fuzz("imdb-tsv-gz", zipped, "imdb_train_00.tsv.gz", List.of(gz.toByteArray()), dict, f -> MovieReviews.imdb(f.getParent(), "train"));
    }

    @Test void alignedParallelFiles() throws Exception {
        Path p = Files.createDirectories(dir.resolve("parallel"));
        Path tgt = p.resolve("train.en");
        Files.writeString(tgt, "A dog.\nTwo cats sleep.\n");
        fuzz("parallel-aligned", p, "train.de", utf8("Ein Hund.\nZwei Katzen schlafen.\n", "Ein Hund.\n\n"), List.of("\n", "\r\n", "\t"),
                f -> ParallelCorpus.readAligned(f, tgt, ParallelCorpus.Options.defaults()));
    }

    @Test void languageModelText() throws Exception {
        Path p = Files.createDirectories(dir.resolve("lm"));
        fuzz("lm-text", p, "input.txt", utf8("First Citizen:\nBefore we proceed any further, hear me speak.\n", "\uFEFFcaf\u00e9\n"), List.of("\n", "\u00e9"),
                f -> TextFiles.read(f, StandardCharsets.UTF_8));
    }

    /** The long run outside Maven: {@code java -Dsequoia.fuzz.seconds=300 -cp ... io.sequoia.fuzz.TextParserFuzzTest [target]}. */
    public static void main(String[] args) throws Exception {
        Path d = Files.createTempDirectory("fuzz");
        TextParserFuzzTest t = new TextParserFuzzTest();
        t.dir = d;
        String only = args.length > 0 ? args[0] : "";
        if (only.isEmpty() || only.equals("mr")) t.movieReviewFiles();
        if (only.isEmpty() || only.equals("imdb")) t.imdbShards();
        if (only.isEmpty() || only.equals("parallel")) t.alignedParallelFiles();
        if (only.isEmpty() || only.equals("lm")) t.languageModelText();
    }
}
