package io.sequoia.lm;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Text generation from a {@link LanguageModel}: greedy, or sampling with a temperature, top-k,
 * top-p (nucleus) and a repetition penalty (CTRL's: logits of tokens already in the text are
 * divided by the penalty when positive, multiplied when negative), after a priming text, from a
 * seed (the same seed repeats the same text). Tokens are streamed to a consumer as they come.
 */
public final class Sampler {
    private Sampler() {}

    /** Sampling options; {@code topK} 0 and {@code topP} 1 mean off; greedy ignores the rest. */
    public record Options(boolean greedy, double temperature, int topK, double topP, double repetitionPenalty, long seed) {
        public Options {
            if (!(temperature > 0)) throw Errors.arg("Sampler", "temperature must be positive", "> 0", temperature, "Hint: use greedy for the most likely token");
            if (topK < 0) throw Errors.arg("Sampler", "topK must be non-negative", ">= 0 (0 = off)", topK, null);
            if (!(topP > 0 && topP <= 1)) throw Errors.arg("Sampler", "topP must be in (0, 1]", "0 < topP <= 1", topP, null);
            if (!(repetitionPenalty >= 1)) throw Errors.arg("Sampler", "repetitionPenalty must be at least 1", ">= 1 (1 = off)", repetitionPenalty, null);
        }

        public static Options greedyDecoding() { return new Options(true, 1, 0, 1, 1, 0); }
        public static Options sampling(double temperature, int topK, double topP, long seed) { return new Options(false, temperature, topK, topP, 1, seed); }
    }

    /** Generates {@code length} tokens after {@code prime}; returns the generated text (without the prime). */
    public static String generate(LanguageModel m, Codec codec, String prime, int length, Options o, Consumer<String> stream) {
        if (length < 0) throw Errors.arg("Sampler.generate", "length must be non-negative", ">= 0", length, null);
        int[] primeIds = prime == null || prime.isEmpty() ? new int[0] : codec.encode(prime);
        Generator g = new Generator(o.seed());
        List<Integer> seen = new ArrayList<>();
        for (int id : primeIds) seen.add(id);
        StringBuilder out = new StringBuilder(prime == null ? "" : prime);
        int start = out.length();
        boolean training = m.isTraining();
        m.eval();
        try (var ng = GradMode.noGrad(); var carry = new StateScope(m)) {
            Stepper step = new Stepper(m);
            float[] logits = step.feed(primeIds.length > 0 ? primeIds : new int[]{startToken(codec)});
            for (int i = 0; i < length; i++) {
                int next = choose(logits, seen, o, g);
                seen.add(next);
                int before = out.length();
                codec.append(out, next);
                if (stream != null) stream.accept(out.substring(before));
                logits = step.feed(new int[]{next});
            }
        } finally {
            m.train(training);
        }
        return out.substring(start);
    }

    static int startToken(Codec codec) {
        int nl = codec.tokens().indexOf("\n");
        return nl >= 0 ? nl : 0;
    }

    /**
     * Feeds tokens one call after another: a recurrent model continues its carried state; an
     * attention model re-reads the last {@code contextLength} tokens of the history.
     */
    static final class Stepper {
        private final LanguageModel m;
        private final List<Integer> history = new ArrayList<>();

        Stepper(LanguageModel m) { this.m = m; }

        float[] feed(int[] ids) {
            if (m.state() != null) return lastLogits(m, ids);
            for (int id : ids) history.add(id);
            int from = Math.max(0, history.size() - m.contextLength());
            int[] window = new int[history.size() - from];
            for (int i = 0; i < window.length; i++) window[i] = history.get(from + i);
            return lastLogits(m, window);
        }
    }

    /** Feeds ids (continuing the carried state) and returns the logits after the last one. */
    static float[] lastLogits(LanguageModel m, int[] ids) {
        float[] f = new float[ids.length];
        for (int i = 0; i < ids.length; i++) f[i] = ids[i];
        Tensor logits = m.forward(new Tensor(NDArray.wrap(f, 1, ids.length)));        // (1, L, V)
        return logits.select(1, ids.length - 1).reshape(-1).toFloatArray();
    }

    /** Picks the next token from logits under the options. */
    static int choose(float[] logits, List<Integer> seen, Options o, Generator g) {
        double[] z = new double[logits.length];
        for (int i = 0; i < z.length; i++) z[i] = logits[i];
        if (o.repetitionPenalty() > 1) {
            Set<Integer> s = new HashSet<>(seen);
            for (int id : s) z[id] = z[id] > 0 ? z[id] / o.repetitionPenalty() : z[id] * o.repetitionPenalty();
        }
        if (o.greedy()) return argmax(z);
        for (int i = 0; i < z.length; i++) z[i] /= o.temperature();
        Integer[] order = new Integer[z.length];
        for (int i = 0; i < z.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
        int keep = o.topK() > 0 ? Math.min(o.topK(), z.length) : z.length;
        double max = z[order[0]], total = 0;
        double[] p = new double[keep];
        for (int r = 0; r < keep; r++) { p[r] = Math.exp(z[order[r]] - max); total += p[r]; }
        if (o.topP() < 1) {
            double cum = 0;
            int n = 0;
            while (n < keep) { cum += p[n] / total; n++; if (cum >= o.topP()) break; }
            keep = n;
            total = 0;
            for (int r = 0; r < keep; r++) total += p[r];
        }
        double u = g.nextDouble() * total;
        for (int r = 0; r < keep; r++) { u -= p[r]; if (u <= 0) return order[r]; }
        return order[keep - 1];
    }

    static int argmax(double[] z) {
        int best = 0;
        for (int i = 1; i < z.length; i++) if (z[i] > z[best]) best = i;
        return best;
    }
}
