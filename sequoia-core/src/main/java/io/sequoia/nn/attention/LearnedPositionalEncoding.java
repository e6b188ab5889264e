package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;

import java.util.Map;

/**
 * A learned absolute positional encoding (BERT/GPT style): a parameter {@code weight}
 * (maxLen, dModel) ~ N(0, 1), as an {@code nn.Embedding} of positions, whose first L rows are added
 * to the input, then dropout.
 * <pre>
 * input  (L, N, E), or (N, L, E) with batchFirst, or (L, E) unbatched     E = dModel, L &lt;= maxLen
 * output the input's shape
 * </pre>
 */
public class LearnedPositionalEncoding extends Module {
    public static final double DEFAULT_DROPOUT = 0.1;
    public static final boolean DEFAULT_BATCH_FIRST = false;

    private final int maxLen, dModel;
    private final double dropout;
    private final boolean batchFirst;
    public final Parameter weight;

    public LearnedPositionalEncoding(int maxLen, int dModel) { this(maxLen, dModel, DEFAULT_DROPOUT, DEFAULT_BATCH_FIRST); }

    public LearnedPositionalEncoding(int maxLen, int dModel, double dropout, boolean batchFirst) {
        String where = "LearnedPositionalEncoding";
        if (maxLen <= 0) throw Errors.arg(where, "maxLen must be positive", "> 0", maxLen, null);
        if (dModel <= 0) throw Errors.arg(where, "dModel must be positive", "> 0", dModel, null);
        if (!(dropout >= 0 && dropout <= 1)) throw Errors.arg(where, "dropout must be in [0, 1]", "0 <= dropout <= 1", dropout, null);
        this.maxLen = maxLen;
        this.dModel = dModel;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.weight = registerParameter("weight", new Parameter(Init.normal(maxLen, dModel)));
    }

    /**
     * Adds positions {@code 0 .. L-1}.
     * <pre>
     * input (L, N, E), or (N, L, E) with batchFirst, or (L, E) unbatched     output the input's shape
     * </pre>
     */
    @Override public Tensor forward(Tensor input) { return forward(input, 0); }

    /**
     * Adds positions {@code offset .. offset+L-1} (incremental decoding continues at the cached length).
     * <pre>
     * input (L, N, E), or (N, L, E) with batchFirst, or (L, E) unbatched     output the input's shape
     * </pre>
     */
    public Tensor forward(Tensor input, int offset) {
        Tensor x = SinusoidalPositionalEncoding.addPositions("LearnedPositionalEncoding.forward", input, weight, batchFirst, offset);
        return Functional.dropout(x, dropout, isTraining(), Generator.global());
    }

    public int maxLen() { return maxLen; }

    /** Rebuilds a LearnedPositionalEncoding from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static LearnedPositionalEncoding fromConfig(Map<String, Object> config) {
        Config c = Config.of("LearnedPositionalEncoding", config);
        return new LearnedPositionalEncoding(c.integer("max_len"), c.integer("d_model"), c.real("dropout"), c.bool("batch_first"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("max_len", maxLen);
        c.put("d_model", dModel);
        c.put("dropout", dropout);
        c.put("batch_first", batchFirst);
        return c;
    }
}
