package io.sequoia.translation;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import io.sequoia.train.Batches;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sentence pairs as training batches, batched by length: each epoch the pairs are shuffled, cut into
 * pools of 50 batches, each pool sorted by source then target length and cut into batches, and the
 * batches shuffled — so a batch holds sentences of similar length (little padding) while the order
 * still changes every epoch.
 */
public final class PairBatches implements Batches<PairBatches.Batch> {
    /** One batch: src (N, S) and lengths, tgtIn = start + target (N, T), tgtOut = target + end (N, T), pads 0. */
    public record Batch(Tensor src, int[] srcLengths, Tensor tgtIn, Tensor tgtOut, int targetTokens) {}

    private static final int POOL = 50;
    private final int[][] src, tgt;
    private final int batchSize;

    public PairBatches(int[][] src, int[][] tgt, int batchSize) {
        if (src.length != tgt.length) throw Errors.arg("PairBatches", "source and target must have the same number of sentences", src.length, tgt.length, null);
        if (src.length == 0) throw Errors.arg("PairBatches", "there must be at least one pair", ">= 1", 0, null);
        if (batchSize < 1) throw Errors.arg("PairBatches", "batchSize must be at least 1", ">= 1", batchSize, null);
        this.src = src;
        this.tgt = tgt;
        this.batchSize = batchSize;
    }

    public int size() { return src.length; }

    @Override public List<Batch> epoch(Generator rng) {
        int[] order = rng.permutation(src.length);
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += POOL * batchSize) {
            Integer[] pool = new Integer[Math.min(order.length, from + POOL * batchSize) - from];
            for (int i = 0; i < pool.length; i++) pool[i] = order[from + i];
            Arrays.sort(pool, (a, b) -> src[a].length != src[b].length ? Integer.compare(src[a].length, src[b].length)
                    : Integer.compare(tgt[a].length, tgt[b].length));
            for (int i = 0; i < pool.length; i += batchSize) {
                int[] rows = new int[Math.min(batchSize, pool.length - i)];
                for (int j = 0; j < rows.length; j++) rows[j] = pool[i + j];
                out.add(batch(src, tgt, rows));
            }
        }
        int[] perm = rng.permutation(out.size());
        List<Batch> shuffled = new ArrayList<>(out.size());
        for (int p : perm) shuffled.add(out.get(p));
        return shuffled;
    }

    /** The batch of pairs {@code rows}. */
    public static Batch batch(int[][] src, int[][] tgt, int[] rows) {
        int n = rows.length, s = 1, t = 1, tokens = 0;
        for (int r : rows) { s = Math.max(s, src[r].length); t = Math.max(t, tgt[r].length + 1); tokens += tgt[r].length + 1; }
        float[] sf = new float[n * s], in = new float[n * t], outp = new float[n * t];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int[] a = src[rows[i]], b = tgt[rows[i]];
            if (a.length == 0) throw Errors.arg("PairBatches.batch", "source sentences must not be empty", ">= 1 token", 0, "pair " + rows[i]);
            lengths[i] = a.length;
            for (int j = 0; j < a.length; j++) sf[i * s + j] = a[j];
            in[i * t] = TextCodec.BOS;
            for (int j = 0; j < b.length; j++) { in[i * t + j + 1] = b[j]; outp[i * t + j] = b[j]; }
            outp[i * t + b.length] = TextCodec.EOS;
        }
        return new Batch(new Tensor(NDArray.wrap(sf, n, s)), lengths, new Tensor(NDArray.wrap(in, n, t)), new Tensor(NDArray.wrap(outp, n, t)), tokens);
    }
}
