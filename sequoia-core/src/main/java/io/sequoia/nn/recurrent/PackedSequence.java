package io.sequoia.nn.recurrent;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Arrays;

/**
 * PyTorch's {@code PackedSequence}: the steps of variable-length sequences interleaved by time,
 * longest first. {@code data} (Σ lengths, *) holds, for each time step t, the t-th element of
 * every sequence still running at t; {@code batchSizes[t]} says how many there are.
 * {@link #pack} and {@link #pad} are {@code pack_padded_sequence} / {@code pad_packed_sequence}
 * and are differentiable. Recurrent layers accept a packed sequence and return one.
 */
public final class PackedSequence {
    private final Tensor data;
    private final int[] batchSizes, sortedIndices, unsortedIndices;

    PackedSequence(Tensor data, int[] batchSizes, int[] sortedIndices, int[] unsortedIndices) {
        this.data = data;
        this.batchSizes = batchSizes;
        this.sortedIndices = sortedIndices;
        this.unsortedIndices = unsortedIndices;
    }

    public Tensor data() { return data; }
    public int[] batchSizes() { return batchSizes.clone(); }
    /** Position in the original batch of the i-th longest sequence. */
    public int[] sortedIndices() { return sortedIndices.clone(); }
    public int[] unsortedIndices() { return unsortedIndices.clone(); }

    /** The length of each sequence, in the original batch order. */
    public int[] lengths() {
        int n = batchSizes.length == 0 ? 0 : batchSizes[0];
        int[] len = new int[n];
        for (int b : batchSizes) for (int i = 0; i < b; i++) len[sortedIndices[i]]++;
        return len;
    }

    /**
     * {@code pack_padded_sequence}: input (T, N, *) or (N, T, *) with {@code batchFirst}; lengths in
     * [1, T], one per sequence. With {@code enforceSorted} the lengths must be non-increasing.
     */
    public static PackedSequence pack(Tensor input, int[] lengths, boolean batchFirst, boolean enforceSorted) {
        String where = "packPaddedSequence";
        if (input.dim() < 2) throw Errors.shape(where, "input needs time and batch dims", ">= 2 dims", input.dim(), "input shape " + input.shapeString());
        int t = input.size(batchFirst ? 1 : 0), n = input.size(batchFirst ? 0 : 1);
        if (lengths.length != n) throw Errors.shape(where, "lengths must have one entry per sequence", n, lengths.length, null);
        for (int i = 0; i < n; i++) {
            if (lengths[i] < 1 || lengths[i] > t) {
                throw Errors.arg(where, "lengths must be in [1, sequence length]", "[1, " + t + "]", lengths[i], "sequence " + i);
            }
            if (enforceSorted && i > 0 && lengths[i] > lengths[i - 1]) {
                throw Errors.arg(where, "lengths must be sorted in decreasing order when enforceSorted", "non-increasing lengths",
                        Arrays.toString(lengths), "Hint: pass enforceSorted=false");
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(lengths[b], lengths[a]));          // stable: ties keep batch order
        int[] sorted = new int[n], unsorted = new int[n];
        for (int i = 0; i < n; i++) { sorted[i] = order[i]; unsorted[order[i]] = i; }
        int steps = lengths[sorted[0]];
        int[] batchSizes = new int[steps];
        int total = 0;
        for (int s = 0; s < steps; s++) {
            int b = 0;
            while (b < n && lengths[sorted[b]] > s) b++;
            batchSizes[s] = b;
            total += b;
        }
        float[] rows = new float[total];
        int k = 0;
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batchSizes[s]; b++) rows[k++] = batchFirst ? sorted[b] * t + s : s * n + sorted[b];
        }
        Tensor flat = input.flatten(0, 1);                                                   // (T·N or N·T, *)
        Tensor data = flat.indexSelect(0, new Tensor(NDArray.wrap(rows, total)));
        return new PackedSequence(data, batchSizes, sorted, unsorted);
    }

    /** The padded batch and each sequence's length (original order), as {@code pad_packed_sequence} returns. */
    public record Padded(Tensor padded, int[] lengths) {}

    /**
     * {@code pad_packed_sequence}: (T, N, *) or (N, T, *) with {@code batchFirst}, positions past a
     * sequence's end filled with {@code paddingValue}; {@code totalLength} ≥ the longest length pads
     * further (0 = the longest length).
     */
    public Padded pad(boolean batchFirst, double paddingValue, int totalLength) {
        int n = batchSizes.length == 0 ? 0 : batchSizes[0], steps = batchSizes.length;
        if (totalLength != 0 && totalLength < steps) {
            throw Errors.arg("padPackedSequence", "totalLength must be at least the longest length", ">= " + steps, totalLength, null);
        }
        int t = totalLength == 0 ? steps : totalLength, total = data.size(0);
        float[] src = new float[t * n];
        Arrays.fill(src, total);                                                              // index of the padding row
        int k = 0;
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batchSizes[s]; b++, k++) {
                int orig = sortedIndices[b];
                src[batchFirst ? orig * t + s : s * n + orig] = k;
            }
        }
        int[] feat = Arrays.copyOfRange(data.shape(), 1, data.dim());
        int[] padShape = new int[feat.length + 1];
        padShape[0] = 1;
        System.arraycopy(feat, 0, padShape, 1, feat.length);
        Tensor withPad = Tensor.concat(0, data, new Tensor(NDArray.full(data.dtype(), paddingValue, padShape)));
        Tensor flat = withPad.indexSelect(0, new Tensor(NDArray.wrap(src, t * n)));
        int[] out = new int[feat.length + 2];
        out[0] = batchFirst ? n : t;
        out[1] = batchFirst ? t : n;
        System.arraycopy(feat, 0, out, 2, feat.length);
        return new Padded(flat.reshape(out), lengths());
    }
}
