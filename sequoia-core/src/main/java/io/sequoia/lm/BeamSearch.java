package io.sequoia.lm;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.data.decoding.Hypothesis;
import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.data.decoding.StepDecoder;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Indexing;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Reductions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Beam search over a recurrent {@link LanguageModel}, run by the decoder that translation uses too
 * ({@link io.sequoia.data.decoding.BeamSearch} over a {@link StepDecoder}): the prime is read into the
 * recurrent state, then the {@code width} most likely continuations are kept, a hypothesis ends at
 * the end token (which is not part of its tokens) or at {@code maxLength}, and finished hypotheses are
 * ranked by {@code log p / length^alpha} ({@link LengthPenalty#average}; alpha 0 = none). The beams run
 * as one batch; the recurrent states are reordered by parent at each step.
 */
public final class BeamSearch {
    private BeamSearch() {}

    public static Hypothesis search(LanguageModel m, Codec codec, String prime, int maxLength, int width, double alpha, Set<Integer> endTokens) {
        if (width < 1) throw Errors.arg("BeamSearch", "beam width must be at least 1", ">= 1", width, null);
        if (maxLength < 1) throw Errors.arg("BeamSearch", "maxLength must be at least 1", ">= 1", maxLength, null);
        if (!(alpha >= 0)) throw Errors.arg("BeamSearch", "alpha must be non-negative", ">= 0", alpha, null);
        if (endTokens.size() > 1) throw Errors.arg("BeamSearch", "at most one end token", "0 or 1 token", endTokens, null);
        if (m.state() == null) {
            throw Errors.arg("BeamSearch", "beam search needs a recurrent model", "an LSTM or GRU language model", m.getClass().getSimpleName(), null);
        }
        int[] primeIds = prime == null || prime.isEmpty() ? new int[]{Sampler.startToken(codec)} : codec.encode(prime);
        int eos = endTokens.isEmpty() ? -1 : endTokens.iterator().next();
        boolean training = m.isTraining();
        m.eval();
        try (var g = GradMode.noGrad(); var carry = new StateScope(m)) {
            if (primeIds.length > 1) m.forward(ids(java.util.Arrays.copyOf(primeIds, primeIds.length - 1)));   // the state before the last prime token
            StepDecoder<Map<String, NDArray>> decoder = new Steps(m);
            return io.sequoia.data.decoding.BeamSearch.decode(decoder, m.state().states(), 1, primeIds[primeIds.length - 1], eos,
                    new int[]{maxLength}, width, LengthPenalty.average(alpha), 1).get(0).get(0);
        } finally {
            m.train(training);
        }
    }

    private static Tensor ids(int[] ids) {
        float[] f = new float[ids.length];
        for (int i = 0; i < f.length; i++) f[i] = ids[i];
        return new Tensor(NDArray.wrap(f, 1, ids.length));
    }

    /** One step of a recurrent language model for k hypotheses; the state is the layer's carried (h, c), rows in dim 1. */
    private record Steps(LanguageModel m) implements StepDecoder<Map<String, NDArray>> {
        @Override public Step<Map<String, NDArray>> step(Map<String, NDArray> states, int[] last) {
            m.state().loadStates(states);
            float[] f = new float[last.length];
            for (int i = 0; i < f.length; i++) f[i] = last[i];
            Tensor logits = m.forward(new Tensor(NDArray.wrap(f, last.length, 1))).select(1, 0);    // (k, V)
            return new Step<>(new Tensor(Reductions.softmax(logits.data(), 1, true)), m.state().states());
        }

        @Override public Map<String, NDArray> select(Map<String, NDArray> states, int[] rows) {
            float[] idx = new float[rows.length];
            for (int i = 0; i < idx.length; i++) idx[i] = rows[i];
            NDArray index = NDArray.wrap(idx, idx.length);
            Map<String, NDArray> out = new LinkedHashMap<>();
            states.forEach((k, a) -> out.put(k, Indexing.indexSelect(a, 1, index)));
            return out;
        }
    }
}
