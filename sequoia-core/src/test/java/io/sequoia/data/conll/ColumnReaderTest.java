package io.sequoia.data.conll;

import io.sequoia.data.TextFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ColumnReaderTest {
    @TempDir Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private TextFormatException fails(ColumnReader r, Path p) {
        return assertThrows(TextFormatException.class, () -> r.read(p));
    }

    @Test
    void conll2003SkipsDocstartAndReadsTheLastColumn() throws IOException {
        Path p = file("eng.txt", "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n"
                + "-DOCSTART- -X- O O\nBRUSSELS NNP I-NP I-LOC");
        List<TaggedSentence> s = ColumnReader.of(ColumnFormat.CONLL2003).read(p);
        assertEquals(3, s.size());
        assertEquals(List.of("EU", "rejects"), s.get(0).tokens());
        assertEquals(List.of("I-ORG", "O"), s.get(0).tags());
        assertArrayEquals(new int[]{3, 4}, s.get(0).lines());
        assertEquals(List.of("I-PER", "I-PER"), s.get(1).tags());
        assertEquals(List.of("BRUSSELS"), s.get(2).tokens(), "a sentence without a final blank line");
        assertEquals("Peter NNP I-NP I-PER", s.get(1).source().get(0));
        // another column as the tag: the POS column
        assertEquals(List.of("NNP", "VBZ"), ColumnReader.of(ColumnFormat.CONLL2003).withTagCol("2").read(p).get(0).tags());
    }

    @Test
    void conll2003WrongColumnCountNamesFileAndLine() throws IOException {
        Path p = file("bad.txt", "EU NNP I-NP I-ORG\nrejects VBZ I-VP\n");
        TextFormatException e = fails(ColumnReader.of(ColumnFormat.CONLL2003), p);
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith(p + ":2: ColumnReader: every token line must have as many columns as the first (line 1); expected 4, got 3"), e.getMessage());
        TextFormatException one = fails(ColumnReader.of(ColumnFormat.CONLL2003), file("one.txt", "\n\nEU\n"));
        assertTrue(one.getMessage().contains(":3: ColumnReader: a token line needs a token and a tag; expected >= 2 columns, got 1"), one.getMessage());
    }

    @Test
    void conll2002TabOrSpaceTwoOrThreeColumnsWithCrlfAndBom() throws IOException {
        Path two = file("esp.txt", "\uFEFF-DOCSTART- -DOCSTART- O\r\nEl DA O\r\nAbogado NC B-PER\r\n\r\nMelbourne NP B-LOC\r\n");
        List<TaggedSentence> s = ColumnReader.of(ColumnFormat.CONLL2002).read(two);
        assertEquals(2, s.size());
        assertEquals(List.of("El", "Abogado"), s.get(0).tokens());
        assertEquals(List.of("O", "B-PER"), s.get(0).tags());
        Path tab = file("ned.txt", "De\tO\nbank\tB-ORG\n");
        assertEquals(List.of("O", "B-ORG"), ColumnReader.of(ColumnFormat.CONLL2002).read(tab).get(0).tags());
        TextFormatException e = fails(ColumnReader.of(ColumnFormat.CONLL2002), file("four.txt", "De X Y O\n"));
        assertTrue(e.getMessage().contains(":1: ColumnReader: a CoNLL-2002 line has 2 or 3 columns (WORD [POS] TAG); expected 2 or 3, got 4"), e.getMessage());
    }

    private static final String CONLLU = """
            # sent_id = 1
            # text = Don't go there.
            1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_
            1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_
            2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_
            3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_
            3.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t3:conj\t_
            4\tthere\tthere\tADV\tRB\t_\t3\tadvmod\t_\tSpaceAfter=No
            5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

            1\tNew York\tNew York\tPROPN\tNNP\t_\t0\troot\t_\t_
            """;

    @Test
    void conlluSkipsCommentsMultiwordRangesAndEmptyNodesAndReadsUposOrXpos() throws IOException {
        Path p = file("x.conllu", CONLLU);
        List<TaggedSentence> s = ColumnReader.of(ColumnFormat.CONLLU).read(p);
        assertEquals(2, s.size());
        assertEquals(List.of("Do", "n't", "go", "there", "."), s.get(0).tokens());
        assertEquals(List.of("AUX", "PART", "VERB", "ADV", "PUNCT"), s.get(0).tags());
        assertArrayEquals(new int[]{4, 5, 6, 8, 9}, s.get(0).lines());
        assertEquals(List.of("New York"), s.get(1).tokens(), "spaces inside FORM are kept");
        assertEquals(List.of("VBP", "RB", "VB", "RB", "."), ColumnReader.of(ColumnFormat.CONLLU).withTagCol("xpos").read(p).get(0).tags());
    }

    @Test
    void conlluMalformedLines() throws IOException {
        ColumnReader r = ColumnReader.of(ColumnFormat.CONLLU);
        TextFormatException e = fails(r, file("a.conllu", "1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\n"));
        assertTrue(e.getMessage().contains(":1: ColumnReader: a CoNLL-U line has 10 TAB-separated columns; expected 10, got 9"), e.getMessage());
        e = fails(r, file("b.conllu", "# c\n1-2\tDon't\t_\tAUX\t_\t_\t_\t_\t_\t_\n"));
        assertTrue(e.getMessage().contains(":2: ColumnReader: a multiword-token line (1-2) carries no tag (column 4 must be _); expected _, got AUX"), e.getMessage());
        e = fails(r, file("c.conllu", "x\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n"));
        assertTrue(e.getMessage().contains(":1: ColumnReader: a CoNLL-U ID is N, N-M or N.M"), e.getMessage());
        e = fails(r.withTagCol("xpos"), file("d.conllu", "1\tDo\tdo\tAUX\t_\t_\t3\taux\t_\t_\n"));
        assertTrue(e.getMessage().contains(":1: ColumnReader: the tag column is empty; expected a tag, got _"), e.getMessage());
    }

    @Test
    void genericColumnsWithTokenAndTagColumns() throws IOException {
        Path p = file("g.tsv", "1\tParis\tx\tB-LOC\n2\tis\tx\tO\n");
        List<TaggedSentence> s = new ColumnReader(ColumnFormat.COLUMNS, 2, "4", null, true).read(p);
        assertEquals(List.of("Paris", "is"), s.get(0).tokens());
        assertEquals(List.of("B-LOC", "O"), s.get(0).tags());
        TextFormatException e = fails(new ColumnReader(ColumnFormat.COLUMNS, 2, "5", null, true), p);
        assertTrue(e.getMessage().contains(":1: ColumnReader: the tag column is beyond the line's columns; expected column 5 of 4, got 4 columns"), e.getMessage());
        e = fails(new ColumnReader(ColumnFormat.COLUMNS, 2, "2", null, true), p);
        assertTrue(e.getMessage().contains("the tag column must differ from the token column"), e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> new ColumnReader(ColumnFormat.COLUMNS, 1, "upos", null, true));
        assertTrue(bad.getMessage().contains("tagCol upos/xpos names a CoNLL-U column"), bad.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        var e = assertThrows(java.io.FileNotFoundException.class, () -> ColumnReader.of(ColumnFormat.CONLL2003).read(dir.resolve("nope.txt")));
        assertTrue(e.getMessage().contains("ColumnReader: the data file must exist; expected a file, got nothing (path ") && e.getMessage().contains("nope.txt"), e.getMessage());
    }

    @Test
    void untaggedInputIsReadWhenTagsAreNotRequired() throws IOException {
        Path p = file("raw.txt", "Paris\nis\n\nnice\n");
        List<TaggedSentence> s = ColumnReader.of(ColumnFormat.CONLL2003).withRequireTags(false).read(p);
        assertEquals(2, s.size());
        assertNull(s.get(0).tags());
        assertEquals(List.of("Paris", "is"), s.get(0).tokens());
    }

    @Test
    void invalidBytesNameTheLineAndSuggestEncoding() throws IOException {
        Path p = dir.resolve("latin1.txt");
        Files.write(p, "Paris B-LOC\ncaf\u00e9 O\n".getBytes(StandardCharsets.ISO_8859_1));
        TextFormatException e = fails(ColumnReader.of(ColumnFormat.CONLL2002), p);
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("the file is not valid UTF-8") && e.getMessage().contains("Hint: pass --encoding"), e.getMessage());
        List<TaggedSentence> s = ColumnReader.of(ColumnFormat.CONLL2002).withEncoding(StandardCharsets.ISO_8859_1).read(p);
        assertEquals("caf\u00e9", s.get(0).tokens().get(1));
    }
}
