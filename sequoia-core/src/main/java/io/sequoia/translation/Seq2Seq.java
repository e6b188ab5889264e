package io.sequoia.translation;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.decoding.StepDecoder;
import io.sequoia.nn.Module;

/**
 * An encoder–decoder over token ids, the common face of {@link RecurrentTranslator} and
 * {@link TransformerTranslator}: a teacher-forced forward pass for training and a step decoder for
 * greedy and beam search.
 * <pre>
 * src (N, S) ids, padded with padIndex; srcLengths int[N], each in [1, S]
 * tgtIn (N, T) ids: the start token then the target shifted right, padded
 * logits (N, T, V_tgt)
 * </pre>
 */
public abstract class Seq2Seq extends Module {
    /** The teacher-forced logits of every target position. */
    public abstract Tensor logits(Tensor src, int[] srcLengths, Tensor tgtIn);

    /** Encodes a batch of sources into the initial decoder states (one row per source). */
    public abstract Object encode(Tensor src, int[] srcLengths);

    /** The step function over the states {@link #encode} returns. */
    public abstract StepDecoder<Object> stepDecoder();

    /** Attention weights (N, T, S) of the teacher-forced pass (the last layer's, averaged over heads), for plotting; null without attention. */
    public abstract Tensor attentionWeights(Tensor src, int[] srcLengths, Tensor tgtIn);

    /**
     * Every attention layer's weights (N, T, S) of the teacher-forced pass, averaged over heads, first
     * layer first: the one attention of a recurrent translator, each decoder layer's cross-attention of a
     * Transformer; empty without attention.
     */
    public java.util.List<Tensor> attentionLayers(Tensor src, int[] srcLengths, Tensor tgtIn) {
        Tensor w = attentionWeights(src, srcLengths, tgtIn);
        return w == null ? java.util.List.of() : java.util.List.of(w);
    }

    public abstract int sourceVocabSize();
    public abstract int targetVocabSize();
}
