package io.sequoia.nn.attention;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * Additive attention of Bahdanau et al. (2015): {@code score(q, k) = v · tanh(W_q q + b + W_k k)}
 * with {@code linear_query} (A, H_q) with bias, {@code linear_context} (A, H_k) without, and
 * {@code v} (1, A) without (OpenNMT's names for its "mlp" attention), softmax over the positions
 * that are not padding, context = weights · values. All L queries are scored in one batched pass.
 * <pre>
 * query (N, L, H_q)   keys (N, S, H_k)   values (N, S, H_v)
 * keyPaddingMask (N, S): 1 = padding; or null. Every sequence needs at least one real position.
 * context (N, L, H_v)   weights (N, L, S)
 * </pre>
 */
public class AdditiveAttention extends Module {
    private final int querySize, keySize, attentionSize;
    public final Linear linearQuery, linearContext, v;

    public AdditiveAttention(int querySize, int keySize, int attentionSize) {
        if (querySize <= 0 || keySize <= 0 || attentionSize <= 0) {
            throw Errors.arg("AdditiveAttention", "sizes must be positive", "> 0", Math.min(querySize, Math.min(keySize, attentionSize)), null);
        }
        this.querySize = querySize;
        this.keySize = keySize;
        this.attentionSize = attentionSize;
        linearQuery = registerModule("linear_query", new Linear(querySize, attentionSize, true));
        linearContext = registerModule("linear_context", new Linear(keySize, attentionSize, false));
        v = registerModule("v", new Linear(attentionSize, 1, false));
    }

    public static AdditiveAttention fromConfig(Map<String, Object> c) {
        return new AdditiveAttention(((Number) c.get("query_size")).intValue(), ((Number) c.get("key_size")).intValue(),
                ((Number) c.get("attention_size")).intValue());
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("query_size", querySize);
        c.put("key_size", keySize);
        c.put("attention_size", attentionSize);
        return c;
    }

    public AttentionOutput forward(Tensor query, Tensor keys, Tensor values, Tensor keyPaddingMask) {
        LuongAttention.checkShapes("AdditiveAttention.forward", query, keys, values, keyPaddingMask, querySize, keySize);
        return attendProjected(query, projectKeys(keys), values, keyPaddingMask);
    }

    /** W_k k: (N, S, A), computed once per source when decoding. */
    public Tensor projectKeys(Tensor keys) { return linearContext.forward(keys); }

    public AttentionOutput attendProjected(Tensor query, Tensor projectedKeys, Tensor values, Tensor keyPaddingMask) {
        Tensor q = linearQuery.forward(query).unsqueeze(2);                  // (N, L, 1, A)
        Tensor k = projectedKeys.unsqueeze(1);                               // (N, 1, S, A)
        Tensor scores = v.forward(q.add(k).tanh()).squeeze(3);               // (N, L, S)
        if (keyPaddingMask != null) scores = scores.maskedFill(keyPaddingMask.unsqueeze(1), Double.NEGATIVE_INFINITY);
        Tensor weights = scores.softmax(-1);                                 // (N, L, S)
        return new AttentionOutput(weights.bmm(values), weights);            // (N, L, H_v)
    }
}
