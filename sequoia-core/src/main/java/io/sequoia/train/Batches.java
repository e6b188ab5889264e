package io.sequoia.train;

import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A source of training batches for {@link Model#fit(Batches, TrainingStep, FitOptions)}: the
 * batches of one epoch, in the order to train on. Text minibatches, random language-model windows,
 * truncated-BPTT chunks, sentence pairs and tree minibatches are all batch sources; the one fit loop
 * runs them all.
 *
 * @param <B> what one batch is (tensors, a record of padded ids and lengths, a list of trees, ...)
 */
@FunctionalInterface
public interface Batches<B> {
    /** The batches of one epoch; {@code rng} ({@link Generator#global()} in fit) is the only source of shuffling. */
    List<B> epoch(Generator rng);

    /**
     * Minibatches of {@code n} items: each epoch the item indices are shuffled with the fit loop's
     * generator (when {@code shuffle}) and cut into runs of {@code batchSize}; {@code make} builds one
     * batch from its item indices.
     */
    static <B> Batches<B> ofIndices(int n, int batchSize, boolean shuffle, java.util.function.Function<int[], B> make) {
        if (n < 1) throw Errors.arg("Batches.ofIndices", "there must be at least one item", ">= 1", n, null);
        if (batchSize < 1) throw Errors.arg("Batches.ofIndices", "batchSize must be at least 1", ">= 1", batchSize, null);
        return rng -> {
            int[] order = shuffle ? rng.permutation(n) : identity(n);
            List<B> out = new ArrayList<>((n + batchSize - 1) / batchSize);
            for (int from = 0; from < n; from += batchSize) {
                out.add(make.apply(java.util.Arrays.copyOfRange(order, from, Math.min(n, from + batchSize))));
            }
            return out;
        };
    }

    /** The same {@code count} batches in the same order every epoch. */
    static <B> Batches<B> fixed(int count, IntFunction<B> batch) {
        return rng -> {
            List<B> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) out.add(batch.apply(i));
            return out;
        };
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }
}
