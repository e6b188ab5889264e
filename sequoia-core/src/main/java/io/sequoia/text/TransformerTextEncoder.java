package io.sequoia.text;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.nn.attention.TokenPositionEmbedding;
import io.sequoia.nn.attention.TransformerEncoder;
import io.sequoia.nn.attention.TransformerEncoderLayer;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * A Transformer sentence encoder for classification: token + learned position embeddings
 * ({@link TokenPositionEmbedding}, key prefix {@code embed.}), a pre-norm {@link TransformerEncoder}
 * (key prefix {@code encoder.}) that ignores padding (token id 0) through its key padding mask, and
 * the mean of the outputs over the real tokens.
 * <pre>
 * input (N, T) token ids, 0 = padding, T ≤ maxLen   output (N, dModel)
 * </pre>
 */
public class TransformerTextEncoder extends Module {
    private final int vocabSize, dModel, nhead, numLayers, dimFeedforward, maxLen;
    private final double dropout;
    public final TokenPositionEmbedding embed;
    public final TransformerEncoder encoder;

    public TransformerTextEncoder(int vocabSize, int dModel, int nhead, int numLayers, int dimFeedforward, double dropout, int maxLen) {
        if (numLayers < 1) throw Errors.arg("TransformerTextEncoder", "numLayers must be at least 1", ">= 1", numLayers, null);
        this.vocabSize = vocabSize;
        this.dModel = dModel;
        this.nhead = nhead;
        this.numLayers = numLayers;
        this.dimFeedforward = dimFeedforward;
        this.dropout = dropout;
        this.maxLen = maxLen;
        this.embed = registerModule("embed", new TokenPositionEmbedding(vocabSize, dModel, maxLen, TokenPositionEmbedding.LEARNED, dropout, true, 0));
        this.encoder = registerModule("encoder", new TransformerEncoder(
                new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, "gelu", 1e-5, true, true), numLayers,
                new io.sequoia.nn.LayerNorm(new int[]{dModel}, 1e-5, true)));
    }

    @Override public Tensor forward(Tensor ids) {
        if (ids.dim() != 2 || ids.size(1) > maxLen) {
            throw Errors.shape("TransformerTextEncoder.forward", "input must be (N, T) token ids with T <= maxLen", "(N, <= " + maxLen + ")",
                    ids.shapeString(), null);
        }
        return forwardEmbedded(ids, embed.forward(ids));
    }

    /**
     * The encoder after the embedding: {@code embedded} is {@code embed.forward(ids)} (or a tensor
     * standing for it, e.g. a leaf for gradient × input saliency); the padding comes from {@code ids}.
     * <pre>
     * ids (N, T)   embedded (N, T, dModel)   output (N, dModel)
     * </pre>
     */
    public Tensor forwardEmbedded(Tensor ids, Tensor embedded) {
        Tensor pad = paddingMask(ids);                                                     // (N, T): 1 = padding
        Tensor h = encoder.forward(embedded, null, pad, false);                            // (N, T, E)
        Tensor w = pad.neg().add(1).unsqueeze(2).to(h.dtype());                           // (N, T, 1): 1 = real
        return h.mul(w).sum(1, false).div(w.sum(1, false));                                // (N, E)
    }

    /** (N, T) with 1 at padding (id 0); an empty text attends to its first position. */
    static Tensor paddingMask(Tensor ids) {
        int n = ids.size(0), t = ids.size(1);
        NDArray pad = NDArray.zeros(ids.dtype(), n, t);
        for (int i = 0; i < n; i++) {
            boolean any = false;
            for (int j = 0; j < t; j++) {
                boolean real = ids.data().getDouble(i * t + j) != 0;
                any |= real;
                pad.setDouble(i * t + j, real ? 0 : 1);
            }
            if (!any) pad.setDouble(i * t, 0);
        }
        return new Tensor(pad);
    }

    /**
     * The self-attention weights of every layer for one row of token ids (N = 1, no dropout), averaged
     * over the heads: {@code [layer]} → a (T, T) row-stochastic matrix, query rows by key columns
     * (padding columns get 0). Each layer's attention is re-run with its weights asked for, as the
     * fused layer itself does not return them.
     */
    public double[][][] attentionMaps(Tensor ids) {
        if (ids.dim() != 2 || ids.size(0) != 1) throw Errors.shape("TransformerTextEncoder.attentionMaps", "ids must be one row (1, T)", "(1, T)", ids.shapeString(), null);
        int t = ids.size(1), layers = encoder.numLayers();
        double[][][] maps = new double[layers][t][t];
        boolean training = isTraining();
        eval();
        try (var g = io.sequoia.autograd.GradMode.noGrad()) {
            Tensor pad = paddingMask(ids), x = embed.forward(ids);                          // (1, T, E)
            for (int k = 0; k < layers; k++) {
                TransformerEncoderLayer layer = encoder.layer(k);
                Tensor q = layer.norm1.forward(x);                                         // pre-norm: attention reads norm1(x)
                Tensor w = layer.selfAttn.forward(q, q, q, pad, true, null).weights();     // (1, T, T), averaged over heads
                for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) maps[k][i][j] = w.get(0, i, j);
                x = layer.forward(x, null, pad, false);
            }
        } finally {
            train(training);
        }
        return maps;
    }

    /** Rebuilds a TransformerTextEncoder from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static TransformerTextEncoder fromConfig(Map<String, Object> config) {
        Config c = Config.of("TransformerTextEncoder", config);
        return new TransformerTextEncoder(c.integer("vocab_size"), c.integer("d_model"), c.integer("nhead"), c.integer("num_layers"),
                c.integer("dim_feedforward"), c.real("dropout"), c.integer("max_len"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("vocab_size", vocabSize);
        c.put("d_model", dModel);
        c.put("nhead", nhead);
        c.put("num_layers", numLayers);
        c.put("dim_feedforward", dimFeedforward);
        c.put("dropout", dropout);
        c.put("max_len", maxLen);
        return c;
    }
}
