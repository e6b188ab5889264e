package io.sequoia.nn.recurrent;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays a recurrent layer reuses from one call to the next, so that a steady training loop
 * allocates (almost) nothing: the fused kernel takes its saved activations and backward buffers
 * here and gives them back once the graph no longer needs them (see {@code Autograd.record}'s
 * onRelease). Arrays handed out are zeroed. A graph that is kept alive simply keeps its arrays.
 */
final class Workspace {
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private int held;
    private static final int MAX_HELD = 64;

    /** A zeroed array of exactly {@code n} floats, recycled when possible; null when n is 0 and null requested. */
    synchronized float[] take(int n) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.poll();
        if (a == null) return new float[n];
        held--;
        Arrays.fill(a, 0f);
        return a;
    }

    /**
     * An array of exactly {@code n} floats with any contents, recycled when possible: for a caller
     * that writes every element before it reads any (zeroing megabytes of activations each step
     * was 4 % of a 2-layer LSTM training step).
     */
    synchronized float[] takeDirty(int n) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.poll();
        if (a == null) return new float[n];
        held--;
        return a;
    }

    /** Gives arrays back (nulls ignored). */
    synchronized void give(float[]... arrays) {
        for (float[] a : arrays) {
            if (a == null || held >= MAX_HELD) continue;
            free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            held++;
        }
    }
}
