package io.sequoia.tagging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Expected numbers counted by hand from conlleval's rules (written beside each case). */
class ConllEvalTest {
    @Test
    void wrongTypeIsAMissAndAFalseAlarm() {
        ConllEval e = new ConllEval().add(List.of("B-PER", "I-PER", "O", "B-LOC"), List.of("B-PER", "I-PER", "O", "B-ORG"));
        assertEquals("""
                processed 4 tokens with 2 phrases; found: 2 phrases; correct: 1.
                accuracy:  75.00%; precision:  50.00%; recall:  50.00%; FB1:  50.00
                              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  0
                              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1
                """, e.report());
    }

    @Test
    void anIAfterOStartsAChunkButTheTagStillCountsWrongForAccuracy() {
        // gold I-PER after O starts PER[1,3); guessed B-PER I-PER is the same chunk; token 1 differs (I vs B)
        ConllEval e = new ConllEval().add(List.of("O", "I-PER", "I-PER", "O"), List.of("O", "B-PER", "I-PER", "O"));
        assertEquals(new ConllEval.Counts("", 1, 1, 1), e.overall());
        assertEquals(3, e.correctTags());
        assertEquals(4, e.tokens());
    }

    @Test
    void aTypeChangeInsideAChunkBreaksIt() {
        // guessed PER[0] ORG[1] PER[2]: three chunks, none equal to gold PER[0,3)
        ConllEval e = new ConllEval().add(List.of("B-PER", "I-PER", "I-PER"), List.of("B-PER", "I-ORG", "I-PER"));
        assertEquals("""
                processed 3 tokens with 1 phrases; found: 3 phrases; correct: 0.
                accuracy:  66.67%; precision:   0.00%; recall:   0.00%; FB1:   0.00
                              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  2
                """, e.report());
    }

    @Test
    void iob1Input() {
        // gold PER[0,2) PER[2,3) LOC[4]; guessed PER[0,3) LOC[4]: only LOC is right
        ConllEval e = new ConllEval().add(List.of("I-PER", "I-PER", "B-PER", "O", "I-LOC"), List.of("I-PER", "I-PER", "I-PER", "O", "I-LOC"));
        assertEquals("""
                processed 5 tokens with 3 phrases; found: 2 phrases; correct: 1.
                accuracy:  80.00%; precision:  50.00%; recall:  33.33%; FB1:  40.00
                              LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  1
                              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                """, e.report());
        assertEquals(0.4, e.overall().f1(), 1e-12);
    }

    @Test
    void sentenceBreaksEndChunksAndHyphenatedTypesAndIoe() {
        // a chunk at the end of sentence 1 and an I- chunk at the start of sentence 2 are separate and both right
        ConllEval e = new ConllEval().add(List.of("O", "B-PER"), List.of("O", "B-PER")).add(List.of("I-PER", "O"), List.of("I-PER", "O"));
        assertEquals(new ConllEval.Counts("", 2, 2, 2), e.overall());
        // types may contain hyphens: B-MISC-X has type MISC-X
        ConllEval h = new ConllEval().add(List.of("B-MISC-X", "I-MISC-X"), List.of("B-MISC-X", "I-MISC-Y"));
        assertEquals(List.of("MISC-X", "MISC-Y"), h.byType().stream().map(ConllEval.Counts::type).toList());
        assertEquals(0, h.overall().correct());
        // IOE2: I-PER E-PER E-LOC has PER[0,2) and LOC[2]
        ConllEval ioe = new ConllEval().add(List.of("I-PER", "E-PER", "E-LOC"), List.of("I-PER", "E-PER", "E-PER"));
        assertEquals(new ConllEval.Counts("", 1, 2, 2), ioe.overall());
    }

    @Test
    void perTagReportAndLengthCheck() {
        ConllEval e = new ConllEval().add(List.of("NOUN", "VERB", "NOUN"), List.of("NOUN", "NOUN", "NOUN"));
        assertEquals(2.0 / 3, e.accuracy(), 1e-12);
        ConllEval.Counts noun = e.byTag().get(0);
        assertEquals(new ConllEval.Counts("NOUN", 2, 3, 2), noun);
        assertTrue(e.tagReport().contains("NOUN"));
        var x = assertThrows(IllegalArgumentException.class, () -> new ConllEval().add(List.of("O"), List.of("O", "O")));
        assertTrue(x.getMessage().contains("gold and guessed tags must have the same length; expected 1, got 2"), x.getMessage());
    }
}
