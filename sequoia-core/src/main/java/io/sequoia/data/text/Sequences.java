package io.sequoia.data.text;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code pad_sequences}: integer sequences of different lengths made into one (N, L) block.
 * Longer sequences lose tokens at the start ({@link Side#PRE}, Keras's default) or the end
 * ({@link Side#POST}); shorter ones get {@code value} before ({@code PRE}, default) or after ({@code POST}).
 */
public final class Sequences {
    private Sequences() {}

    /** Where padding goes, or where truncation removes tokens. */
    public enum Side {
        PRE, POST;

        public static Side parse(String s) {
            if (s != null) for (Side v : values()) if (v.name().equalsIgnoreCase(s)) return v;
            throw Errors.arg("Sequences.Side", "unknown side", "pre or post", s, null);
        }

        @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
    }

    /** Keras's defaults: pad and truncate at the start, value 0, length of the longest sequence. */
    public static int[][] padSequences(List<int[]> seqs) { return padSequences(seqs, -1, Side.PRE, Side.PRE, 0); }

    /**
     * @param maxLen     the output length; -1 for the longest sequence's length
     * @param padding    where padding goes
     * @param truncating which end loses tokens when a sequence is longer than {@code maxLen}
     * @param value      the padding value
     */
    public static int[][] padSequences(List<int[]> seqs, int maxLen, Side padding, Side truncating, int value) {
        if (seqs == null) throw Errors.arg("Sequences.padSequences", "sequences must not be null", "a list", null, null);
        if (maxLen < -1 || maxLen == 0) throw Errors.arg("Sequences.padSequences", "maxLen must be positive or -1 (longest)", "> 0 or -1", maxLen, null);
        if (padding == null || truncating == null) throw Errors.arg("Sequences.padSequences", "padding and truncating sides are required", "pre or post", null, null);
        int len = maxLen;
        if (len == -1) {
            len = 0;
            for (int[] s : seqs) len = Math.max(len, s.length);
        }
        int[][] out = new int[seqs.size()][len];
        for (int i = 0; i < out.length; i++) {
            int[] s = seqs.get(i);
            if (s == null) throw Errors.arg("Sequences.padSequences", "a sequence must not be null", "an int[]", null, "sequence " + i);
            int keep = Math.min(len, s.length), from = truncating == Side.PRE ? s.length - keep : 0;
            int at = padding == Side.PRE ? len - keep : 0;
            java.util.Arrays.fill(out[i], value);
            System.arraycopy(s, from, out[i], at, keep);
        }
        return out;
    }

    /** The ids as a float32 tensor (N, L), the form {@code Embedding} takes. */
    public static Tensor toTensor(int[][] ids) {
        int n = ids.length, l = n == 0 ? 0 : ids[0].length;
        float[] f = new float[n * l];
        for (int i = 0; i < n; i++) {
            if (ids[i].length != l) throw Errors.arg("Sequences.toTensor", "all rows must have one length", l, ids[i].length, "row " + i);
            for (int j = 0; j < l; j++) f[i * l + j] = ids[i][j];
        }
        return new Tensor(NDArray.wrap(f, n, l));
    }
}
