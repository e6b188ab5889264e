package io.sequoia.nn.attention;

/**
 * The key/value caches of a {@link TransformerDecoder} for incremental decoding: per layer a
 * growing self-attention cache and a fixed cross-attention cache (the memory's projections,
 * computed on the first step). One cache per sequence batch; {@link #reset} starts over.
 */
public final class DecoderCache {
    final KeyValueCache[] self, cross;

    DecoderCache(int numLayers) {
        self = new KeyValueCache[numLayers];
        cross = new KeyValueCache[numLayers];
        for (int i = 0; i < numLayers; i++) {
            self[i] = KeyValueCache.growing();
            cross[i] = KeyValueCache.fixed();
        }
    }

    /** Target steps decoded so far. */
    public int length() { return self[0].length(); }

    public void reset() {
        for (KeyValueCache c : self) c.reset();
        for (KeyValueCache c : cross) c.reset();
    }
}
