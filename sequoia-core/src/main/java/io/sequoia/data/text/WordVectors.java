package io.sequoia.data.text;

import io.sequoia.data.TextFormatException;
import io.sequoia.io.AtomicFiles;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word vectors: words with one {@code dim}-sized float vector each, as pretrained embeddings come.
 * Formats:
 * <ul>
 * <li>GloVe text: {@code word v1 v2 ... vd} per line, no header;</li>
 * <li>word2vec text: a header {@code count dim}, then lines as GloVe;</li>
 * <li>word2vec binary: the header line {@code count dim\n}, then per word the word's UTF-8 bytes, a
 *     space, {@code dim} little-endian float32 and (optionally) a newline.</li>
 * </ul>
 * {@link #read} tells the formats apart by their first bytes. A malformed line is a
 * {@link TextFormatException} with file and line (binary: the word's index as the "line").
 * {@link #copyInto} puts the vectors into an embedding for a {@link Vocabulary}.
 */
public final class WordVectors {
    private final List<String> words;
    private final float[] vectors;
    private final int dim;
    private final Map<String, Integer> index = new HashMap<>();

    /** @param vectors words.size() · dim values, row-major */
    public WordVectors(List<String> words, float[] vectors, int dim) {
        if (dim < 1 || vectors.length != words.size() * dim) {
            throw Errors.arg("WordVectors", "vectors must hold words.size() · dim values", words.size() * (long) dim, vectors.length, "dim " + dim);
        }
        this.words = List.copyOf(words);
        this.vectors = vectors;
        this.dim = dim;
        for (int i = 0; i < words.size(); i++) index.putIfAbsent(words.get(i), i);
    }

    public int size() { return words.size(); }
    public int dim() { return dim; }
    public List<String> words() { return words; }
    public boolean contains(String w) { return index.containsKey(w); }

    /** A copy of the vector of {@code w}, or null. */
    public float[] vector(String w) {
        Integer i = index.get(w);
        if (i == null) return null;
        float[] v = new float[dim];
        System.arraycopy(vectors, i * dim, v, 0, dim);
        return v;
    }

    /**
     * The same vectors under normalised words ({@code f} applied to each word, e.g. lower-casing or
     * digits to 0, as a model normalises its input); where several words normalise alike, the first
     * in the file (the most frequent, in word2vec's and GloVe's order) wins. The values are shared.
     */
    public WordVectors mapWords(java.util.function.UnaryOperator<String> f) {
        return new WordVectors(words.stream().map(f).toList(), vectors, dim);
    }

    /** The raw row-major values (not copied). */
    public float[] values() { return vectors; }

    /** Reads any of the three formats (see the class comment). */
    public static WordVectors read(Path file) throws IOException {
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(file)) { n = in.readNBytes(head, 0, head.length); }
        int nl = 0;
        while (nl < n && head[nl] != '\n') nl++;
        String first = new String(head, 0, nl, StandardCharsets.UTF_8).trim();
        if (first.matches("\\d+\\s+\\d+")) {
            // word2vec: binary if the bytes after the header are not text lines
            boolean binary = false;
            for (int i = nl + 1; i < n; i++) if (head[i] == 0 || (head[i] & 0xff) < 9) { binary = true; break; }
            return binary ? readWord2vecBinary(file) : readText(file, true);
        }
        return readText(file, false);
    }

    /** GloVe ({@code header} false) or word2vec text ({@code header} true). */
    public static WordVectors readText(Path file, boolean header) throws IOException {
        List<String> words = new ArrayList<>();
        float[] vals = new float[1 << 16];
        int dim = -1, count = -1, line = 0, used = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                if (header && line == 1) {
                    int[] h = header(file, "WordVectors.readText", s);
                    count = h[0];
                    dim = h[1];
                    continue;
                }
                if (s.isBlank()) continue;
                String[] p = s.trim().split(" +");
                if (dim < 0) dim = p.length - 1;
                if (p.length != dim + 1 || dim < 1) {
                    throw new TextFormatException(file, line, Errors.format("WordVectors.readText", "a line holds a word and dim numbers",
                            (dim + 1) + " fields", p.length + " fields", "word '" + p[0] + "'"));
                }
                if (used + dim > vals.length) vals = java.util.Arrays.copyOf(vals, Math.max(vals.length * 2, used + dim));
                for (int j = 0; j < dim; j++) {
                    try {
                        vals[used++] = Float.parseFloat(p[j + 1]);
                    } catch (NumberFormatException e) {
                        throw new TextFormatException(file, line, Errors.format("WordVectors.readText", "vector values must be numbers",
                                "a number", p[j + 1], "word '" + p[0] + "', value " + (j + 1)));
                    }
                }
                words.add(p[0]);
            }
        }
        if (header && count >= 0 && count != words.size()) {
            throw new TextFormatException(file, line, Errors.format("WordVectors.readText", "the header's count must match the vectors",
                    count, words.size(), null));
        }
        if (words.isEmpty()) throw new TextFormatException(file, Math.max(line, 1), Errors.format("WordVectors.readText", "no vectors", ">= 1 vector", 0, null));
        return new WordVectors(words, java.util.Arrays.copyOf(vals, used), dim);
    }

    /** word2vec's binary format. */
    public static WordVectors readWord2vecBinary(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int[] h = header(file, "WordVectors.readWord2vecBinary", readToken(in, '\n'));
            int count = h[0], dim = h[1];
            long size = Files.size(file), need = (long) count * dim * Float.BYTES;
            if (count < 1 || dim < 1 || need > size) {                       // sizes taken on trust would allocate before reading
                throw new TextFormatException(file, 1, Errors.format("WordVectors.readWord2vecBinary", "the header's 'count dim' must fit the file",
                        "at least one vector of at least one float, within the file's " + size + " bytes",
                        count + " vectors of " + dim + " floats (" + need + " bytes)", null));
            }
            List<String> words = new ArrayList<>(count);
            float[] vals = new float[count * dim];
            byte[] buf = new byte[4 * dim];
            for (int i = 0; i < count; i++) {
                String w = readToken(in, ' ').strip();
                if (in.readNBytes(buf, 0, buf.length) != buf.length) {
                    throw new TextFormatException(file, i + 2, Errors.format("WordVectors.readWord2vecBinary", "the file ends inside a vector",
                            count + " vectors of " + dim + " floats", i + " whole vectors", "word '" + w + "'"));
                }
                ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vals, i * dim, dim);
                words.add(w);
            }
            return new WordVectors(words, vals, dim);
        }
    }

    /** The header line {@code count dim}: two integers that fit an int (a word2vec file never holds 2^31 vectors or floats per vector). */
    private static int[] header(Path file, String where, String line) throws TextFormatException {
        String[] h = line.trim().split("\\s+");
        if (h.length == 2 && h[0].matches("\\d{1,10}") && h[1].matches("\\d{1,10}")) {
            long c = Long.parseLong(h[0]), d = Long.parseLong(h[1]);
            if (c <= Integer.MAX_VALUE && d <= Integer.MAX_VALUE && c * d <= Integer.MAX_VALUE - 8) return new int[]{(int) c, (int) d};
        }
        throw new TextFormatException(file, 1, Errors.format(where, "the header is 'count dim', two integers whose product is below 2^31",
                "e.g. '400000 300'", line.strip(), null));
    }

    private static String readToken(InputStream in, char end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != end) {
            if (c == '\n' && b.size() == 0) continue;     // the newline after the previous vector
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Writes GloVe text ({@code header} false) or word2vec text ({@code header} true), atomically. */
    /** A word the word2vec formats can hold: not empty, no whitespace or control character (readers split on them). */
    private void checkWritable(String where) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.isEmpty() || w.codePoints().anyMatch(cp -> WordTokenizer.isSpace(cp))) {
                throw Errors.arg(where, "a word of a vectors file must be non-empty, without whitespace or control characters (no reader could read it back)",
                        "a printable word", w.codePoints().mapToObj(cp -> cp < 0x20 || cp == 0x7f ? String.format("\\u%04x", cp) : new String(Character.toChars(cp)))
                                .collect(java.util.stream.Collectors.joining()), "word " + (i + 1));
            }
        }
    }

    public void writeText(Path file, boolean header) throws IOException {
        checkWritable("WordVectors.writeText");
        StringBuilder sb = new StringBuilder();
        if (header) sb.append(size()).append(' ').append(dim).append('\n');
        for (int i = 0; i < size(); i++) {
            sb.append(words.get(i));
            for (int j = 0; j < dim; j++) sb.append(' ').append(vectors[i * dim + j]);
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** Writes word2vec binary, atomically. */
    public void writeWord2vecBinary(Path file) throws IOException {
        checkWritable("WordVectors.writeWord2vecBinary");
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.write((size() + " " + dim + "\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer bb = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < size(); i++) {
                out.write((words.get(i) + " ").getBytes(StandardCharsets.UTF_8));
                bb.clear();
                for (int j = 0; j < dim; j++) bb.putFloat(vectors[i * dim + j]);
                out.write(bb.array());
                out.write('\n');
            }
            out.flush();
        });
    }

    /**
     * Copies the vectors of the vocabulary's tokens into {@code weight} (V, dim); tokens without a
     * vector get N(0, σ²) with σ the standard deviation of the loaded values (seeded by the global
     * generator); row 0 (padding) is zeroed. {@code freeze} stops the weight from training.
     * @return how many vocabulary tokens had a vector
     */
    public int copyInto(Vocabulary vocab, Parameter weight, boolean freeze) {
        if (weight.dim() != 2 || weight.size(0) != vocab.size() || weight.size(1) != dim) {
            throw Errors.shape("WordVectors.copyInto", "the embedding must be (vocabulary size, dim)", "[" + vocab.size() + ", " + dim + "]",
                    weight.shapeString(), "Hint: set the embedding size to the vectors' dim " + dim);
        }
        double mean = 0, sq = 0;
        for (float v : vectors) mean += v;
        mean /= vectors.length;
        for (float v : vectors) sq += (v - mean) * (v - mean);
        double sd = Math.sqrt(sq / vectors.length);
        Generator g = Generator.global();
        int hits = 0;
        for (int i = 0; i < vocab.size(); i++) {
            Integer r = index.get(vocab.token(i));
            if (r == null && vocab.token(i).chars().anyMatch(Character::isUpperCase)) r = index.get(vocab.token(i).toLowerCase(java.util.Locale.ROOT));
            for (int j = 0; j < dim; j++) {
                double v = i == 0 ? 0 : r != null ? vectors[r * dim + j] : g.nextGaussian() * sd;
                weight.data().setDouble(i * dim + j, v);
            }
            if (r != null) hits++;
        }
        weight.requiresGrad(!freeze);
        return hits;
    }
}
