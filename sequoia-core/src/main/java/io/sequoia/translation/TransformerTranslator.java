package io.sequoia.translation;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.decoding.StepDecoder;
import io.sequoia.nn.Embedding;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Parameter;
import io.sequoia.nn.attention.DecoderCache;
import io.sequoia.nn.attention.DecoderCaches;
import io.sequoia.nn.attention.LuongAttention;
import io.sequoia.nn.attention.SinusoidalPositionalEncoding;
import io.sequoia.nn.attention.Transformer;
import io.sequoia.nn.Init;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * The Transformer translator of Vaswani et al. on {@link Transformer} (batch-first, pre- or
 * post-norm): token embeddings scaled by √d_model plus sinusoidal positions, a causal mask on the
 * target, padding masks on the source, and the {@code generator} to the target vocabulary.
 * {@code shareEmbeddings} uses one embedding table for both sides (a shared vocabulary);
 * {@code tieOutput} reuses the target embedding as the generator's weight (no {@code generator.weight}
 * in the state dict, only {@code generator_bias}). Decoding carries each layer's key/value cache.
 * <pre>
 * src (N, S), tgtIn (N, T): ids; logits (N, T, V_tgt)
 * </pre>
 */
public class TransformerTranslator extends Seq2Seq {
    public static final int MAX_LEN = 512;

    private final int srcVocab, tgtVocab, dModel, nhead, encLayers, decLayers, dimFeedforward, padIndex;
    private final double dropout;
    private final boolean normFirst, shareEmbeddings, tieOutput;
    public final Embedding srcEmbed, tgtEmbed;
    public final SinusoidalPositionalEncoding positions;
    public final Transformer transformer;
    public final Linear generator;
    public final Parameter generatorBias;

    public TransformerTranslator(int srcVocab, int tgtVocab, int dModel, int nhead, int encLayers, int decLayers, int dimFeedforward,
                                 double dropout, boolean normFirst, boolean shareEmbeddings, boolean tieOutput, int padIndex) {
        String where = "TransformerTranslator";
        if (shareEmbeddings && srcVocab != tgtVocab) {
            throw Errors.arg(where, "shared embeddings need one vocabulary for both sides", srcVocab, tgtVocab, "Hint: build a shared vocabulary");
        }
        this.srcVocab = srcVocab;
        this.tgtVocab = tgtVocab;
        this.dModel = dModel;
        this.nhead = nhead;
        this.encLayers = encLayers;
        this.decLayers = decLayers;
        this.dimFeedforward = dimFeedforward;
        this.dropout = dropout;
        this.normFirst = normFirst;
        this.shareEmbeddings = shareEmbeddings;
        this.tieOutput = tieOutput;
        this.padIndex = padIndex;
        srcEmbed = registerModule("src_embed", new Embedding(srcVocab, dModel, padIndex));
        tgtEmbed = shareEmbeddings ? srcEmbed : registerModule("tgt_embed", new Embedding(tgtVocab, dModel, padIndex));
        for (Embedding e : shareEmbeddings ? new Embedding[]{srcEmbed} : new Embedding[]{srcEmbed, tgtEmbed}) {
            e.weight.data().copyFrom(io.sequoia.tensor.Elementwise.scalarOp(io.sequoia.tensor.Elementwise.Binary.MUL,
                    Init.normal(e.numEmbeddings(), dModel), Math.pow(dModel, -0.5)));   // N(0, 1/d): x·√d has unit scale
            for (int j = 0; j < dModel; j++) e.weight.data().setDouble(padIndex * dModel + j, 0);
        }
        positions = registerModule("positions", new SinusoidalPositionalEncoding(dModel, dropout, MAX_LEN, true));
        transformer = registerModule("transformer", new Transformer(dModel, nhead, encLayers, decLayers, dimFeedforward, dropout,
                "relu", 1e-5, true, normFirst));
        generator = tieOutput ? null : registerModule("generator", new Linear(dModel, tgtVocab));
        generatorBias = tieOutput ? registerParameter("generator_bias", new Parameter(Tensor.zeros(tgtVocab).data())) : null;
    }

    public static TransformerTranslator fromConfig(Map<String, Object> c) {
        return new TransformerTranslator(n(c, "src_vocab_size"), n(c, "tgt_vocab_size"), n(c, "d_model"), n(c, "nhead"),
                n(c, "num_encoder_layers"), n(c, "num_decoder_layers"), n(c, "dim_feedforward"), ((Number) c.get("dropout")).doubleValue(),
                (Boolean) c.get("norm_first"), (Boolean) c.get("share_embeddings"), (Boolean) c.get("tie_output"), n(c, "pad_index"));
    }

