package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Locale;
import java.util.Map;

/**
 * Multiplicative attention of Luong et al. (2015): {@code score(q, k) = q · k} ("dot") or
 * {@code q · W k} ("general", W = {@code linear_in.weight} (H_q, H_k), no bias, OpenNMT's name),
 * softmax over the source positions that are not padding, context = weights · values.
 * <pre>
 * query (N, L, H_q)   keys (N, S, H_k)   values (N, S, H_v) (usually the keys)
 * keyPaddingMask (N, S): 1 = padding (not attended), 0 = a real position; or null
 * context (N, L, H_v)   weights (N, L, S)
 * </pre>
 * The keys' projection does not depend on the query, so decoding computes it once per source
 * ({@link #projectKeys}) and passes it to {@link #attendProjected} each step. float32 runs the fused
 * attention kernel (one head, scale 1); float64 runs its composed twin.
 */
public class LuongAttention extends Module {
    public enum Score { DOT, GENERAL }

    private final Score score;
    private final int querySize, keySize;
    public final Linear linearIn;

    public LuongAttention(Score score, int querySize, int keySize) {
        if (score == null) throw Errors.arg("LuongAttention", "score must be dot or general", "DOT or GENERAL", null, null);
        if (querySize <= 0 || keySize <= 0) throw Errors.arg("LuongAttention", "sizes must be positive", "> 0", querySize <= 0 ? querySize : keySize, null);
        if (score == Score.DOT && querySize != keySize) {
            throw Errors.arg("LuongAttention", "dot scores need querySize == keySize", querySize, keySize, "Hint: use general");
        }
        this.score = score;
        this.querySize = querySize;
        this.keySize = keySize;
        this.linearIn = score == Score.GENERAL ? registerModule("linear_in", new Linear(keySize, querySize, false)) : null;
    }

    public static LuongAttention fromConfig(Map<String, Object> c) {
        return new LuongAttention(Score.valueOf(((String) c.get("score")).toUpperCase(Locale.ROOT)),
                ((Number) c.get("query_size")).intValue(), ((Number) c.get("key_size")).intValue());
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("score", score.name().toLowerCase(Locale.ROOT));
        c.put("query_size", querySize);
        c.put("key_size", keySize);
        return c;
    }

    public AttentionOutput forward(Tensor query, Tensor keys, Tensor values, Tensor keyPaddingMask) {
        checkShapes("LuongAttention.forward", query, keys, values, keyPaddingMask, querySize, keySize);
        return attendProjected(query, projectKeys(keys), values, keyPaddingMask);
    }

    /** W k for "general", k for "dot": (N, S, H_q). */
    public Tensor projectKeys(Tensor keys) { return linearIn == null ? keys : linearIn.forward(keys); }

    /** Attention with keys already through {@link #projectKeys}. */
    public AttentionOutput attendProjected(Tensor query, Tensor projectedKeys, Tensor values, Tensor keyPaddingMask) {
        int n = query.size(0), l = query.size(1), s = projectedKeys.size(1);
        NDArray bias = keyPaddingMask == null ? null : AttentionCore.additive(keyPaddingMask, query.dtype()).reshape(n, 1, 1, s);
        Tensor[] r = AttentionCore.attend(query, projectedKeys, values, 1, bias, false, 1.0, 0.0, true, false);
        return new AttentionOutput(r[0], r[1].reshape(n, l, s));             // (N, L, H_v), (N, L, S)
    }

    static void checkShapes(String where, Tensor q, Tensor k, Tensor v, Tensor mask, int qs, int ks) {
        AttentionCore.rank(where, "query", q, 3);
        AttentionCore.rank(where, "keys", k, 3);
        AttentionCore.rank(where, "values", v, 3);
        if (q.size(2) != qs) throw Errors.shape(where, "query.size(-1) must equal querySize", qs, q.size(2), "query shape " + q.shapeString());
        if (k.size(2) != ks) throw Errors.shape(where, "keys.size(-1) must equal keySize", ks, k.size(2), "keys shape " + k.shapeString());
        if (k.size(0) != q.size(0) || v.size(0) != q.size(0)) {
            throw Errors.shape(where, "query, keys and values must have the same batch size", q.size(0), k.size(0) != q.size(0) ? k.size(0) : v.size(0), null);
        }
        if (v.size(1) != k.size(1)) throw Errors.shape(where, "values must have one row per key", k.size(1), v.size(1), "values shape " + v.shapeString());
        if (mask != null && (mask.dim() != 2 || mask.size(0) != q.size(0) || mask.size(1) != k.size(1))) {
            throw Errors.shape(where, "keyPaddingMask must be (N, S)", "[" + q.size(0) + ", " + k.size(1) + "]", mask.shapeString(), null);
        }
    }

    /** A padding mask (N, S) from lengths: 1 at positions at or after a sequence's length. */
    public static Tensor paddingMask(int[] lengths, int s, DType dtype) {
        NDArray m = NDArray.zeros(dtype, lengths.length, s);
        for (int i = 0; i < lengths.length; i++) for (int j = lengths[i]; j < s; j++) m.setDouble(i * s + j, 1);
        return new Tensor(m);
    }
}
