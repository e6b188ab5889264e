package io.sequoia.data.text;

import io.sequoia.data.TextFormatException;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordVectorsTest {
    @TempDir Path tmp;
    private static final WordVectors V = new WordVectors(List.of("good", "bad", "café"), new float[]{1, 2, -3, 4, 0.5f, 6}, 2);

    @Test void gloveWord2vecTextAndBinaryRoundTrips() throws IOException {
        Path glove = tmp.resolve("g.txt"), w2vt = tmp.resolve("w.txt"), w2vb = tmp.resolve("w.bin");
        V.writeText(glove, false);
        V.writeText(w2vt, true);
        V.writeWord2vecBinary(w2vb);
        for (Path p : List.of(glove, w2vt, w2vb)) {
            WordVectors r = WordVectors.read(p);
            assertEquals(V.words(), r.words(), p.toString());
            assertArrayEquals(V.values(), r.values(), p.toString());
        }
        assertTrue(Files.readString(w2vt).startsWith("3 2\ngood 1.0 2.0\n"));
    }

    @Test void malformedLinesNameFileAndLine() throws IOException {
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, "a 1 2\nb 3\n");
        TextFormatException e = assertThrows(TextFormatException.class, () -> WordVectors.read(f));
        assertEquals(f + ":2: WordVectors.readText: a line holds a word and dim numbers; expected 3 fields, got 2 fields (word 'b')", e.getMessage());
        Files.writeString(f, "a 1 x\n");
        assertEquals(f + ":1: WordVectors.readText: vector values must be numbers; expected a number, got x (word 'a', value 2)",
                assertThrows(TextFormatException.class, () -> WordVectors.read(f)).getMessage());
        Files.writeString(f, "3 2\na 1 2\n");
        assertEquals(f + ":2: WordVectors.readText: the header's count must match the vectors; expected 3, got 1",
                assertThrows(TextFormatException.class, () -> WordVectors.read(f)).getMessage());
    }

    @Test void truncatedBinaryIsAnError() throws IOException {
        Path f = tmp.resolve("t.bin");
        V.writeWord2vecBinary(f);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 6));
        assertTrue(assertThrows(TextFormatException.class, () -> WordVectors.read(f)).getMessage()
                .contains("WordVectors.readWord2vecBinary: the file ends inside a vector; expected 3 vectors of 2 floats, got 2 whole vectors"));
    }

    @Test void copyIntoAnEmbeddingInitialisesUnknownRowsAndFreezes() {
        Vocabulary vocab = Vocabulary.of(List.of("<pad>", "<unk>", "good", "zzz"), "<unk>");
        Parameter w = new Parameter(NDArray.zeros(DType.FLOAT32, 4, 2));
        assertEquals(1, V.copyInto(vocab, w, true));
        assertArrayEquals(new float[]{0, 0}, java.util.Arrays.copyOfRange(w.toFloatArray(), 0, 2), "padding row zero");
        assertArrayEquals(new float[]{1, 2}, java.util.Arrays.copyOfRange(w.toFloatArray(), 4, 6));
        assertTrue(w.toFloatArray()[6] != 0, "an unknown word gets a random row");
        assertFalse(w.requiresGrad());
        Parameter wrong = new Parameter(NDArray.zeros(DType.FLOAT32, 4, 3));
        assertEquals("WordVectors.copyInto: the embedding must be (vocabulary size, dim); expected [4, 2], got [4, 3] (Hint: set the embedding size to the vectors' dim 2)",
                assertThrows(io.sequoia.tensor.ShapeMismatchException.class, () -> V.copyInto(vocab, wrong, false)).getMessage());
    }

    @Test void aWordNoReaderCouldReadBackIsRefusedWhenWriting() {
        WordVectors bad = new WordVectors(List.of("ok", "\bx"), new float[]{1, 2, 3, 4}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.writeText(tmp.resolve("v.txt"), true));
        assertTrue(e.getMessage().contains("\\u0008x") && e.getMessage().contains("word 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bad.writeWord2vecBinary(tmp.resolve("v.bin")));
        assertFalse(Files.exists(tmp.resolve("v.txt")));
    }

    @Test void mapWordsNormalisesAndTheFirstOfEqualWordsWins() {
        WordVectors v = new WordVectors(List.of("Paris", "paris", "1996"), new float[]{1, 1, 2, 2, 3, 3}, 2);
        WordVectors m = v.mapWords(w -> w.toLowerCase(java.util.Locale.ROOT).replaceAll("[0-9]", "0"));
        assertArrayEquals(new float[]{1, 1}, m.vector("paris"));
        assertArrayEquals(new float[]{3, 3}, m.vector("0000"));
        assertFalse(m.contains("Paris"));
    }
}
