package io.sequoia.data.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VocabularyTest {
    private static final List<List<String>> DOCS = List.of(List.of("b", "a", "c", "a"), List.of("c", "a", "d"));

    @Test void specialsFirstThenByFrequencyTiesByFirstAppearance() {
        Vocabulary v = Vocabulary.builder().build(DOCS);
        assertEquals(List.of("<pad>", "<unk>", "a", "c", "b", "d"), v.tokens());
        assertEquals(0, v.index(Vocabulary.PAD));
        assertEquals(1, v.index("never seen"));
        assertEquals("c", v.token(3));
    }

    @Test void beginAndEndTokensAtFixedIndices() {
        Vocabulary v = Vocabulary.builder().specials(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS).build(DOCS);
        assertEquals(List.of(0, 1, 2, 3, 4), List.of(v.index("<pad>"), v.index("<unk>"), v.index("<bos>"), v.index("<eos>"), v.index("a")));
    }

    @Test void minFrequencyAndMaxSize() {
        assertEquals(List.of("<pad>", "<unk>", "a", "c"), Vocabulary.builder().minFrequency(2).build(DOCS).tokens());
        assertEquals(List.of("<pad>", "<unk>", "a"), Vocabulary.builder().maxSize(3).build(DOCS).tokens());
    }

    @Test void encodeAndDecode() {
        Vocabulary v = Vocabulary.builder().build(DOCS);
        assertArrayEquals(new int[]{2, 1, 5}, v.encode(List.of("a", "zzz", "d")));
        assertEquals(List.of("a", "<unk>", "d"), v.decode(new int[]{2, 1, 5}));
    }

    @Test void savedAsOneTokenPerLine() {
        Vocabulary v = Vocabulary.builder().build(DOCS);
        assertEquals("<pad>\n<unk>\na\nc\nb\nd\n", v.toText());
        Vocabulary back = Vocabulary.fromText(v.toText(), Vocabulary.UNK);
        assertEquals(v.tokens(), back.tokens());
        assertEquals(1, back.index("unknown"));
    }

    @Test void withoutUnknownTokenALookupFails() {
        Vocabulary v = Vocabulary.builder().specials(Vocabulary.PAD).unknown(null).build(DOCS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.index("zzz"));
        assertEquals("Vocabulary.index: token is not in the vocabulary and there is no unknown token; expected a known token, got 'zzz' (5 tokens)",
                e.getMessage());
    }

    @Test void indexOutOfRange() {
        Vocabulary v = Vocabulary.builder().build(DOCS);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> v.token(6));
        assertEquals("Vocabulary.token: index out of range; expected [0, 6), got 6", e.getMessage());
    }

    @Test void duplicateAndMultiLineTokensAreRejected() {
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "b", "a"), null));
        assertEquals("Vocabulary: tokens must be distinct; expected a new token, got 'a' (indices 0 and 2)", d.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a\nb"), null));
        assertEquals("Vocabulary: tokens must be non-empty and hold no line break; expected a one-line token, got 'a\nb' (index 0)", n.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromText("a\n\nb\n", null));
        assertEquals("Vocabulary.fromText: every line must hold a token; expected a token, got an empty line (line 2)", e.getMessage());
    }

    @Test void badBuilderArguments() {
        assertEquals("Vocabulary.minFrequency: must be at least 1; expected >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.builder().minFrequency(0)).getMessage());
        assertEquals("Vocabulary.build: maxSize must leave room for the specials; expected >= 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.builder().maxSize(1).build(DOCS)).getMessage());
    }

    @Test void extendedWithAppendsOnlyNewTokensAndKeepsEveryIndex() {
        Vocabulary v = Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "a", "b"), Vocabulary.UNK);
        Vocabulary x = v.extendedWith(List.of("b", "c", "a", "d", "c"));
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.UNK, "a", "b", "c", "d"), x.tokens());
        for (String t : v.tokens()) assertEquals(v.index(t), x.index(t));
        assertEquals(v.unknownIndex(), x.unknownIndex());
        assertEquals(x.unknownIndex(), x.index("zzz"));
        assertSame(v, v.extendedWith(List.of("a")));
    }
}
