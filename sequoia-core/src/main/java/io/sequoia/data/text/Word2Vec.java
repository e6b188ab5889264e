package io.sequoia.data.text;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * word2vec (Mikolov et al. 2013) trained on any tokenised corpus: skip-gram or CBOW, negative
 * sampling from the unigram distribution raised to 3/4, sub-sampling of frequent words
 * (keep probability (√(f/(s·T)) + 1)·s·T/f as in the reference C code), a random window size in
 * [1, window] per position, and a learning rate falling linearly to {@code lr·1e-4}. Single-threaded
 * and seeded, so a run repeats exactly. {@link #nearest} and {@link #analogy} query the result by
 * cosine similarity; {@link #vectors()} gives {@link WordVectors} to save or to load into an embedding.
 */
public final class Word2Vec {
    /** The two training architectures. */
    public enum Architecture { SKIP_GRAM, CBOW }

    /** Training settings; defaults are the reference implementation's (dim 100, window 5, negative 5, minCount 5, sample 1e-3, lr 0.025 / 0.05 for CBOW). */
    public static final class Options {
        int dim = 100, window = 5, negative = 5, minCount = 5, epochs = 5;
        double sample = 1e-3, lr = -1;
        Architecture architecture = Architecture.SKIP_GRAM;
        long seed = 1;

        public Options dim(int d) { dim = positive("dim", d); return this; }
        public Options window(int w) { window = positive("window", w); return this; }
        public Options negative(int n) { negative = positive("negative", n); return this; }
        public Options minCount(int c) { minCount = positive("minCount", c); return this; }
        public Options epochs(int e) { epochs = positive("epochs", e); return this; }
        /** Sub-sampling threshold (0 = off). */
        public Options sample(double s) {
            if (!(s >= 0)) throw Errors.arg("Word2Vec.Options", "sample must be >= 0", ">= 0", s, null);
            sample = s;
            return this;
        }
        public Options lr(double l) {
            if (!(l > 0)) throw Errors.arg("Word2Vec.Options", "lr must be positive", "> 0", l, null);
            lr = l;
            return this;
        }
        public Options architecture(Architecture a) { architecture = a; return this; }
        /**
         * Called with the vocabulary's size once the words are counted, before the vectors (2 × size × dim floats)
         * are allocated: a caller's memory check (the command line refuses what cannot fit) may throw.
         */
        public Options beforeAllocating(java.util.function.IntConsumer check) { beforeAllocating = check; return this; }
        java.util.function.IntConsumer beforeAllocating;
        public Options seed(long s) { seed = s; return this; }

        private static int positive(String name, int v) {
            if (v < 1) throw Errors.arg("Word2Vec.Options", name + " must be at least 1", ">= 1", v, null);
            return v;
        }
    }

    /** The most elements a Java array may hold (a little below Integer.MAX_VALUE on HotSpot). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** A query result. */
    public record Neighbour(String word, double similarity) {}

    private final List<String> words;
    private final Map<String, Integer> index;
    private final float[] in;       // (V, dim): the word vectors
    private final int dim;
    private final List<Double> epochLoss;

    private Word2Vec(List<String> words, Map<String, Integer> index, float[] in, int dim, List<Double> epochLoss) {
        this.words = words;
        this.index = index;
        this.in = in;
        this.dim = dim;
        this.epochLoss = epochLoss;
    }

    /** Trains on {@code sentences} (lists of tokens). */
    public static Word2Vec train(List<List<String>> sentences, Options o) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        long total = 0;
        for (List<String> s : sentences) for (String w : s) { counts.computeIfAbsent(w, k -> new int[1])[0]++; total++; }
        List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) if (e.getValue()[0] >= o.minCount) kept.add(e);
        kept.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
        if (kept.size() < 2) {
            throw Errors.arg("Word2Vec.train", "the corpus needs at least two words with minCount occurrences", ">= 2 words", kept.size(),
                    "minCount " + o.minCount + ", " + total + " tokens");
        }
        int v = kept.size(), dim = o.dim;
        if (o.beforeAllocating != null) o.beforeAllocating.accept(v);
        if ((long) v * dim > MAX_ARRAY) {
            throw Errors.arg("Word2Vec.train", "the vectors do not fit in one Java array", "vocabulary x dim <= " + MAX_ARRAY, (long) v * dim,
                    v + " words x dim " + dim + ". Hint: a smaller dim or a higher minCount");
        }
        List<String> words = new ArrayList<>(v);
        Map<String, Integer> index = new HashMap<>(v * 2);
        long[] freq = new long[v];
        long kTotal = 0;
        for (int i = 0; i < v; i++) {
            words.add(kept.get(i).getKey());
            index.put(kept.get(i).getKey(), i);
            freq[i] = kept.get(i).getValue()[0];
            kTotal += freq[i];
        }
        int[] table = unigramTable(freq, Math.max(1_000_000, v * 20));
        java.util.SplittableRandom g = new java.util.SplittableRandom(o.seed);   // unsynchronised: one draw per sample
        float[] inV = new float[v * dim], outV = new float[v * dim];
        for (int i = 0; i < inV.length; i++) inV[i] = (float) ((g.nextDouble() - 0.5) / dim);
        double lr0 = o.lr > 0 ? o.lr : (o.architecture == Architecture.CBOW ? 0.05 : 0.025);
        long planned = (long) o.epochs * kTotal, done = 0;
        float[] hidden = new float[dim], grad = new float[dim];
        List<Double> losses = new ArrayList<>();
        int[] ids = new int[0];
        for (int epoch = 0; epoch < o.epochs; epoch++) {
            double lossSum = 0;
            long pairs = 0;
            for (List<String> s : sentences) {
                if (ids.length < s.size()) ids = new int[s.size()];
                int n = 0;
                for (String w : s) {
                    Integer id = index.get(w);
                    if (id == null) continue;
                    done++;
                    if (o.sample > 0) {
                        double f = freq[id], st = o.sample * kTotal, keep = (Math.sqrt(f / st) + 1) * st / f;
                        if (keep < g.nextDouble()) continue;
                    }
                    ids[n++] = id;
                }
                double lr = Math.max(lr0 * 1e-4, lr0 * (1 - (double) done / (planned + 1)));
                for (int pos = 0; pos < n; pos++) {
                    int b = g.nextInt(o.window), lo = Math.max(0, pos - o.window + b), hi = Math.min(n - 1, pos + o.window - b);
                    if (o.architecture == Architecture.SKIP_GRAM) {
                        for (int c = lo; c <= hi; c++) {
                            if (c == pos) continue;
                            // predict the centre word ids[pos] from context word ids[c] (as the C code's skip-gram loop)
                            int src = ids[c] * dim;
                            java.util.Arrays.fill(grad, 0);
                            lossSum += update(inV, src, outV, ids[pos], o.negative, table, g, lr, grad, dim);
                            for (int j = 0; j < dim; j++) inV[src + j] += grad[j];
                            pairs++;
                        }
                    } else {
                        int cnt = 0;
                        java.util.Arrays.fill(hidden, 0);
                        for (int c = lo; c <= hi; c++) {
                            if (c == pos) continue;
                            for (int j = 0; j < dim; j++) hidden[j] += inV[ids[c] * dim + j];
                            cnt++;
                        }
                        if (cnt == 0) continue;
                        for (int j = 0; j < dim; j++) hidden[j] /= cnt;
                        java.util.Arrays.fill(grad, 0);
                        lossSum += update(hidden, 0, outV, ids[pos], o.negative, table, g, lr, grad, dim);
                        for (int c = lo; c <= hi; c++) {
                            if (c == pos) continue;
                            for (int j = 0; j < dim; j++) inV[ids[c] * dim + j] += grad[j] / cnt;
                        }
                        pairs++;
                    }
                }
            }
            losses.add(pairs == 0 ? Double.NaN : lossSum / pairs);
        }
        return new Word2Vec(words, index, inV, dim, losses);
    }

    /**
     * One positive and {@code negative} sampled targets for the input vector at {@code h[ho..]}:
     * updates the output vectors, accumulates the input's gradient step into {@code grad}, returns the loss.
     */
    private static double update(float[] h, int ho, float[] outV, int target, int negative, int[] table, java.util.SplittableRandom g, double lr,
                                 float[] grad, int dim) {
        double loss = 0;
        for (int d = 0; d <= negative; d++) {
            int t;
            int label;
            if (d == 0) { t = target; label = 1; }
            else {
                t = table[g.nextInt(table.length)];
                if (t == target) continue;
                label = 0;
            }
            int to = t * dim;
            float f0 = 0, f1 = 0, f2 = 0, f3 = 0;                     // four chains: the JIT keeps them in registers
            int j4 = dim & ~3;
            for (int j = 0; j < j4; j += 4) {
                f0 += h[ho + j] * outV[to + j];
                f1 += h[ho + j + 1] * outV[to + j + 1];
                f2 += h[ho + j + 2] * outV[to + j + 2];
                f3 += h[ho + j + 3] * outV[to + j + 3];
            }
            for (int j = j4; j < dim; j++) f0 += h[ho + j] * outV[to + j];
            double f = (f0 + f1) + (f2 + f3);
            double sig = 1 / (1 + Math.exp(-f));
            loss -= Math.log(Math.max(label == 1 ? sig : 1 - sig, 1e-10));
            float step = (float) ((label - sig) * lr);
            for (int j = 0; j < dim; j++) {
                grad[j] += step * outV[to + j];
                outV[to + j] += step * h[ho + j];
            }
        }
        return loss;
    }

    private static int[] unigramTable(long[] freq, int size) {
        double z = 0;
        for (long f : freq) z += Math.pow(f, 0.75);
        int[] table = new int[size];
        int w = 0;
        double cum = Math.pow(freq[0], 0.75) / z;
        for (int i = 0; i < size; i++) {
            table[i] = w;
            if ((double) (i + 1) / size > cum && w < freq.length - 1) cum += Math.pow(freq[++w], 0.75) / z;
        }
        return table;
    }

    /** The mean loss per (centre, context) update in each epoch. */
    public List<Double> epochLoss() { return List.copyOf(epochLoss); }

    public List<String> words() { return List.copyOf(words); }

    /** The trained vectors (input embeddings), most frequent word first. */
    public WordVectors vectors() { return new WordVectors(words, in.clone(), dim); }

    /** The {@code k} words most similar (cosine) to {@code word}, excluding it. */
    public List<Neighbour> nearest(String word, int k) { return nearestTo(vectorOf(word), k, List.of(word)); }

    /** a : b :: c : ? — the {@code k} words nearest to b − a + c (unit vectors), excluding a, b, c. */
    public List<Neighbour> analogy(String a, String b, String c, int k) {
        float[] va = unit(vectorOf(a)), vb = unit(vectorOf(b)), vc = unit(vectorOf(c)), q = new float[dim];
        for (int j = 0; j < dim; j++) q[j] = vb[j] - va[j] + vc[j];
        return nearestTo(q, k, List.of(a, b, c));
    }

    private float[] vectorOf(String w) {
        Integer i = index.get(w);
        if (i == null) throw Errors.arg("Word2Vec", "word is not in the vocabulary", "one of " + words.size() + " trained words", "'" + w + "'", null);
        return java.util.Arrays.copyOfRange(in, i * dim, (i + 1) * dim);
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) n += x * x;
        n = Math.sqrt(n) + 1e-12;
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) u[i] = (float) (v[i] / n);
        return u;
    }

    private List<Neighbour> nearestTo(float[] q, int k, List<String> exclude) {
        float[] u = unit(q);
        List<Neighbour> all = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (exclude.contains(words.get(i))) continue;
            double dot = 0, n = 0;
            for (int j = 0; j < dim; j++) { dot += u[j] * in[i * dim + j]; n += in[i * dim + j] * in[i * dim + j]; }
            all.add(new Neighbour(words.get(i), dot / (Math.sqrt(n) + 1e-12)));
        }
        all.sort((x, y) -> Double.compare(y.similarity(), x.similarity()));
        return all.subList(0, Math.min(k, all.size()));
    }
}
