package io.sequoia.data.conll;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TagSchemeTest {
    // chunks: PER[0,2) PER[2,3) O LOC[4,5) ORG[5,8)
    static final List<String> IOB1 = List.of("I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG", "I-ORG");
    static final List<String> IOB2 = List.of("B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG", "I-ORG", "I-ORG");
    static final List<String> IOE1 = List.of("I-PER", "E-PER", "I-PER", "O", "I-LOC", "I-ORG", "I-ORG", "I-ORG");
    static final List<String> IOE2 = List.of("I-PER", "E-PER", "E-PER", "O", "E-LOC", "I-ORG", "I-ORG", "E-ORG");
    static final List<String> BIOES = List.of("B-PER", "E-PER", "S-PER", "O", "S-LOC", "B-ORG", "I-ORG", "E-ORG");

    @Test
    void everySchemeConvertsToEveryOther() {
        List<List<String>> all = List.of(IOB1, IOB2, IOE1, IOE2, BIOES);
        TagScheme[] schemes = TagScheme.values();
        for (int a = 0; a < all.size(); a++) {
            assertEquals(List.of(new TagScheme.Chunk("PER", 0, 2), new TagScheme.Chunk("PER", 2, 3), new TagScheme.Chunk("LOC", 4, 5),
                    new TagScheme.Chunk("ORG", 5, 8)), TagScheme.chunks(all.get(a)), schemes[a] + " chunks");
            for (int b = 0; b < all.size(); b++) assertEquals(all.get(b), schemes[b].convert(all.get(a)), schemes[a] + " → " + schemes[b]);
        }
    }

    @Test
    void detectsTheScheme() {
        assertEquals(TagScheme.IOB1, TagScheme.detect(List.of(IOB1)));
        assertEquals(TagScheme.IOB2, TagScheme.detect(List.of(IOB2)));
        assertEquals(TagScheme.IOE1, TagScheme.detect(List.of(IOE1)));
        assertEquals(TagScheme.IOE2, TagScheme.detect(List.of(IOE2)));
        assertEquals(TagScheme.BIOES, TagScheme.detect(List.of(BIOES)));
    }

    @Test
    void lenientReadingAndErrors() {
        // I- after O starts a chunk; a type change inside a chunk starts another
        assertEquals(List.of("O", "B-PER", "I-PER", "B-ORG"), TagScheme.IOB2.convert(List.of("O", "I-PER", "I-PER", "I-ORG")));
        assertTrue(TagScheme.isChunkTagSet(IOB1));
        assertFalse(TagScheme.isChunkTagSet(List.of("NOUN", "O")));
        var e = assertThrows(IllegalArgumentException.class, () -> TagScheme.chunks(List.of("O", "NOUN")));
        assertTrue(e.getMessage().contains("got NOUN (position 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TagScheme.parse("bilou"));
        assertTrue(e.getMessage().contains("unknown tag scheme"), e.getMessage());
        assertEquals(TagScheme.IOB2, TagScheme.parse("BIO"));
    }
}
