package io.sequoia.tagging;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Embedding;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.conv.Conv1d;
import io.sequoia.nn.crf.CRF;
import io.sequoia.nn.crf.TransitionConstraints;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tagger network: word embedding ⊕ character features ⊕ casing embedding → dropout →
 * bidirectional LSTM or GRU → dropout → linear emissions → CRF (or a softmax per token).
 * <pre>
 * char "cnn"   Ma &amp; Hovy 2016: char embedding → dropout → Conv1d(window 3, same padding) → max over the word's characters
 * char "lstm"  Lample et al. 2016: char embedding → BiLSTM over the word → final forward ⊕ backward states
 * char "none"  words and casing only
 * casing       Reimers &amp; Gurevych's eight classes (padding, numeric, mainly numeric, all lower, all upper,
 *              initial upper, contains a digit, other) as a small trained embedding
 * </pre>
 * Children: {@code word_embedding}, {@code char_embedding}, {@code char_cnn} or {@code char_lstm},
 * {@code casing_embedding}, {@code dropout}, {@code rnn}, {@code hidden2tag}, {@code crf}.
 * Emissions are (N, L, T); padded positions are masked in the loss and decoding.
 */
public class SequenceTagger extends Module {
    public static final List<String> CHAR_MODES = List.of("cnn", "lstm", "none"), RNN_TYPES = List.of("lstm", "gru");
    public static final int CASING_CLASSES = 8, CHAR_WINDOW = 3;
    /** Added to the char-CNN outputs at padded character positions so the max never picks them. */
    static final double PAD_PENALTY = -1e4;

    private final int vocabSize, embedDim, charVocabSize, charDim, charFeatures, casingDim, hiddenSize, numTags;
    private final String charMode, rnnType;
    private final double dropoutP;
    private final boolean useCrf;
    public final Embedding wordEmbedding, charEmbedding, casingEmbedding;
    private final Conv1d charCnn;
    private final LSTM charLstm;
    private final RNNBase rnn;
    private final Dropout dropout;
    public final Linear hidden2tag;
    public final CRF crf;

    /**
     * @param charFeatures CNN filters, or twice the char BiLSTM's hidden size
     * @param constraints  CRF transition constraints (null: none; ignored without a CRF)
     */
    public SequenceTagger(int vocabSize, int embedDim, int charVocabSize, int charDim, String charMode, int charFeatures,
                          int casingDim, String rnnType, int hiddenSize, double dropout, int numTags, boolean useCrf,
                          TransitionConstraints constraints) {
        String w = "SequenceTagger";
        if (!CHAR_MODES.contains(charMode)) throw Errors.arg(w, "unknown char mode", CHAR_MODES, charMode, null);
        if (!RNN_TYPES.contains(rnnType)) throw Errors.arg(w, "unknown rnn type", RNN_TYPES, rnnType, null);
        if (charMode.equals("lstm") && charFeatures % 2 != 0) throw Errors.arg(w, "char BiLSTM features must be even (two directions)", "an even number", charFeatures, null);
        if (!(dropout >= 0 && dropout < 1)) throw Errors.arg(w, "dropout must be in [0, 1)", "[0, 1)", dropout, null);
        this.vocabSize = vocabSize;
        this.embedDim = embedDim;
        this.charVocabSize = charVocabSize;
        this.charDim = charDim;
        this.charMode = charMode;
        this.charFeatures = charMode.equals("none") ? 0 : charFeatures;
        this.casingDim = casingDim;
        this.rnnType = rnnType;
        this.hiddenSize = hiddenSize;
        this.dropoutP = dropout;
        this.numTags = numTags;
        this.useCrf = useCrf;
        wordEmbedding = registerModule("word_embedding", new Embedding(vocabSize, embedDim, 0));
        uniform(wordEmbedding, Math.sqrt(3.0 / embedDim));
        charEmbedding = charMode.equals("none") ? null : registerModule("char_embedding", new Embedding(charVocabSize, charDim, 0));
        if (charEmbedding != null) uniform(charEmbedding, Math.sqrt(3.0 / charDim));
        charCnn = charMode.equals("cnn") ? registerModule("char_cnn", new Conv1d(charDim, charFeatures, CHAR_WINDOW, 1, "same", 1, 1, true)) : null;
        charLstm = charMode.equals("lstm") ? registerModule("char_lstm", new LSTM(charDim, charFeatures / 2, 1, true, true, 0, true)) : null;
        casingEmbedding = casingDim > 0 ? registerModule("casing_embedding", new Embedding(CASING_CLASSES, casingDim, 0)) : null;
        this.dropout = registerModule("dropout", new Dropout(dropout));
        int in = embedDim + this.charFeatures + Math.max(casingDim, 0);
        rnn = registerModule("rnn", rnnType.equals("gru") ? new GRU(in, hiddenSize, 1, true, true, 0, true)
                : new LSTM(in, hiddenSize, 1, true, true, 0, true));
        hidden2tag = registerModule("hidden2tag", new Linear(2 * hiddenSize, numTags));
        crf = useCrf ? registerModule("crf", new CRF(numTags, true).constraints(constraints)) : null;
    }

    private static void uniform(Embedding e, double bound) {
        NDArray w = e.weight.data();
        w.copyFrom(NDArray.uniform(w.dtype(), io.sequoia.tensor.Generator.global(), -bound, bound, w.shape()));
        for (int j = 0; j < e.embeddingDim(); j++) w.setDouble(j, 0);   // padding row
    }

