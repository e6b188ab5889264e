package io.sequoia.nn.attention;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The decoder layers' cross-attention weights: the output of {@code forwardWithCrossAttention} is
 * {@code forward}'s to the bit, and the weights are softmax((q·Wq + bq)(m·Wk + bk)ᵀ/√d_head) per head
 * over the memory positions that are not padding, computed here by hand from the layer's parameters
 * and the normalised input the cross-attention reads (norm2(x) pre-norm, x after norm1 post-norm).
 */
class DecoderCrossAttentionTest {
    static final int D = 8, H = 2, T = 4, S = 5, N = 2;

    @Test void weightsAreTheSoftmaxOfTheScaledScoresPerHead() {
        for (boolean normFirst : new boolean[]{true, false}) {
            Generator.manualSeed(11);
            TransformerDecoderLayer layer = new TransformerDecoderLayer(D, H, 16, 0, "relu", 1e-5, true, normFirst);
            layer.eval();
            Tensor tgt = AttentionTest.randn(DType.FLOAT32, 3, N, T, D), memory = AttentionTest.randn(DType.FLOAT32, 4, N, S, D);
            Tensor padding = LuongAttention.paddingMask(new int[]{S, 3}, S, DType.FLOAT32);       // the second memory has 3 real positions
            Tensor causal = Transformer.generateSquareSubsequentMask(T, DType.FLOAT32);
            try (var g = GradMode.noGrad()) {
                Tensor plain = layer.forward(tgt, memory, causal, null, null, padding, true, false);
                var both = layer.forwardWithCrossAttention(tgt, memory, causal, null, null, padding, true, false);
                assertArrayEquals(plain.toFloatArray(), both.output().toFloatArray(), "normFirst " + normFirst + ": the output is forward's");
                assertArrayEquals(new int[]{N, H, T, S}, both.weights().shape());

                // the query the cross-attention reads
                Tensor x = tgt;
                Tensor q;
                if (normFirst) {
                    Tensor y = layer.norm1.forward(x);
                    x = x.add(layer.selfAttn.forward(y, y, y, null, false, causal, true, true).output());
                    q = layer.norm2.forward(x);
                } else {
                    q = layer.norm1.forward(x.add(layer.selfAttn.forward(x, x, x, null, false, causal, true, true).output()));
                }
                float[] w = layer.multiheadAttn.namedParameters().get("in_proj_weight").data().toFloatArray();   // (3D, D)
                float[] b = layer.multiheadAttn.namedParameters().get("in_proj_bias").data().toFloatArray();     // (3D)
                float[] qf = q.toFloatArray(), mf = memory.toFloatArray(), got = both.weights().toFloatArray();
                int dh = D / H;
                for (int n = 0; n < N; n++) {
                    int real = n == 0 ? S : 3;
                    for (int h = 0; h < H; h++) {
                        for (int t = 0; t < T; t++) {
                            double[] score = new double[S];
                            double max = Double.NEGATIVE_INFINITY;
                            for (int s = 0; s < real; s++) {
                                double dot = 0;
                                for (int k = 0; k < dh; k++) {
                                    int row = h * dh + k;
                                    double qv = b[row], kv = b[D + row];
                                    for (int e = 0; e < D; e++) {
                                        qv += w[row * D + e] * qf[(n * T + t) * D + e];
                                        kv += w[(D + row) * D + e] * mf[(n * S + s) * D + e];
                                    }
                                    dot += qv * kv;
                                }
                                score[s] = dot / Math.sqrt(dh);
                                max = Math.max(max, score[s]);
                            }
                            double z = 0;
                            for (int s = 0; s < real; s++) z += Math.exp(score[s] - max);
                            for (int s = 0; s < S; s++) {
                                double want = s < real ? Math.exp(score[s] - max) / z : 0;
                                assertEquals(want, got[((n * H + h) * T + t) * S + s], 1e-5, "normFirst " + normFirst + " n" + n + " h" + h + " t" + t + " s" + s);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test void theDecoderReturnsOneMatrixPerLayerAndForwardsOutput() {
        Generator.manualSeed(12);
        TransformerDecoder dec = new TransformerDecoder(new TransformerDecoderLayer(D, H, 16, 0, "relu", 1e-5, true, true), 3,
                new io.sequoia.nn.LayerNorm(new int[]{D}, 1e-5, true));
        dec.eval();
        Tensor tgt = AttentionTest.randn(DType.FLOAT32, 5, N, T, D), memory = AttentionTest.randn(DType.FLOAT32, 6, N, S, D);
        try (var g = GradMode.noGrad()) {
            var r = dec.forwardWithCrossAttention(tgt, memory, null, null, null, null, true, false);
            assertArrayEquals(dec.forward(tgt, memory, null, null, null, null, true, false).toFloatArray(), r.output().toFloatArray());
            assertEquals(3, r.weights().size());
            for (int l = 0; l < 3; l++) assertArrayEquals(new int[]{N, H, T, S}, r.weights().get(l).shape());
            assertFalse(java.util.Arrays.equals(r.weights().get(0).toFloatArray(), r.weights().get(2).toFloatArray()));
        }
    }
}
