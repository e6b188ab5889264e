package io.sequoia.translation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BleuTest {
    @Test void thirteenATokenisationSplitsPunctuationButNotNumbersOrHyphenatedWords() {
        assertEquals("Hello , world ! 3.14 1,000 a-b 5 - 3", Bleu.tokenize13a("Hello, world! 3.14 1,000 a-b 5-3"));
        assertEquals("Ein Mann fährt Fahrrad .", Bleu.tokenize13a("Ein Mann fährt Fahrrad."));
        assertEquals("he said \" no \" & left", Bleu.tokenize13a("he said &quot;no&quot; &amp; left"));
        assertEquals("", Bleu.tokenize13a("  "));
    }

    @Test void oneSentenceByHand() {
        // hyp "this is a fest", ref "this is a test": matches 3/4, 2/3, 1/2, 0/1; exp smoothing gives
        // the 4-gram precision 100 / (2 * 1) = 50; lengths 4 = 4 so BP = 1.
        Bleu.Score s = Bleu.corpus(List.of("this is a fest"), List.of("this is a test"));
        assertArrayEquals(new int[]{3, 2, 1, 0}, s.counts());
        assertArrayEquals(new int[]{4, 3, 2, 1}, s.totals());
        double expected = Math.exp((Math.log(75) + Math.log(200.0 / 3) + Math.log(50) + Math.log(50)) / 4);
        assertEquals(expected, s.score(), 1e-9);
        assertEquals(1.0, s.bp());
    }

    @Test void sacreBleuStatisticsCaseWithBrevityPenalty() {
        // sacreBLEU's test_case_statistics: counts [4, 2, 1, 0], totals [6, 5, 4, 3]; hyp 6 tokens, ref 8.
        Bleu.Score s = Bleu.corpus(List.of("am I am a character sequence"), List.of("I am a symbol string sequence a a"));
        assertArrayEquals(new int[]{4, 2, 1, 0}, s.counts());
        assertArrayEquals(new int[]{6, 5, 4, 3}, s.totals());
        double p = Math.exp((Math.log(400.0 / 6) + Math.log(40) + Math.log(25) + Math.log(100.0 / (2 * 3))) / 4);
        assertEquals(Math.exp(1 - 8.0 / 6) * p, s.score(), 1e-9);
    }

    @Test void sacreBleuReadmeExampleWithTwoReferences() {
        List<String> hyps = List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
        List<List<String>> refs = List.of(
                List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
                List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));
        Bleu.Score s = Bleu.corpusMulti(hyps, refs);
        assertEquals(48.530827, s.score(), 1e-6);                       // sacreBLEU's test_corpus_bleu
        assertEquals("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2", s.signature());
        assertEquals(0.0, Bleu.corpusMulti(List.of("", "", ""), refs).score());  // empty hypotheses kept, score 0
    }

    @Test void edgeCases() {
        assertEquals(100.0, Bleu.corpus(List.of("Größe 😀 , ja ."), List.of("Größe 😀, ja.")).score(), 1e-9);
        Bleu.Score none = Bleu.corpus(List.of("x y"), List.of("a b c"));
        assertEquals(0.0, none.score());
        assertEquals(2, none.sysLen());
        assertEquals(0.0, Bleu.corpus(List.of(), List.of()).score());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of("a"), List.of("a", "b")));
        assertTrue(e.getMessage().contains("expected 1, got 2"), e.getMessage());
    }

    @Test void chrFEffectiveOrderCasesFromSacreBleu() {
        // sacreBLEU's test_cases_effective_order (beta 3): "aa" vs "ab": order 1 P = R = 1/2, order 2 P = R = 0 -> 25
        assertEquals(25.0, ChrF.corpus(List.of("aa"), List.of("ab"), 3), 1e-4);
        assertEquals(50.0, ChrF.corpus(List.of("a", "b"), List.of("a", "c"), 3), 1e-4);
        assertEquals(100.0, ChrF.corpus(List.of("a b c"), List.of("abc"), 3), 1e-4);
        assertEquals(100.0, ChrF.corpus(List.of("a"), List.of("a"), 3), 1e-4);
        assertEquals(0.0, ChrF.corpus(List.of(""), List.of("reference"), 3), 1e-4);
        // beta 2 by hand: "ab" vs "abc": order 1 P = 1, R = 2/3; order 2 P = 1, R = 1/2; avg P = 1, R = 7/12
        double p = 1, r = 7.0 / 12;
        assertEquals(100 * 5 * p * r / (4 * p + r), ChrF.corpus(List.of("ab"), List.of("abc")), 1e-9);
    }
}