    private static int n(Map<String, Object> c, String k) { return ((Number) c.get(k)).intValue(); }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("src_vocab_size", srcVocab);
        c.put("tgt_vocab_size", tgtVocab);
        c.put("d_model", dModel);
        c.put("nhead", nhead);
        c.put("num_encoder_layers", encLayers);
        c.put("num_decoder_layers", decLayers);
        c.put("dim_feedforward", dimFeedforward);
        c.put("dropout", dropout);
        c.put("norm_first", normFirst);
        c.put("share_embeddings", shareEmbeddings);
        c.put("tie_output", tieOutput);
        c.put("pad_index", padIndex);
        return c;
    }

    @Override public int sourceVocabSize() { return srcVocab; }
    @Override public int targetVocabSize() { return tgtVocab; }

    private Tensor embed(Embedding e, Tensor ids, int offset) {
        return positions.forward(e.forward(ids).mul(Math.sqrt(dModel)), offset);   // (N, L, d)
    }

    private Tensor project(Tensor x) {
        // tied: x · Eᵀ + b read through the GEMM's transposed operand (no (V, d) transpose copy per step)
        return tieOutput ? io.sequoia.autograd.Functional.linear(x, tgtEmbed.weight, generatorBias) : generator.forward(x);   // (N, T, V)
    }

    /** The encoded source of k rows and each row's decoder cache. */
    public record State(Tensor memory, Tensor mask, DecoderCache cache) {}

    @Override public State encode(Tensor src, int[] srcLengths) {
        RecurrentTranslator.checkBatch("TransformerTranslator.encode", src, srcLengths);
        Tensor mask = LuongAttention.paddingMask(srcLengths, src.size(1), src.dtype());        // (N, S) 1 = padding
        Tensor memory = transformer.encoder.forward(embed(srcEmbed, src, 0), null, mask, false);   // (N, S, d)
        return new State(memory, mask, transformer.decoder.newCache());
    }

    @Override public Tensor logits(Tensor src, int[] srcLengths, Tensor tgtIn) {
        RecurrentTranslator.checkTarget(src, tgtIn);
        State s = encode(src, srcLengths);
        Tensor causal = Transformer.generateSquareSubsequentMask(tgtIn.size(1), src.dtype());
        Tensor y = transformer.decoder.forward(embed(tgtEmbed, tgtIn, 0), s.memory(), causal, null, null, s.mask(), true, false);
        return project(y);
    }

    /** The last decoder layer's cross-attention (N, T, S), averaged over heads. */
    @Override public Tensor attentionWeights(Tensor src, int[] srcLengths, Tensor tgtIn) {
        java.util.List<Tensor> layers = attentionLayers(src, srcLengths, tgtIn);
        return layers.get(layers.size() - 1);
    }

    /** Each decoder layer's cross-attention (N, T, S), averaged over heads, from the same pass as {@link #logits}. */
    @Override public java.util.List<Tensor> attentionLayers(Tensor src, int[] srcLengths, Tensor tgtIn) {
        RecurrentTranslator.checkTarget(src, tgtIn);
        State s = encode(src, srcLengths);
        Tensor causal = Transformer.generateSquareSubsequentMask(tgtIn.size(1), src.dtype());
        var r = transformer.decoder.forwardWithCrossAttention(embed(tgtEmbed, tgtIn, 0), s.memory(), causal, null, null, s.mask(), true, false);
        return r.weights().stream().map(w -> w.mean(1, false)).toList();        // (N, nhead, T, S) → (N, T, S)
    }

    @Override public StepDecoder<Object> stepDecoder() {
        return new StepDecoder<>() {
            @Override public Step<Object> step(Object states, int[] lastTokens) {
                State s = (State) states;
                Tensor in = Tensor.ofIndices(lastTokens).reshape(lastTokens.length, 1).to(s.memory().dtype());
                Tensor y = transformer.decoder.forwardStep(embed(tgtEmbed, in, s.cache().length()), s.memory(), s.cache(), s.mask());
                return new Step<>(project(y).squeeze(1).logSoftmax(-1), s);   // (k, V)
            }

            @Override public Object select(Object states, int[] rows) {
                State s = (State) states;
                Tensor idx = Tensor.ofIndices(rows);
                return new State(s.memory().indexSelect(0, idx), s.mask().indexSelect(0, idx), DecoderCaches.select(s.cache(), rows));
            }
        };
    }
}
