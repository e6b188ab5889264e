package io.sequoia.text;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.data.text.Sequences;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.train.keras.MaskedOutput;
import io.sequoia.train.keras.Masks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which tokens a {@link TextClassifier}'s decision rests on, one score per token the network read
 * (the vectorizer's tokens after truncation to {@code maxLen}; out-of-vocabulary ones included):
 * <ul>
 * <li>{@link #saliency}: gradient × input on the token embeddings — the sum over the embedding of
 *     ∂score/∂e · e, where the score is the class's log-probability. Positive: the token pushes
 *     towards the class. Every architecture.</li>
 * <li>{@link #attention}: for the Transformer classifier, the attention each token receives in the
 *     last layer, averaged over heads and over the querying tokens (the classifier mean-pools all
 *     positions). The recurrent and convolutional classifiers have no attention.</li>
 * </ul>
 */
public final class TokenAttribution {
    private TokenAttribution() {}

    /** One score per token the network read, for class {@code label}. */
    public record Scores(List<String> tokens, double[] scores, String label) {}

    /** The attention weights of the Transformer classifier: {@code [layer]} → (T, T), query rows, key columns, over {@code tokens}. */
    public record Attention(List<String> tokens, double[][][] layers) {}

    /** Gradient × input saliency for {@code label} (null: the predicted class). */
    public static Scores saliency(TextClassifier c, String text, String label) {
        String where = "TokenAttribution.saliency";
        int cls = label == null ? predicted(c, text) : c.classes().indexOf(label);
        if (cls < 0) throw Errors.arg(where, "unknown class", "one of " + c.classes(), label, null);
        Tensor ids = c.encode(List.of(text));                                            // (1, T)
        int[] pos = positions(c, text, ids.size(1));
        List<Module> layers = new ArrayList<>(c.model().module().namedChildren().values());
        Module net = c.model().module();
        boolean training = net.isTraining();
        List<Parameter> frozen = new ArrayList<>();
        for (Parameter p : net.parameters()) if (p.requiresGrad()) { p.requiresGrad(false); frozen.add(p); }   // no weight gradients
        net.eval();
        try (var g = GradMode.enableGrad()) {
            Tensor e, y;
            Tensor m;
            int first = 1;
            if (layers.get(0) instanceof TransformerTextEncoder tr) {
                e = leaf(tr.embed.forward(ids));                                           // (1, T, E)
                y = tr.forwardEmbedded(ids, e);
                m = null;
            } else {
                MaskedOutput o = Masks.forward(layers.get(0), ids, null);                   // the embedding, and its padding mask
                e = leaf(o.output());                                                      // (1, T, E)
                y = e;
                m = o.mask();
            }
            for (int i = first; i < layers.size(); i++) {
                MaskedOutput o = Masks.forward(layers.get(i), y, m);
                y = o.output();
                m = o.mask();
            }
            Tensor score = c.classes().size() == 2
                    ? (cls == 1 ? y : y.neg().add(1)).log().sum()                          // sigmoid output (1, 1)
                    : y.logSoftmax(1).select(1, cls).sum();                               // logits (1, C)
            score.backward();
            Tensor grad = e.grad();
            int t = ids.size(1), d = e.size(2);
            List<String> tokens = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            List<String> words = c.vectorizer().tokenizer().tokenize(text);
            for (int j = 0; j < t; j++) {
                if (pos[j] == 0) continue;
                double s = 0;
                for (int k = 0; k < d; k++) s += grad.get(0, j, k) * e.get(0, j, k);
                tokens.add(words.get(pos[j] - 1));
                scores.add(s);
            }
            return new Scores(tokens, scores.stream().mapToDouble(Double::doubleValue).toArray(), c.classes().get(cls));
        } finally {
            for (Parameter p : frozen) p.requiresGrad(true);
            net.train(training);
        }
    }

    /** The Transformer classifier's self-attention weights on {@code text}, every layer, averaged over heads, on the real tokens only. */
    public static Attention attention(TextClassifier c, String text) {
        Module first = c.model().module().namedChildren().values().iterator().next();
        if (!(first instanceof TransformerTextEncoder tr)) {
            throw Errors.arg("TokenAttribution.attention", "only the Transformer classifier has attention", "a transformer classifier",
                    c.spec().model(), "Hint: ask for saliency (gradient × input), which every classifier gives");
        }
        Tensor ids = c.encode(List.of(text));
        int[] pos = positions(c, text, ids.size(1));
        double[][][] all = tr.attentionMaps(ids);
        List<Integer> real = new ArrayList<>();
        for (int j = 0; j < pos.length; j++) if (pos[j] != 0) real.add(j);
        List<String> words = c.vectorizer().tokenizer().tokenize(text), tokens = new ArrayList<>();
        for (int j : real) tokens.add(words.get(pos[j] - 1));
        double[][][] out = new double[all.length][real.size()][real.size()];
        for (int l = 0; l < all.length; l++) for (int a = 0; a < real.size(); a++) for (int b = 0; b < real.size(); b++) out[l][a][b] = all[l][real.get(a)][real.get(b)];
        return new Attention(tokens, out);
    }

    /** Attention each token receives in the last layer, averaged over the querying tokens. */
    public static double[] received(Attention a) {
        double[][] last = a.layers()[a.layers().length - 1];
        int n = last.length;
        double[] r = new double[n];
        for (double[] row : last) for (int j = 0; j < n; j++) r[j] += row[j] / n;
        return r;
    }

    private static int predicted(TextClassifier c, String text) {
        double[] p = c.probabilities(List.of(text))[0];
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    /** For each of the T input positions, the 1-based index of the token it holds, 0 for padding (the vectorizer's padding and truncation). */
    private static int[] positions(TextClassifier c, String text, int t) {
        int n = c.vectorizer().tokenizer().tokenize(text).size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i + 1;
        Map<String, Object> v = c.vectorizer().config();
        return Sequences.padSequences(List.of(idx), t, Sequences.Side.parse(String.valueOf(v.get("padding"))),
                Sequences.Side.parse(String.valueOf(v.get("truncating"))), 0)[0];
    }

    private static Tensor leaf(Tensor t) { return t.detach().requiresGrad(true); }
}
