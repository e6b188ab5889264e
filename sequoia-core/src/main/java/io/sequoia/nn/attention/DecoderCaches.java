package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;

/**
 * Beam search over a {@link TransformerDecoder}: a new {@link DecoderCache} holding the rows
 * {@code rows} of every layer's self- and cross-attention keys and values (rows may repeat), so
 * hypotheses that continue a parent carry its cache without recomputing the prefix.
 */
public final class DecoderCaches {
    private DecoderCaches() {}

    public static DecoderCache select(DecoderCache cache, int[] rows) {
        DecoderCache out = new DecoderCache(cache.self.length);
        Tensor idx = Tensor.ofIndices(rows);
        for (int l = 0; l < cache.self.length; l++) {
            copy(cache.self[l], out.self[l], idx);
            copy(cache.cross[l], out.cross[l], idx);
        }
        return out;
    }

    private static void copy(KeyValueCache from, KeyValueCache to, Tensor idx) {
        if (from.isEmpty()) return;
        to.append(from.keys().indexSelect(0, idx), from.values().indexSelect(0, idx));   // (k, S, E)
    }
}