    @SuppressWarnings("unchecked")
    public static SequenceTagger fromConfig(Map<String, Object> c) {
        TransitionConstraints k = null;
        if (c.get("constraints") instanceof Map<?, ?> m) k = TransitionConstraints.forScheme((String) m.get("scheme"), (List<String>) m.get("labels"));
        return new SequenceTagger(num(c, "vocab_size"), num(c, "embed_dim"), num(c, "char_vocab_size"), num(c, "char_dim"),
                (String) c.get("char_mode"), num(c, "char_features"), num(c, "casing_dim"), (String) c.get("rnn_type"),
                num(c, "hidden_size"), ((Number) c.get("dropout")).doubleValue(), num(c, "num_tags"), Boolean.TRUE.equals(c.get("crf")), k);
    }

    private static int num(Map<String, Object> c, String k) {
        if (!(c.get(k) instanceof Number n)) throw Errors.arg("SequenceTagger.fromConfig", "missing number", k, c.get(k), null);
        return n.intValue();
    }

    /** Emissions (N, L, T) for a batch. */
    public Tensor emissions(TaggerBatch b) {
        int n = b.size(), len = b.words().size(1);
        Tensor x = wordEmbedding.forward(b.words());                                       // (N, L, E)
        if (charEmbedding != null) x = Tensor.concat(2, x, charFeatures(b).reshape(n, len, charFeatures));
        if (casingEmbedding != null) x = Tensor.concat(2, x, casingEmbedding.forward(b.casing()));
        x = dropout.forward(x);                                                             // (N, L, in)
        Tensor h = rnn instanceof LSTM l ? l.forward(x, null, null, b.lengths()).output()
                : ((GRU) rnn).forward(x, null, b.lengths()).output();                       // (N, L, 2H)
        return hidden2tag.forward(dropout.forward(h));                                      // (N, L, T)
    }

    /** Character features of every position (N·L, F), computed once per distinct word of the batch. */
    private Tensor charFeatures(TaggerBatch b) {
        int u = b.chars().size(0), c = b.chars().size(1);
        Tensor e = dropout.forward(charEmbedding.forward(b.chars()));                       // (U, C, charDim)
        Tensor perWord;
        if (charCnn != null) {
            Tensor conv = charCnn.forward(e.transpose(1, 2));                               // (U, F, C)
            double[] pen = new double[u * c];
            for (int i = 0; i < u; i++) for (int t = b.charLengths()[i]; t < c; t++) pen[i * c + t] = PAD_PENALTY;
            Tensor penalty = new Tensor(NDArray.wrap(pen, u, 1, c).to(conv.dtype()));
            perWord = conv.add(penalty).max(2, false).values();                             // (U, F)
        } else {
            Tensor hN = charLstm.forward(e, null, null, b.charLengths()).hN();              // (2, U, F/2)
            perWord = hN.transpose(0, 1).reshape(u, charFeatures);                          // (U, F)
        }
        return perWord.indexSelect(0, b.charIndex());                                       // (N·L, F)
    }

    /** The training loss of a batch: −log-likelihood (CRF) or cross-entropy, averaged over sentences. */
    public Tensor loss(TaggerBatch b) { return loss(emissions(b), b); }

    /** The loss from emissions already computed for {@code b}. */
    public Tensor loss(Tensor em, TaggerBatch b) {
        if (crf != null) return crf.forward(em, b.tags(), b.mask(), "mean").neg();
        int n = b.size(), len = b.words().size(1);
        Tensor logp = em.logSoftmax(2).reshape(n * len, numTags);
        Tensor picked = logp.gather(1, b.tags().reshape(n * len, 1)).reshape(n * len);
        return picked.mul(b.mask().reshape(n * len)).sum().neg().div(n);
    }

    /** The best tag ids of each sentence (CRF: Viterbi; softmax: argmax per token). */
    public List<int[]> decode(TaggerBatch b) { return decode(emissions(b), b); }

    /** The best tag ids from emissions already computed for {@code b}. */
    public List<int[]> decode(Tensor em, TaggerBatch b) {
        if (crf != null) return crf.decode(em, b.mask());
        Tensor best = em.argmax(2, false);                                                  // (N, L)
        List<int[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            int[] p = new int[b.lengths()[i]];
            for (int t = 0; t < p.length; t++) p[t] = (int) best.get(i, t);
            out.add(p);
        }
        return out;
    }

    public boolean usesCrf() { return useCrf; }
    public int vocabSize() { return vocabSize; }
    public int charVocabSize() { return charVocabSize; }
    public int numTags() { return numTags; }
    public String charMode() { return charMode; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>(super.config());
        c.put("vocab_size", vocabSize);
        c.put("embed_dim", embedDim);
        c.put("char_vocab_size", charVocabSize);
        c.put("char_dim", charDim);
        c.put("char_mode", charMode);
        c.put("char_features", charFeatures);
        c.put("casing_dim", casingDim);
        c.put("rnn_type", rnnType);
        c.put("hidden_size", hiddenSize);
        c.put("dropout", dropoutP);
        c.put("num_tags", numTags);
        c.put("crf", useCrf);
        if (crf != null && crf.constraints() != null) c.put("constraints", crf.config().get("constraints"));
        return c;
    }
}
