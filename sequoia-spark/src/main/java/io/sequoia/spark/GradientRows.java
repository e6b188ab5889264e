package io.sequoia.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One parameter's gradient as a shard ships it: dense, or - when most rows of a matrix are zero, as
 * in an embedding's gradient, where only the batch's words have one - as the non-zero rows and their
 * indices. A 10,000-word embedding of width 128 touched by a 32-text chunk ships a few hundred rows
 * instead of 1.28 M floats. Sums stay sparse while both sides are.
 *
 * @param numel  the parameter's number of elements
 * @param width  the row length (the last dimension; numel for a vector)
 * @param rows   the indices of the rows held, ascending; null: dense
 * @param values the rows held, {@code rows.length × width} (dense: all {@code numel} values)
 */
record GradientRows(int numel, int width, int[] rows, float[] values) implements Serializable {
    /** Sparse when at most this share of the rows is non-zero (the indices then cost little). */
    static final double SPARSE_SHARE = 0.25;

    /** {@code g} ({@code numel} values in rows of {@code width}), sparse when few of its rows are non-zero. */
    static GradientRows of(float[] g, int width) {
        int nRows = g.length / width, nonZero = 0;
        boolean[] used = new boolean[nRows];
        for (int r = 0; r < nRows; r++) {
            for (int j = r * width, end = j + width; j < end; j++) if (g[j] != 0f) { used[r] = true; nonZero++; break; }
        }
        if (nRows < 2 || nonZero > SPARSE_SHARE * nRows) return new GradientRows(g.length, width, null, g);
        int[] idx = new int[nonZero];
        float[] v = new float[nonZero * width];
        for (int r = 0, k = 0; r < nRows; r++) {
            if (!used[r]) continue;
            idx[k] = r;
            System.arraycopy(g, r * width, v, k++ * width, width);
        }
        return new GradientRows(g.length, width, idx, v);
    }

    boolean sparse() { return rows != null; }

    /** All {@code numel} values. */
    float[] dense() {
        if (!sparse()) return values;
        float[] d = new float[numel];
        for (int k = 0; k < rows.length; k++) System.arraycopy(values, k * width, d, rows[k] * width, width);
        return d;
    }

    /** The sum of two gradients of the same parameter (new arrays; neither side changes). */
    GradientRows plus(GradientRows o) {
        if (!sparse() || !o.sparse()) {
            float[] d = dense().clone(), e = o.dense();
            for (int j = 0; j < d.length; j++) d[j] += e[j];
            return new GradientRows(numel, width, null, d);
        }
        int[] idx = new int[rows.length + o.rows.length];
        float[] v = new float[idx.length * width];
        int i = 0, j = 0, k = 0;
        while (i < rows.length || j < o.rows.length) {
            int r = j == o.rows.length || (i < rows.length && rows[i] <= o.rows[j]) ? rows[i] : o.rows[j];
            if (i < rows.length && rows[i] == r) { System.arraycopy(values, i++ * width, v, k * width, width); }
            if (j < o.rows.length && o.rows[j] == r) {
                for (int c = 0, src = j++ * width, dst = k * width; c < width; c++) v[dst + c] += o.values[src + c];
            }
            idx[k++] = r;
        }
        return new GradientRows(numel, width, Arrays.copyOf(idx, k), Arrays.copyOf(v, k * width));
    }
}
