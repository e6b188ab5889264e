package io.sequoia.data.text;

import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A planted co-occurrence structure: 6 topics of 5 words; each sentence draws its words from one topic only. */
class Word2VecTest {
    static List<List<String>> planted(long seed) {
        Generator g = new Generator(seed);
        List<List<String>> out = new ArrayList<>();
        for (int s = 0; s < 1500; s++) {
            int topic = g.nextInt(6);
            List<String> sent = new ArrayList<>();
            for (int k = 0; k < 8; k++) sent.add("t" + topic + "w" + g.nextInt(5));
            out.add(sent);
        }
        return out;
    }

    private static void recovers(Word2Vec.Architecture arch) {
        Word2Vec w = Word2Vec.train(planted(3), new Word2Vec.Options().architecture(arch).dim(16).window(3).minCount(1).epochs(5)
                .sample(0).seed(7));
        for (int t = 0; t < 6; t++) {
            for (Word2Vec.Neighbour n : w.nearest("t" + t + "w0", 4)) {
                assertTrue(n.word().startsWith("t" + t + "w"), arch + ": neighbour " + n + " of t" + t + "w0 is from another topic");
            }
        }
        List<Double> loss = w.epochLoss();
        assertTrue(loss.get(loss.size() - 1) < loss.get(0), arch + " loss falls: " + loss);
    }

    @Test void skipGramRecoversThePlantedTopics() { recovers(Word2Vec.Architecture.SKIP_GRAM); }

    @Test void cbowRecoversThePlantedTopics() { recovers(Word2Vec.Architecture.CBOW); }

    @Test void seededRunsRepeatAndSubsamplingRuns() {
        Word2Vec.Options o = new Word2Vec.Options().dim(8).minCount(1).epochs(1).sample(1e-3).seed(5);
        assertEquals(Word2Vec.train(planted(1), o).vectors().words(), Word2Vec.train(planted(1), o).vectors().words());
        org.junit.jupiter.api.Assertions.assertArrayEquals(Word2Vec.train(planted(1), o).vectors().values(), Word2Vec.train(planted(1), o).vectors().values());
    }

    @Test void analogyExcludesTheQueryWords() {
        Word2Vec w = Word2Vec.train(planted(3), new Word2Vec.Options().dim(16).minCount(1).epochs(2).sample(0));
        for (Word2Vec.Neighbour n : w.analogy("t0w0", "t0w1", "t1w0", 3)) assertTrue(!List.of("t0w0", "t0w1", "t1w0").contains(n.word()));
    }

    @Test void errors() {
        assertEquals("Word2Vec.Options: dim must be at least 1; expected >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Word2Vec.Options().dim(0)).getMessage());
        assertEquals("Word2Vec.train: the corpus needs at least two words with minCount occurrences; expected >= 2 words, got 0 (minCount 5, 2 tokens)",
                assertThrows(IllegalArgumentException.class, () -> Word2Vec.train(List.of(List.of("a", "b")), new Word2Vec.Options())).getMessage());
        Word2Vec w = Word2Vec.train(planted(3), new Word2Vec.Options().dim(4).minCount(1).epochs(1));
        assertEquals("Word2Vec: word is not in the vocabulary; expected one of 30 trained words, got 'zzz'",
                assertThrows(IllegalArgumentException.class, () -> w.nearest("zzz", 3)).getMessage());
    }
}
