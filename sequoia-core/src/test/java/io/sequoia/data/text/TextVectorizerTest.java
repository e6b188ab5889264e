package io.sequoia.data.text;

import io.sequoia.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextVectorizerTest {
    // vocabulary after adapt: <pad> 0, <unk> 1, the 2, film 3, good 4, bad 5
    private static final List<String> CORPUS = List.of("The film, the film", "good film", "bad the");

    private static TextVectorizer adapted(TextVectorizer.Builder b) { return b.stripPunctuation(true).build().adapt(CORPUS); }

    @Test void intSequencesPaddedAndTruncated() {
        TextVectorizer v = adapted(TextVectorizer.builder().outputSequenceLength(3));
        assertEquals(List.of("<pad>", "<unk>", "the", "film", "good", "bad"), v.vocabulary().tokens());
        Tensor t = v.transform(List.of("good film", "the film the good", "nope"));
        assertArrayEquals(new float[]{4, 3, 0, 2, 3, 2, 1, 0, 0}, t.toFloatArray());
        TextVectorizer pre = adapted(TextVectorizer.builder().outputSequenceLength(3).padding(Sequences.Side.PRE).truncating(Sequences.Side.PRE));
        assertArrayEquals(new float[]{0, 4, 3, 3, 2, 4}, pre.transform(List.of("good film", "the film the good")).toFloatArray());
    }

    @Test void withoutALengthIntPadsToTheLongestText() {
        Tensor t = adapted(TextVectorizer.builder()).transform(List.of("good", "the bad film"));
        assertArrayEquals(new int[]{2, 3}, t.shape());
    }

    @Test void oneHotPerPosition() {
        Tensor t = adapted(TextVectorizer.builder().outputMode(TextVectorizer.OutputMode.ONE_HOT).outputSequenceLength(2)).transform(List.of("bad"));
        assertArrayEquals(new int[]{1, 2, 6}, t.shape());
        assertArrayEquals(new float[]{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, t.toFloatArray());
    }

    @Test void multiHotAndCount() {
        List<String> in = List.of("film film good zzz");
        assertArrayEquals(new float[]{0, 1, 0, 1, 1, 0}, adapted(TextVectorizer.builder().outputMode(TextVectorizer.OutputMode.MULTI_HOT)).transform(in).toFloatArray());
        assertArrayEquals(new float[]{0, 1, 0, 2, 1, 0}, adapted(TextVectorizer.builder().outputMode(TextVectorizer.OutputMode.COUNT)).transform(in).toFloatArray());
    }

    @Test void tfIdfUsesKerasIdf() {
        TextVectorizer v = adapted(TextVectorizer.builder().outputMode(TextVectorizer.OutputMode.TF_IDF));
        float[] t = v.transform(List.of("film film good")).toFloatArray();
        // film is in 2 of 3 documents, good in 1: idf = ln(1 + 3 / (1 + df))
        assertEquals(2 * Math.log(1 + 3.0 / 3), t[3], 1e-6);
        assertEquals(Math.log(1 + 3.0 / 2), t[4], 1e-6);
        assertEquals(0, t[2], 0);
    }

    @Test void bigramsJoinTheVocabulary() {
        TextVectorizer v = adapted(TextVectorizer.builder().ngrams(2).outputMode(TextVectorizer.OutputMode.MULTI_HOT));
        assertEquals(true, v.vocabulary().contains("the film"));
        float[] t = v.transform(List.of("the film")).toFloatArray();
        assertEquals(1, t[v.vocabulary().index("the film")], 0);
    }

    @Test void htmlTagsCanBeStripped() {
        TextVectorizer v = TextVectorizer.builder().stripHtml(true).build().adapt(List.of("good<br /><br />film"));
        assertEquals(List.of("<pad>", "<unk>", "good", "film"), v.vocabulary().tokens());
    }

    @Test void maxTokensLimitsTheVocabulary() {
        assertEquals(4, adapted(TextVectorizer.builder().maxTokens(4)).vocabulary().size());
    }

    @Test void configRoundTrip() {
        TextVectorizer v = adapted(TextVectorizer.builder().outputMode(TextVectorizer.OutputMode.TF_IDF).ngrams(2));
        TextVectorizer back = TextVectorizer.fromConfig(v.config(), Vocabulary.fromText(v.vocabulary().toText(), Vocabulary.UNK));
        assertArrayEquals(v.transform(CORPUS).toFloatArray(), back.transform(CORPUS).toFloatArray());
    }

    @Test void transformBeforeAdaptIsALifecycleError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TextVectorizer.builder().build().transform(List.of("a")));
        assertEquals("TextVectorizer.transform: the vectorizer has no vocabulary. Hint: call adapt(corpus) first", e.getMessage());
    }

    @Test void badSettings() {
        assertEquals("TextVectorizer: one_hot output needs outputSequenceLength; expected > 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> TextVectorizer.builder().outputMode(TextVectorizer.OutputMode.ONE_HOT).build()).getMessage());
        assertEquals("TextVectorizer: unknown output mode; expected one of int, one_hot, multi_hot, count, tf_idf, got bag",
                assertThrows(IllegalArgumentException.class, () -> TextVectorizer.OutputMode.parse("bag")).getMessage());
        assertEquals("TextVectorizer: unknown split; expected words, chars, whitespace or regex:PATTERN, got bytes",
                assertThrows(IllegalArgumentException.class, () -> TextVectorizer.builder().split("bytes").build()).getMessage());
    }

    @Test void padSequencesOnItsOwn() {
        List<int[]> s = List.of(new int[]{1, 2, 3}, new int[]{4});
        assertArrayEquals(new int[][]{{1, 2, 3}, {0, 0, 4}}, Sequences.padSequences(s));
        assertArrayEquals(new int[][]{{1, 2}, {4, 9}}, Sequences.padSequences(s, 2, Sequences.Side.POST, Sequences.Side.POST, 9));
        assertArrayEquals(new int[][]{{2, 3}, {0, 4}}, Sequences.padSequences(s, 2, Sequences.Side.PRE, Sequences.Side.PRE, 0));
        assertEquals("Sequences.padSequences: maxLen must be positive or -1 (longest); expected > 0 or -1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(s, 0, Sequences.Side.PRE, Sequences.Side.PRE, 0)).getMessage());
        assertEquals("Sequences.Side: unknown side; expected pre or post, got middle",
                assertThrows(IllegalArgumentException.class, () -> Sequences.Side.parse("middle")).getMessage());
    }
}
