package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

/**
 * The projected keys and values one {@link MultiheadAttention} has seen, for incremental decoding.
 * A <i>growing</i> cache (self-attention) appends the new steps' keys and values on every call; a
 * <i>fixed</i> cache (cross-attention over an encoder memory) projects the memory on the first
 * call and reuses it afterwards.
 * <pre>
 * keys (N, S, E)   values (N, S, E)   S = steps seen so far (batch-first, heads packed in E)
 * </pre>
 */
public final class KeyValueCache {
    private final boolean fixed;
    private Tensor keys, values;

    private KeyValueCache(boolean fixed) { this.fixed = fixed; }

    /** A cache that grows by the new steps on every call (causal self-attention). */
    public static KeyValueCache growing() { return new KeyValueCache(false); }

    /** A cache filled once from the first call's key and value (cross-attention over a fixed memory). */
    public static KeyValueCache fixed() { return new KeyValueCache(true); }

    public boolean isFixed() { return fixed; }
    public boolean isEmpty() { return keys == null; }
    /** Number of cached steps S (0 when empty). */
    public int length() { return keys == null ? 0 : keys.size(1); }
    /** Cached projected keys (N, S, E), or null. */
    public Tensor keys() { return keys; }
    /** Cached projected values (N, S, E), or null. */
    public Tensor values() { return values; }

    /** Forgets everything (a new sequence). */
    public void reset() { keys = null; values = null; }

    /** Adds projected steps (N, s, E); a fixed cache takes them only when empty. */
    void append(Tensor k, Tensor v) {
        if (keys == null) { keys = k; values = v; return; }
        if (fixed) throw Errors.state("KeyValueCache.append", "a fixed cache is filled once", "call reset() before a new memory");
        if (k.size(0) != keys.size(0)) {
            throw Errors.shape("KeyValueCache.append", "the batch size must stay the same", keys.size(0), k.size(0),
                    "cached keys " + keys.shapeString() + ", new keys " + k.shapeString());
        }
        keys = Tensor.concat(1, keys, k);                                   // (N, S + s, E)
        values = Tensor.concat(1, values, v);                               // (N, S + s, E)
    }
}
