package io.sequoia.lm;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Linear;
import io.sequoia.nn.attention.TokenPositionEmbedding;
import io.sequoia.nn.attention.TransformerEncoder;
import io.sequoia.nn.attention.TransformerEncoderLayer;
import io.sequoia.nn.recurrent.Stateful;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * A causal (GPT-style) Transformer language model: token + learned position embedding →
 * pre-norm {@code TransformerEncoder} layers with a causal mask → final LayerNorm → linear head.
 * <pre>
 * input (N, L ≤ contextLength) token ids   output (N, L, V) logits
 * </pre>
 */
public class TransformerLanguageModel extends LanguageModel {
    private final int vocab, dModel, nhead, layers, dimFeedforward, contextLength;
    private final double dropout;
    final TokenPositionEmbedding embed;
    final TransformerEncoder blocks;
    final LayerNorm norm;
    final Linear head;

    public TransformerLanguageModel(int vocab, int dModel, int nhead, int layers, int dimFeedforward, double dropout, int contextLength) {
        if (contextLength < 1) throw Errors.arg("TransformerLanguageModel", "contextLength must be positive", ">= 1", contextLength, null);
        this.vocab = vocab;
        this.dModel = dModel;
        this.nhead = nhead;
        this.layers = layers;
        this.dimFeedforward = dimFeedforward;
        this.dropout = dropout;
        this.contextLength = contextLength;
        embed = registerModule("embed", new TokenPositionEmbedding(vocab, dModel, contextLength, "learned", dropout, true));
        blocks = registerModule("blocks", new TransformerEncoder(
                new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, "gelu", 1e-5, true, true), layers));
        norm = registerModule("norm", new LayerNorm(dModel));
        head = registerModule("head", new Linear(dModel, vocab));
    }

    @Override public Tensor forward(Tensor ids) {
        checkIds(ids);
        Tensor x = embed.forward(ids);                                     // (N, L, dModel)
        x = blocks.forward(x, null, null, true);                           // causal self-attention
        return head.forward(norm.forward(x));                              // (N, L, V)
    }

    /**
     * The attention weights of every layer and head for one sequence of token ids (no dropout):
     * {@code [layer][head]} → an (L, L) row-stochastic matrix, query rows by key columns.
     */
    public double[][][][] attentionMaps(int[] ids) {
        float[] f = new float[ids.length];
        for (int i = 0; i < f.length; i++) f[i] = ids[i];
        Tensor in = new Tensor(io.sequoia.tensor.NDArray.wrap(f, 1, ids.length));
        checkIds(in);
        boolean training = isTraining();
        eval();
        int l = ids.length;
        double[][][][] maps = new double[blocks.numLayers()][][][];
        try (var g = io.sequoia.autograd.GradMode.noGrad()) {
            Tensor x = embed.forward(in);                                              // (1, L, dModel)
            for (int k = 0; k < blocks.numLayers(); k++) {
                TransformerEncoderLayer layer = blocks.layer(k);
                Tensor q = layer.norm1.forward(x);                                     // pre-norm: attention reads norm1(x)
                Tensor w = layer.selfAttn.forward(q, q, q, null, true, null, false, true).weights();   // (1, heads, L, L)
                maps[k] = new double[nhead][l][l];
                for (int h = 0; h < nhead; h++) for (int i = 0; i < l; i++) for (int j = 0; j < l; j++) maps[k][h][i][j] = w.get(0, h, i, j);
                x = layer.forward(x, null, null, true);
            }
        } finally {
            train(training);
        }
        return maps;
    }

    @Override public int vocabSize() { return vocab; }
    @Override public Stateful state() { return null; }
    @Override public int contextLength() { return contextLength; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("cell", "transformer");
        c.put("vocab_size", vocab);
        c.put("d_model", dModel);
        c.put("nhead", nhead);
        c.put("num_layers", layers);
        c.put("dim_feedforward", dimFeedforward);
        c.put("dropout", dropout);
        c.put("context_length", contextLength);
        return c;
    }

    /** Rebuilds a model from {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static TransformerLanguageModel fromConfig(Map<String, Object> config) {
        io.sequoia.nn.Config c = io.sequoia.nn.Config.of("TransformerLanguageModel", config);
        return new TransformerLanguageModel(c.integer("vocab_size"), c.integer("d_model"), c.integer("nhead"), c.integer("num_layers"),
                c.integer("dim_feedforward"), c.real("dropout"), c.integer("context_length"));
    }
}
