package io.sequoia.tagging;

import io.sequoia.autograd.Tensor;

/**
 * A batch of sentences encoded for {@link SequenceTagger}, padded to the longest (N sentences, L steps).
 * <pre>
 * words      (N, L)  word ids (0 = padding)
 * casing     (N, L)  casing class ids (0 = padding)
 * chars      (U, C)  character ids of the U distinct words of the batch (0 = padding), or null
 * charLengths int[U] characters of each distinct word
 * charIndex  (N·L)   which distinct word each position holds (0 at padding)
 * mask       (N, L)  1 = a real token
 * tags       (N, L)  gold tag ids (0 at padding), or null
 * order      int[N]  each row's index in the list of sentences the batch was cut from
 * </pre>
 */
public record TaggerBatch(Tensor words, Tensor casing, Tensor chars, int[] charLengths, Tensor charIndex, Tensor mask,
                          int[] lengths, Tensor tags, int[] order) {
    public int size() { return lengths.length; }

    public int tokens() {
        int n = 0;
        for (int l : lengths) n += l;
        return n;
    }
}
