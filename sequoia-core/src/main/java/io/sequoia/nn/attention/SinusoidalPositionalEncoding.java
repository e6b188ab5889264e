package io.sequoia.nn.attention;

import io.sequoia.nn.Config;
import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * The fixed sinusoidal positional encoding of "Attention is all you need" (the PyTorch tutorial's
 * {@code PositionalEncoding}): adds {@code pe[:L]} to the input, then dropout.
 * {@code pe[p, 2i] = sin(p·div[i])}, {@code pe[p, 2i+1] = cos(p·div[i])},
 * {@code div[i] = exp(2i · (−ln 10000 / dModel))}. The table is not a parameter and is not saved
 * (the tutorial's buffer {@code pe} is recomputed here; load its checkpoints with strict = false).
 * <pre>
 * input  (L, N, E), or (N, L, E) with batchFirst, or (L, E) unbatched     E = dModel, L &lt;= maxLen
 * output the input's shape
 * </pre>
 */
public class SinusoidalPositionalEncoding extends Module {
    public static final double DEFAULT_DROPOUT = 0.1;
    public static final int DEFAULT_MAX_LEN = 5000;
    public static final boolean DEFAULT_BATCH_FIRST = false;

    private final int dModel, maxLen;
    private final double dropout;
    private final boolean batchFirst;
    private NDArray table32, table64;

    public SinusoidalPositionalEncoding(int dModel) { this(dModel, DEFAULT_DROPOUT, DEFAULT_MAX_LEN, DEFAULT_BATCH_FIRST); }

    public SinusoidalPositionalEncoding(int dModel, double dropout, int maxLen, boolean batchFirst) {
        String where = "SinusoidalPositionalEncoding";
        if (dModel <= 0) throw Errors.arg(where, "dModel must be positive", "> 0", dModel, null);
        if (maxLen <= 0) throw Errors.arg(where, "maxLen must be positive", "> 0", maxLen, null);
        if (!(dropout >= 0 && dropout <= 1)) throw Errors.arg(where, "dropout must be in [0, 1]", "0 <= dropout <= 1", dropout, null);
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
    }

    /**
     * The table (maxLen, dModel), computed in {@code dtype} the way the PyTorch tutorial does
     * (float32 arithmetic for float32). An odd dModel drops the last cosine column.
     */
    public static Tensor table(int maxLen, int dModel, DType dtype) {
        if (maxLen <= 0 || dModel <= 0) {
            throw Errors.arg("SinusoidalPositionalEncoding.table", "maxLen and dModel must be positive", "> 0",
                    "maxLen " + maxLen + ", dModel " + dModel, null);
        }
        NDArray pe = NDArray.zeros(dtype, maxLen, dModel);
        boolean f32 = dtype == DType.FLOAT32;
        double k = -Math.log(10000.0) / dModel;
        for (int i = 0; 2 * i < dModel; i++) {
            double div = f32 ? (float) Math.exp((float) (2 * i) * (float) k) : Math.exp(2 * i * k);
            for (int p = 0; p < maxLen; p++) {
                double arg = f32 ? (float) (p * (float) div) : p * div;
                pe.setDouble(p * dModel + 2 * i, Math.sin(arg));
                if (2 * i + 1 < dModel) pe.setDouble(p * dModel + 2 * i + 1, Math.cos(arg));
            }
        }
        return new Tensor(pe);
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
        Tensor x = addPositions("SinusoidalPositionalEncoding.forward", input, new Tensor(table(input.dtype())), batchFirst, offset);
        return Functional.dropout(x, dropout, isTraining(), Generator.global());
    }

    /** input + table[offset : offset+L] in the input's layout, after checking E and the positions; table (maxLen, E). */
    static Tensor addPositions(String where, Tensor input, Tensor table, boolean batchFirst, int offset) {
        AttentionCore.rank(where, "input", input, 2, 3);
        int maxLen = table.size(0), dModel = table.size(1);
        if (input.size(-1) != dModel) {
            throw Errors.shape(where, "input.size(-1) must equal dModel", dModel, input.size(-1), "input shape " + input.shapeString());
        }
        boolean unbatched = input.dim() == 2;
        int L = input.size(unbatched || !batchFirst ? 0 : 1);
        if (offset < 0 || offset + L > maxLen) {
            throw Errors.shape(where, "positions must lie within maxLen", "offset + L <= " + maxLen, offset + L,
                    "offset " + offset + ", input shape " + input.shapeString());
        }
        Tensor pe = table.narrow(0, offset, L);                              // (L, E)
        if (!unbatched && !batchFirst) pe = pe.unsqueeze(1);                  // (L, 1, E)
        return input.add(pe);
    }

    private NDArray table(DType dtype) {
        if (dtype == DType.FLOAT64) {
            if (table64 == null) table64 = table(maxLen, dModel, dtype).data();
            return table64;
        }
        if (table32 == null) table32 = table(maxLen, dModel, DType.FLOAT32).data();
        return table32;
    }

    public int dModel() { return dModel; }
    public int maxLen() { return maxLen; }

    /** Rebuilds a SinusoidalPositionalEncoding from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static SinusoidalPositionalEncoding fromConfig(Map<String, Object> config) {
        Config c = Config.of("SinusoidalPositionalEncoding", config);
        return new SinusoidalPositionalEncoding(c.integer("d_model"), c.real("dropout"), c.integer("max_len"), c.bool("batch_first"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("d_model", dModel);
        c.put("dropout", dropout);
        c.put("max_len", maxLen);
        c.put("batch_first", batchFirst);
        return c;
    }
}
