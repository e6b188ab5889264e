package io.sequoia.data.parallel;

import io.sequoia.data.TextFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTextTest {
    @TempDir Path tmp;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test void mosesSplitsPunctuationKeepsHyphensNumbersAndAbbreviations() {
        MosesTokenizer en = new MosesTokenizer("en");
        assertEquals(List.of("A", "man", "(", "in", "a", "red", "T-shirt", ")", "rides", "3,000", "km", ",", "doesn", "'t", "he", "?"),
                en.tokenize("A man (in a red T-shirt) rides 3,000 km, doesn't he?"));
        assertEquals(List.of("Dr.", "Smith", "paid", "$", "3.50", "at", "the", "U.S.", "border", "..."),
                en.tokenize("Dr. Smith paid $3.50 at the U.S. border..."));
        assertEquals(List.of("It", "ends", "here", "."), en.tokenize("It ends here."));
        MosesTokenizer de = new MosesTokenizer("de");
        assertEquals(List.of("Ein", "Mann", "fährt", "z.B.", "Fahrrad", "„", "schnell", "“", "."),
                de.tokenize("Ein Mann fährt z.B. Fahrrad „schnell“."));
        assertEquals(List.of("Straße", ":", "Größe", "–", "ÄÖÜ", "😀", "!"), de.tokenize("Straße: Größe – ÄÖÜ 😀!"));
        assertEquals(List.of(), en.tokenize("   "));
    }

    @Test void detokenizeInvertsTokenizeOnPlainSentences() {
        MosesTokenizer en = new MosesTokenizer("en");
        for (String s : List.of("A man (in a red T-shirt) rides 3,000 km, doesn't he?", "He said \"hello\" to me.",
                "Two dogs play in the snow.", "It's 5% of the [total]: ok!")) {
            assertEquals(s, en.detokenize(en.tokenize(s)), s);
        }
        MosesTokenizer de = new MosesTokenizer("de");
        assertEquals("Ein Mann fährt Fahrrad.", de.detokenize(de.tokenize("Ein Mann fährt Fahrrad.")));
    }

    @Test void bpeLearnsTheMostFrequentPairsFirstAndRoundTrips() {
        // "low" x5, "lower" x2, "newest" x6, "widest" x3 (Sennrich et al.'s example; "t</w>" is one symbol)
        List<List<String>> corpus = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) corpus.add(List.of("low"));
        for (int i = 0; i < 2; i++) corpus.add(List.of("lower"));
        for (int i = 0; i < 6; i++) corpus.add(List.of("newest"));
        for (int i = 0; i < 3; i++) corpus.add(List.of("widest"));
        BytePairEncoding bpe = BytePairEncoding.learn(corpus, 4, 2);
        // counts: e s 9, s t</w> 9 -> es t</w> 9; l o 7; then n e, e w, w est</w> all 6: the tie goes to "e w"
        assertEquals("e s", String.join(" ", bpe.merges().get(0)));
        assertEquals("es t</w>", String.join(" ", bpe.merges().get(1)));
        assertEquals("l o", String.join(" ", bpe.merges().get(2)));
        assertEquals("e w", String.join(" ", bpe.merges().get(3)));
        assertEquals(List.of("n@@", "ew@@", "est"), bpe.encode(List.of("newest")));
        assertEquals(List.of("lo@@", "w@@", "est"), bpe.encode(List.of("lowest")));
        BytePairEncoding back = BytePairEncoding.fromText(bpe.toText());
        List<String> words = List.of("Größe", "größer", "lowest", "😀x", "widest");
        assertEquals(words, BytePairEncoding.decode(back.encode(words)));
        assertEquals(bpe.encode(words), back.encode(words));
    }

    @Test void bpeOnNonAsciiMergesCodePointsNeverHalfSurrogates() {
        List<List<String>> corpus = List.of(List.of("größe", "größer", "größte"), List.of("😀😀", "😀😀"));
        BytePairEncoding bpe = BytePairEncoding.learn(corpus, 50, 2);
        List<String> pieces = bpe.encode(List.of("größte", "😀😀"));
        for (String p : pieces) p.codePoints().forEach(c -> assertTrue(!Character.isSurrogate((char) c), p));
        assertEquals(List.of("größte", "😀😀"), BytePairEncoding.decode(pieces));
        assertTrue(bpe.merges().stream().anyMatch(m -> (m[0] + m[1]).equals("gr")), "gr occurs 3 times");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.fromText("a b\nabc\n"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("abc"), e.getMessage());
    }

    @Test void alignedFilesAndTsvAreRead() throws IOException {
        Path s = write("a.de", "Ein Hund.\nZwei Katzen.\n"), t = write("a.en", "A dog.\r\nTwo cats.\n");
        ParallelCorpus c = ParallelCorpus.readAligned(s, t, ParallelCorpus.Options.defaults());
        assertEquals(List.of("Ein Hund.", "Zwei Katzen."), c.sources());
        assertEquals(List.of("A dog.", "Two cats."), c.targets());
        Path tsv = write("p.tsv", "id\tx\ty\n1\tHallo\tHello\n");
        ParallelCorpus p = ParallelCorpus.readTsv(tsv, 2, 1, ParallelCorpus.Options.defaults());
        assertEquals(List.of("y", "Hello"), p.sources());
        assertEquals(2, p.pairs().get(1).line());
    }

    @Test void mismatchedLineCountsNameTheFileAndLine() throws IOException {
        Path s = write("b.de", "eins\nzwei\ndrei\n"), t = write("b.en", "one\ntwo\n");
        TextFormatException e = assertThrows(TextFormatException.class, () -> ParallelCorpus.readAligned(s, t, ParallelCorpus.Options.defaults()));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(s + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 3 lines in " + t) && e.getMessage().contains("got 2"), e.getMessage());
    }

    @Test void emptyAndOverLongPairsFailOrAreSkippedAndListed() throws IOException {
        Path s = write("c.de", "eins\n\ndrei vier fünf\nsechs\n"), t = write("c.en", "one\ntwo\nthree four five\n \n");
        TextFormatException e = assertThrows(TextFormatException.class, () -> ParallelCorpus.readAligned(s, t, ParallelCorpus.Options.defaults()));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith(s + ":2:") && e.getMessage().contains("empty source"), e.getMessage());
        ParallelCorpus.Options skip = ParallelCorpus.Options.defaults().maxWords(2).skipBadPairs(true);
        ParallelCorpus c = ParallelCorpus.readAligned(s, t, skip);
        assertEquals(List.of("eins"), c.sources());
        assertEquals(List.of(s + ":2: empty source sentence",
                s + ":3: source sentence longer than maxWords; expected <= 2 words, got 3",
                t + ":4: empty target sentence"), c.skipped());
        TextFormatException longE = assertThrows(TextFormatException.class,
                () -> ParallelCorpus.readAligned(write("d.de", "a b c\n"), write("d.en", "x\n"), ParallelCorpus.Options.defaults().maxWords(2)));
        assertTrue(longE.getMessage().contains("got 3"), longE.getMessage());
        Path tsv = write("bad.tsv", "a\tb\nonly\n");
        TextFormatException te = assertThrows(TextFormatException.class, () -> ParallelCorpus.readTsv(tsv, 0, 1, ParallelCorpus.Options.defaults()));
        assertEquals(2, te.line());
        assertTrue(te.getMessage().contains("expected at least 2"), te.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.readTsv(tsv, 1, 1, ParallelCorpus.Options.defaults()));
        assertTrue(same.getMessage().contains("srcCol and tgtCol"), same.getMessage());
    }
}
