package io.sequoia.data.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    private static final WordTokenizer DEFAULT = new WordTokenizer();

    @Test void wordsAreLowerCasedAndPunctuationIsSplitOff() {
        assertEquals(List.of("a", "gripping", ",", "well-made", "film", "!"), DEFAULT.tokenize("A gripping, well-made film!"));
    }

    @Test void controlCharactersSeparateAndAreNoTokens() {
        assertEquals(List.of("a", "b", "c", "!"), DEFAULT.tokenize("a\bb\u0000c\u007f!"));
    }

    @Test void casingCanBeKept() {
        assertEquals(List.of("The", "Rock"), new WordTokenizer(false, WordTokenizer.Punctuation.SPLIT, WordTokenizer.Contractions.KEEP).tokenize("The Rock"));
    }

    @Test void punctuationCanBeStripped() {
        WordTokenizer t = new WordTokenizer(true, WordTokenizer.Punctuation.STRIP, WordTokenizer.Contractions.KEEP);
        assertEquals(List.of("wow", "so", "good"), t.tokenize("wow... so -- good?!"));
    }

    @Test void apostrophesAndHyphensInsideWordsStay() {
        assertEquals(List.of("don't", "rock-solid", "'", "quoted", "'"), DEFAULT.tokenize("don't rock-solid 'quoted'"));
    }

    @Test void contractionsAreSplitPennTreebankStyle() {
        WordTokenizer t = new WordTokenizer(true, WordTokenizer.Punctuation.SPLIT, WordTokenizer.Contractions.SPLIT);
        assertEquals(List.of("do", "n't", "it", "'s", "we", "'re", "i", "'ve", "you", "'ll", "he", "'d", "i", "'m"),
                t.tokenize("Don't it's we're I've you'll he'd I'm"));
        assertEquals(List.of("ca", "n't", "it", "'s"), t.tokenize("can't it\u2019s"), "typographic apostrophe normalised in the clitic");
        assertEquals(List.of("rock'n'roll"), t.tokenize("rock'n'roll"), "not a clitic");
    }

    @Test void unicodeLettersOfEveryScriptAreWordCharacters() {
        assertEquals(List.of("café", "naïve", "東京", "привет"), DEFAULT.tokenize("Café naïve 東京 Привет"));
        assertEquals(List.of("e\u0301t\u00e9"), DEFAULT.tokenize("e\u0301t\u00e9"), "combining marks stay in the word");
    }

    @Test void symbolsOutsideTheBmpAreOneToken() {
        assertEquals(List.of("great", "\uD83D\uDE00"), DEFAULT.tokenize("great\uD83D\uDE00"));
    }

    @Test void emptyAndBlankInputGiveNoTokens() {
        assertEquals(List.of(), DEFAULT.tokenize(""));
        assertEquals(List.of(), DEFAULT.tokenize(" \t\n\u00a0"));
    }

    @Test void nullInputIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DEFAULT.tokenize((String) null));
        assertEquals("WordTokenizer.tokenize: text must not be null; expected a string (possibly empty), got null", e.getMessage());
    }

    @Test void tokenizingStreamsToASink() {
        List<String> seen = new ArrayList<>();
        DEFAULT.tokenize("one two", seen::add);
        assertEquals(List.of("one", "two"), seen);
    }

    @Test void charactersAreCodePoints() {
        assertEquals(List.of("a", " ", "\uD83D\uDE00", "B"), new CharTokenizer().tokenize("a \uD83D\uDE00B"));
        assertEquals(List.of("a", "b"), new CharTokenizer(true, true).tokenize("A b"));
        assertEquals(List.of(), new CharTokenizer().tokenize(""));
    }

    @Test void regexMatchesAreTokensOrGaps() {
        assertEquals(List.of("$3.50", "a", "b"), new RegexTokenizer("\\$[\\d.]+|\\w+").tokenize("$3.50 a, b"));
        assertEquals(List.of("a", "b c"), new RegexTokenizer("\\s*,\\s*", true, false).tokenize("a , b c,"));
        assertEquals(List.of("été"), new RegexTokenizer("\\w+", false, true).tokenize("ÉTÉ"), "\\w is Unicode-aware");
    }

    @Test void badRegexIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RegexTokenizer("(unclosed"));
        assertTrue(e.getMessage().startsWith("RegexTokenizer: the pattern is not a valid regular expression; expected java.util.regex syntax, got (unclosed ("),
                e.getMessage());
    }

    @Test void wordNGramsShortestFirst() {
        assertEquals(List.of("a", "b", "c", "a b", "b c"), NGrams.words(List.of("a", "b", "c"), 1, 2));
        assertEquals(List.of("a b c"), NGrams.words(List.of("a", "b", "c"), 3, 3));
        assertEquals(List.of(), NGrams.words(List.of("a"), 2, 2));
        assertEquals(List.of("good", "film", "good film"), NGrams.tokenizer(DEFAULT, 1, 2).tokenize("Good film"));
    }

    @Test void charNGrams() {
        assertEquals(List.of("ab", "bc"), NGrams.chars("abc", 2, 2));
        assertEquals(List.of("<a", "a>", "<b", "b>"), NGrams.charTokenizer(2, 2, true).tokenize("a b"));
        assertEquals(List.of("x\uD83D\uDE00"), NGrams.chars("x\uD83D\uDE00", 2, 2));
    }

    @Test void badNGramRangeIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NGrams.words(List.of("a"), 3, 2));
        assertEquals("NGrams.words: n-gram sizes must satisfy 1 <= min <= max; expected 1 <= min <= max, got 3..2", e.getMessage());
    }
}
