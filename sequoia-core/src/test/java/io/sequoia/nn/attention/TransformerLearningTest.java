package io.sequoia.nn.attention;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Parameter;
import io.sequoia.nn.loss.CrossEntropyLoss;
import io.sequoia.optim.Adam;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny Transformer learns to reverse digit sequences (seeded, a few seconds): the loss falls 10×, greedy decoding is right. */
class TransformerLearningTest {
    static final int DIGITS = 10, BOS = 10, LEN = 5, D = 32;

    @Test
    void learnsToReverseDigitSequences() {
        Generator.manualSeed(2024);
        Generator data = new Generator(1);
        TokenPositionEmbedding embed = new TokenPositionEmbedding(DIGITS + 1, D, LEN + 1, TokenPositionEmbedding.SINUSOIDAL, 0, true);
        Transformer model = new Transformer(D, 4, 1, 1, 64, 0, "relu", 1e-5, true, false);
        Linear head = new Linear(D, DIGITS);
        List<Parameter> params = new ArrayList<>(embed.parameters());
        params.addAll(model.parameters());
        params.addAll(head.parameters());
        Adam opt = new Adam(params, 3e-3);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Tensor causal = Transformer.generateSquareSubsequentMask(LEN);
        double first = 0, last = 0;
        int steps = 100;
        for (int step = 0; step < steps; step++) {
            Tensor[] b = batch(data, 32);                                           // src, tgt in, tgt out
            Tensor out = model.forward(embed.forward(b[0]), embed.forward(b[1]), null, causal, null, null, null, null);
            Tensor loss = ce.forward(head.forward(out).reshape(-1, DIGITS), b[2].reshape(-1));
            opt.zeroGrad();
            loss.backward();
            opt.step();
            if (step < 5) first += loss.item() / 5;
            if (step >= steps - 5) last += loss.item() / 5;
        }
        assertTrue(last < first / 10, "loss fell from " + first + " to " + last);
        model.eval();
        Tensor[] b = batch(data, 1);
        try (var ng = GradMode.noGrad()) {                                          // greedy decoding with the KV cache
            Tensor memory = model.encoder.forward(embed.forward(b[0]));
            DecoderCache cache = model.decoder.newCache();
            int tok = BOS;
            for (int t = 0; t < LEN; t++) {
                Tensor h = model.decoder.forwardStep(embed.forward(Tensor.ofIndices(tok).reshape(1, 1), t), memory, cache, null);
                tok = (int) head.forward(h).reshape(DIGITS).argmax(0, false).item();
                assertEquals((int) b[2].get(0, t), tok, "digit " + t);
            }
        }
    }

    /** Random digit sequences: {src (N, LEN), tgt input (N, LEN) = BOS + reversed[:-1], target (N, LEN) = reversed}. */
    private static Tensor[] batch(Generator g, int n) {
        float[] src = new float[n * LEN], tin = new float[n * LEN], tout = new float[n * LEN];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < LEN; t++) src[i * LEN + t] = g.nextInt(DIGITS);
            for (int t = 0; t < LEN; t++) {
                tout[i * LEN + t] = src[i * LEN + LEN - 1 - t];
                tin[i * LEN + t] = t == 0 ? BOS : tout[i * LEN + t - 1];
            }
        }
        return new Tensor[]{Tensor.of(src, n, LEN), Tensor.of(tin, n, LEN), Tensor.of(tout, n, LEN)};
    }
}
