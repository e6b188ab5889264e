package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Embedding;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

import java.util.Locale;
import java.util.Map;

/**
 * Token embedding plus positional encoding, the input stage of a Transformer: {@code token}
 * (an {@link Embedding}, key {@code token.weight}) then {@code position}, either
 * {@link SinusoidalPositionalEncoding} (the token embeddings are first scaled by √dModel, as in
 * Vaswani et al., and so start N(0, 1/dModel) to keep unit variance after the scaling) or {@link LearnedPositionalEncoding} (key {@code position.weight}, no scaling,
 * as GPT). Dropout after the sum.
 * <pre>
 * input  (L, N), or (N, L) with batchFirst, or (L) unbatched: integer token ids in [0, vocabSize)
 * output (L, N, E), or (N, L, E), or (L, E)     E = dModel
 * </pre>
 */
public class TokenPositionEmbedding extends Module {
    public static final String SINUSOIDAL = "sinusoidal", LEARNED = "learned";

    private final int vocabSize, dModel, maxLen;
    private final String positional;
    private final double dropout;
    private final boolean batchFirst;
    public final Embedding token;
    private final Module position;

    public TokenPositionEmbedding(int vocabSize, int dModel, int maxLen, String positional, double dropout, boolean batchFirst) {
        this(vocabSize, dModel, maxLen, positional, dropout, batchFirst, Embedding.NO_PADDING);
    }

    public TokenPositionEmbedding(int vocabSize, int dModel, int maxLen, String positional, double dropout, boolean batchFirst,
                                  int paddingIdx) {
        String p = positional == null ? "" : positional.toLowerCase(Locale.ROOT);
        if (!p.equals(SINUSOIDAL) && !p.equals(LEARNED)) {
            throw Errors.arg("TokenPositionEmbedding", "unknown positional encoding", "sinusoidal or learned", positional, null);
        }
        this.vocabSize = vocabSize;
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.positional = p;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.token = registerModule("token", new Embedding(vocabSize, dModel, paddingIdx));
        if (p.equals(SINUSOIDAL)) token.weight.data().scaleInPlace(1 / Math.sqrt(dModel));
        this.position = registerModule("position", p.equals(SINUSOIDAL)
                ? new SinusoidalPositionalEncoding(dModel, dropout, maxLen, batchFirst)
                : new LearnedPositionalEncoding(maxLen, dModel, dropout, batchFirst));
    }

    /**
     * Token ids at positions {@code 0 .. L-1}.
     * <pre>
     * input (L, N), or (N, L) with batchFirst, or (L): token ids     output (L, N, E), (N, L, E) or (L, E)
     * </pre>
     */
    @Override public Tensor forward(Tensor input) { return forward(input, 0); }

    /**
     * Token ids at positions {@code offset .. offset+L-1} (incremental decoding).
     * <pre>
     * input (l, N), or (N, l) with batchFirst, or (l): token ids     output (l, N, E), (N, l, E) or (l, E)
     * </pre>
     */
    public Tensor forward(Tensor input, int offset) {
        AttentionCore.rank("TokenPositionEmbedding.forward", "input", input, 1, 2);
        Tensor x = token.forward(input);                                      // (*, E)
        if (position instanceof SinusoidalPositionalEncoding s) return s.forward(x.mul(Math.sqrt(dModel)), offset);
        return ((LearnedPositionalEncoding) position).forward(x, offset);
    }

    public int vocabSize() { return vocabSize; }
    public int dModel() { return dModel; }

    /** Rebuilds a TokenPositionEmbedding from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static TokenPositionEmbedding fromConfig(Map<String, Object> config) {
        Config c = Config.of("TokenPositionEmbedding", config);
        return new TokenPositionEmbedding(c.integer("vocab_size"), c.integer("d_model"), c.integer("max_len"), c.string("positional"),
                c.real("dropout"), c.bool("batch_first"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("vocab_size", vocabSize);
        c.put("d_model", dModel);
        c.put("max_len", maxLen);
        c.put("positional", positional);
        c.put("dropout", dropout);
        c.put("batch_first", batchFirst);
        return c;
    }
}
