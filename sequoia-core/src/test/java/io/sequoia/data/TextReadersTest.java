package io.sequoia.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextReadersTest {
    static final Path SHARED = Paths.get("..", "..", "shared", "data");
    @TempDir Path tmp;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test void mrHas5331ReviewsPerClassDecodedAsWindows1252() throws IOException {
        LabeledTexts mr = MovieReviews.mr(SHARED.resolve("mr-polarity"));
        assertEquals(Map.of("neg", 5331, "pos", 5331), mr.counts());
        assertTrue(mr.texts().stream().anyMatch(t -> t.contains("\u2026")), "0x85 is an ellipsis, not a line break");
        assertTrue(mr.texts().stream().noneMatch(t -> t.contains("\u0085") || t.contains("\n")));
        assertEquals(TextDatasets.Format.MR, TextDatasets.detect(SHARED.resolve("mr-polarity")));
    }

    @Test void mrLinesSplitOnNewlineOnlyAndEmptyLinesAreErrors() throws IOException {
        Path f = tmp.resolve("x.pos");
        Files.write(f, new byte[]{'a', (byte) 0x85, 'b', '\r', '\n', 'c', '\n', '\n', 'd', '\n'});
        TextFormatException e = assertThrows(TextFormatException.class, () -> MovieReviews.lines(f, MovieReviews.WINDOWS_1252));
        assertEquals(f + ":3: MovieReviews.lines: a review line must not be empty; expected one review per line, got an empty line", e.getMessage());
        assertEquals(3, e.line());
        Files.write(f, new byte[]{'a', (byte) 0x85, 'b', '\r', '\n', 'c'});
        assertEquals(List.of("a\u2026b", "c"), MovieReviews.lines(f, MovieReviews.WINDOWS_1252));
    }

    @Test void mrBytesUndefinedInWindows1252AreErrors() throws IOException {
        Path f = tmp.resolve("bad.neg");
        Files.write(f, new byte[]{'o', 'k', '\n', 'x', (byte) 0x81, '\n'});
        TextFormatException e = assertThrows(TextFormatException.class, () -> MovieReviews.lines(f, MovieReviews.WINDOWS_1252));
        assertTrue(e.getMessage().startsWith(f + ":2: MovieReviews.lines: bytes are not valid windows-1252"), e.getMessage());
    }

    @Test void mrFolderWithoutItsFilesIsAnError() {
        var e = assertThrows(java.io.FileNotFoundException.class, () -> MovieReviews.mr(tmp));
        assertTrue(e.getMessage().startsWith("MovieReviews.mr: the MR folder needs rt-polarity.pos and rt-polarity.neg"), e.getMessage());
    }

    @Test void imdbShardIsBalancedAndKeepsTabsInTheText() throws IOException {
        LabeledTexts d = MovieReviews.imdbTsv(List.of(SHARED.resolve("imdb/imdb_train_00.tsv.gz")), "shard 0");
        assertEquals(Map.of("neg", 2500, "pos", 2500), d.counts());
        assertTrue(d.texts().stream().anyMatch(t -> t.contains("\t")), "27 reviews contain TABs");
    }

    @Test void imdbTsvErrorsNameFileAndLine() throws IOException {
        Path bad = write("h.tsv", "file\tlabel\ttext\n");
        assertEquals(bad + ":1: MovieReviews.imdbTsv: the first line must be the header; expected file\\tlabel\\trating\\ttext, got file\tlabel\ttext",
                assertThrows(TextFormatException.class, () -> MovieReviews.imdbTsv(List.of(bad), "x")).getMessage());
        Path cols = write("c.tsv", "file\tlabel\trating\ttext\na\tpos\t9\tfine\nb\tneg\n");
        assertEquals(cols + ":3: MovieReviews.imdbTsv: a row needs 4 tab-separated columns; expected 4, got 2 (file, label, rating, text)",
                assertThrows(TextFormatException.class, () -> MovieReviews.imdbTsv(List.of(cols), "x")).getMessage());
        Path lab = write("l.tsv", "file\tlabel\trating\ttext\na\tgood\t9\tfine\n");
        assertEquals(lab + ":2: MovieReviews.imdbTsv: label must be pos or neg; expected pos or neg, got good",
                assertThrows(TextFormatException.class, () -> MovieReviews.imdbTsv(List.of(lab), "x")).getMessage());
    }

    @Test void csvWithQuotesCommasNewlinesAndHeaderNames() throws IOException {
        Path f = write("d.csv", "id,review,label\n1,\"great, \"\"really\"\"\nfilm\",pos\n\n2,meh,neg\n");
        LabeledTexts d = DelimitedTexts.read(f, ',', "review", "label", true);
        assertEquals(List.of("great, \"really\"\nfilm", "meh"), d.texts());
        assertEquals(List.of("pos", "neg"), d.labels());
        assertEquals(d.texts(), DelimitedTexts.read(f, ',', "2", "3", true).texts(), "1-based column numbers");
        assertEquals(TextDatasets.Format.CSV, TextDatasets.detect(f));
    }

    @Test void textAfterAClosingQuoteIsAnErrorNotAMergedRow() throws IOException {
        Path f = write("stray.csv", "text,label\nfine,pos\n\"a good\" film,pos\nbad film,neg\n");
        TextFormatException e = assertThrows(TextFormatException.class, () -> DelimitedTexts.read(f, ',', null, null, true));
        assertTrue(e.getMessage().startsWith(f + ":3: DelimitedTexts.read: a quoted field must end at its closing quote;"), e.getMessage());
        assertTrue(e.getMessage().contains("got ' ' in column 1"), e.getMessage());
        Path ok = write("ok.csv", "text,label\n\"say \"\"hi\"\", then go\",pos\n");
        assertEquals("say \"hi\", then go", DelimitedTexts.read(ok, ',', null, null, true).texts().get(0));
    }

    @Test void csvRowErrorsCountLinesOfMultiLineRows() throws IOException {
        Path f = write("e.csv", "text,label\n\"a\nb\",pos\nonly-one-column\n");
        TextFormatException e = assertThrows(TextFormatException.class, () -> DelimitedTexts.read(f, ',', null, null, true));
        assertEquals(f + ":4: DelimitedTexts.read: row has too few columns; expected at least 2, got 1 (text column 1, label column 2)", e.getMessage());
        Path q = write("q.csv", "text,label\n\"never closed,pos\n");
        assertEquals(q + ":2: DelimitedTexts.read: a quoted field is not closed; expected a closing \", got end of file",
                assertThrows(TextFormatException.class, () -> DelimitedTexts.read(q, ',', null, null, true)).getMessage());
        Path l = write("l.csv", "text,label\nfine, \n");
        assertEquals(l + ":2: DelimitedTexts.read: the label must not be empty; expected a label, got '' (column 2)",
                assertThrows(TextFormatException.class, () -> DelimitedTexts.read(l, ',', null, null, true)).getMessage());
    }

    @Test void unknownColumnNameIsAnError() throws IOException {
        Path f = write("u.csv", "text,label\na,pos\n");
        TextFormatException e = assertThrows(TextFormatException.class, () -> DelimitedTexts.read(f, ',', "body", null, true));
        assertEquals(f + ":1: DelimitedTexts.read: no such text column in the header; expected one of [text, label], got body "
                + "(Hint: pass --text-col with a header name or a 1-based number)", e.getMessage());
        assertEquals("DelimitedTexts.read: a column given by name needs a header row; expected a 1-based number, got text (text column of " + f + ")",
                assertThrows(IllegalArgumentException.class, () -> DelimitedTexts.read(f, ',', "text", "2", false)).getMessage());
    }

    @Test void tsvTextInTheLastColumnKeepsItsTabs() throws IOException {
        Path f = write("t.tsv", "ham\tHello\tthere\nspam\tWIN\n");
        LabeledTexts d = DelimitedTexts.read(f, '\t', "2", "1", false);
        assertEquals(List.of("Hello\tthere", "WIN"), d.texts());
        assertEquals(List.of("ham", "spam"), d.classes());
    }

    @Test void foldersOnePerClass() throws IOException {
        write("corpus/pos/1.txt", "good");
        write("corpus/pos/2.txt", "great");
        write("corpus/neg/1.txt", "bad");
        write("corpus/.hidden/x.txt", "ignored");
        LabeledTexts d = TextFolders.read(tmp.resolve("corpus"));
        assertEquals(List.of("bad", "good", "great"), d.texts());
        assertEquals(List.of("neg", "pos", "pos"), d.labels());
        assertEquals(TextDatasets.Format.FOLDERS, TextDatasets.detect(tmp.resolve("corpus")));
        write("one/pos/1.txt", "x");
        assertEquals("TextFolders.read: a classification corpus needs at least two class folders; expected >= 2 sub-folders, got 1 (folder " + tmp.resolve("one") + ")",
                assertThrows(IllegalArgumentException.class, () -> TextFolders.read(tmp.resolve("one"))).getMessage());
    }

    @Test void stratifiedFoldsAndSplits() {
        List<String> texts = new java.util.ArrayList<>(), labels = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) { texts.add("t" + i); labels.add(i < 70 ? "a" : "b"); }
        LabeledTexts d = new LabeledTexts(texts, labels, "toy");
        int[] folds = d.stratifiedFolds(10, 1);
        for (int f = 0; f < 10; f++) assertEquals(Map.of("a", 7, "b", 3), d.fold(folds, f, true).counts());
        LabeledTexts[] s = d.stratifiedSplit(0.2, 1);
        assertEquals(Map.of("a", 14, "b", 6), s[1].counts());
        assertEquals(80, s[0].size());
        assertEquals("LabeledTexts.stratifiedFolds: k must be in [2, size]; expected 2..100, got 1 (toy)",
                assertThrows(IllegalArgumentException.class, () -> d.stratifiedFolds(1, 0)).getMessage());
    }

    @Test void unknownFormatAndNames() throws IOException {
        assertEquals("TextDatasets.Format: unknown data format; expected one of mr, imdb, tsv, csv, folders, got xml",
                assertThrows(IllegalArgumentException.class, () -> TextDatasets.Format.parse("xml")).getMessage());
        Path f = write("a.json", "{}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TextDatasets.detect(f)).getMessage()
                .startsWith("TextDatasets.detect: cannot tell the format from the file name; expected a .csv or .tsv file, or a folder, got a.json"));
        assertEquals(SHARED.resolve("mr-polarity"), DatasetRegistry.locate("mr", SHARED, tmp));
        assertTrue(assertThrows(java.io.FileNotFoundException.class, () -> DatasetRegistry.locate("nosuch", SHARED, tmp)).getMessage()
                .startsWith("DatasetRegistry.locate: no such file, folder or dataset name; expected an existing path or one of [mr, imdb, "));
    }
}
