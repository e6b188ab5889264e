package io.sequoia.translation;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.decoding.StepDecoder;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Embedding;
import io.sequoia.nn.Linear;
import io.sequoia.nn.attention.AdditiveAttention;
import io.sequoia.nn.attention.AttentionOutput;
import io.sequoia.nn.attention.LuongAttention;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.LstmOutput;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.nn.recurrent.RnnOutput;
import io.sequoia.tensor.Errors;

import java.util.Locale;
import java.util.Map;

/**
 * A recurrent encoder–decoder with attention (Sutskever/Cho/Bahdanau/Luong): a bidirectional
 * GRU or LSTM encoder over the packed source (padding never changes a sentence's encoding), its
 * final states through {@code bridge} (tanh) as the decoder's initial states, a unidirectional
 * decoder over the target embeddings, attention of each decoder output over the encoder outputs
 * ({@code general} / {@code dot}: Luong's multiplicative scores; {@code additive}: Bahdanau's,
 * {@code none}: no attention, the source's summary is only the initial state), the attentional
 * state {@code tanh(linear_out([context; h]))} and the {@code generator} to the target vocabulary.
 * The attention reads the decoder's current output (Luong's placement), so a teacher-forced batch
 * is one fused recurrent pass plus one batched attention: no per-step graph.
 * <pre>
 * src (N, S), tgtIn (N, T): ids; logits (N, T, V_tgt)
 * </pre>
 */
public class RecurrentTranslator extends Seq2Seq {
    public enum Cell { GRU, LSTM }
    public enum Attention { GENERAL, DOT, ADDITIVE, NONE }

    private final Cell cell;
    private final Attention attention;
    private final int srcVocab, tgtVocab, embedDim, hiddenSize, numLayers, padIndex;
    private final double dropout;
    public final Embedding srcEmbed, tgtEmbed;
    public final RNNBase encoder, decoder;
    public final Linear bridge, bridgeC, linearOut, generator;
    public final LuongAttention luong;
    public final AdditiveAttention additive;
    private final Dropout drop;

    public RecurrentTranslator(Cell cell, Attention attention, int srcVocab, int tgtVocab, int embedDim, int hiddenSize,
                               int numLayers, double dropout, int padIndex) {
        String where = "RecurrentTranslator";
        if (cell == null || attention == null) throw Errors.arg(where, "cell and attention are required", "non-null", null, null);
        for (int x : new int[]{srcVocab, tgtVocab, embedDim, hiddenSize, numLayers}) {
            if (x <= 0) throw Errors.arg(where, "vocabulary sizes, embedDim, hiddenSize and numLayers must be positive", "> 0", x, null);
        }
        if (!(dropout >= 0 && dropout < 1)) throw Errors.arg(where, "dropout must be in [0, 1)", "0 <= dropout < 1", dropout, null);
        this.cell = cell;
        this.attention = attention;
        this.srcVocab = srcVocab;
        this.tgtVocab = tgtVocab;
        this.embedDim = embedDim;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.dropout = dropout;
        this.padIndex = padIndex;
        int h = hiddenSize;
        srcEmbed = registerModule("src_embed", new Embedding(srcVocab, embedDim, padIndex));
        tgtEmbed = registerModule("tgt_embed", new Embedding(tgtVocab, embedDim, padIndex));
        encoder = registerModule("encoder", cell == Cell.GRU ? new GRU(embedDim, h, numLayers, true, true, dropout, true)
                : new LSTM(embedDim, h, numLayers, true, true, dropout, true));
        bridge = registerModule("bridge", new Linear(2 * h, h));
        bridgeC = cell == Cell.LSTM ? registerModule("bridge_c", new Linear(2 * h, h)) : null;
        decoder = registerModule("decoder", cell == Cell.GRU ? new GRU(embedDim, h, numLayers, true, true, dropout, false)
                : new LSTM(embedDim, h, numLayers, true, true, dropout, false));
        luong = attention == Attention.GENERAL || attention == Attention.DOT
                ? registerModule("attention", new LuongAttention(attention == Attention.DOT ? LuongAttention.Score.DOT : LuongAttention.Score.GENERAL,
                h, attention == Attention.DOT ? h : 2 * h)) : null;
        additive = attention == Attention.ADDITIVE ? registerModule("attention", new AdditiveAttention(h, 2 * h, h)) : null;
        linearOut = attention == Attention.NONE ? null
                : registerModule("linear_out", new Linear(attention == Attention.DOT ? 2 * h : 3 * h, h));
        drop = registerModule("dropout", new Dropout(dropout));
        generator = registerModule("generator", new Linear(h, tgtVocab));
    }

    public static RecurrentTranslator fromConfig(Map<String, Object> c) {
        return new RecurrentTranslator(Cell.valueOf(str(c, "cell")), Attention.valueOf(str(c, "attention")), num(c, "src_vocab_size"),
                num(c, "tgt_vocab_size"), num(c, "embed_dim"), num(c, "hidden_size"), num(c, "num_layers"),
                ((Number) c.get("dropout")).doubleValue(), num(c, "pad_index"));
    }

    private static String str(Map<String, Object> c, String k) { return ((String) c.get(k)).toUpperCase(Locale.ROOT); }
    private static int num(Map<String, Object> c, String k) { return ((Number) c.get(k)).intValue(); }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("cell", cell.name().toLowerCase(Locale.ROOT));
        c.put("attention", attention.name().toLowerCase(Locale.ROOT));
        c.put("src_vocab_size", srcVocab);
        c.put("tgt_vocab_size", tgtVocab);
        c.put("embed_dim", embedDim);
        c.put("hidden_size", hiddenSize);
        c.put("num_layers", numLayers);
        c.put("dropout", dropout);
        c.put("pad_index", padIndex);
        return c;
    }

    @Override public int sourceVocabSize() { return srcVocab; }
    @Override public int targetVocabSize() { return tgtVocab; }

    /** The decoder's states and the encoded source of k rows. */
    public record State(Tensor h, Tensor c, Tensor memory, Tensor keys, Tensor mask) {}

    @Override public State encode(Tensor src, int[] srcLengths) {
        checkBatch("RecurrentTranslator.encode", src, srcLengths);
        int n = src.size(0), s = src.size(1), h = hiddenSize;
        Tensor emb = drop.forward(srcEmbed.forward(src));                    // (N, S, E)
        Tensor out, hN, cN = null;
        if (encoder instanceof GRU g) {
            RnnOutput o = g.forward(emb, null, srcLengths);
            out = o.output();
            hN = o.hN();
        } else {
            LstmOutput o = ((LSTM) encoder).forward(emb, null, null, srcLengths);
            out = o.output();
            hN = o.hN();
            cN = o.cN();
        }
        Tensor h0 = bridge.forward(directionsSide(hN, n)).tanh();            // (layers, N, H)
        Tensor c0 = cN == null ? null : bridgeC.forward(directionsSide(cN, n)).tanh();
        Tensor memory = attention == Attention.DOT ? out.reshape(n, s, 2, h).sum(2, false) : out;   // (N, S, H or 2H)
        Tensor keys = luong != null ? luong.projectKeys(memory) : additive != null ? additive.projectKeys(memory) : null;
        return new State(h0, c0, memory, keys, LuongAttention.paddingMask(srcLengths, s, src.dtype()));
    }

    /** (layers·2, N, H) final states → (layers, N, 2H), forward and backward side by side. */
    private Tensor directionsSide(Tensor hN, int n) {
        return hN.reshape(numLayers, 2, n, hiddenSize).permute(0, 2, 1, 3).reshape(numLayers, n, 2 * hiddenSize);
    }

    /** Runs the decoder over {@code tgtIn} from {@code state}: the attentional states (N, T, H), new states and weights. */
    private Object[] decode(State state, Tensor tgtIn) {
        Tensor emb = drop.forward(tgtEmbed.forward(tgtIn));                  // (N, T, E)
        Tensor out, hN, cN = null;
        if (decoder instanceof GRU g) {
            RnnOutput o = g.forward(emb, state.h());
            out = o.output();
            hN = o.hN();
        } else {
            LstmOutput o = ((LSTM) decoder).forward(emb, state.h(), state.c());
            out = o.output();
            hN = o.hN();
            cN = o.cN();
        }
        Tensor weights = null, att;
        if (attention == Attention.NONE) {
            att = out;
        } else {
            AttentionOutput a = luong != null ? luong.attendProjected(out, state.keys(), state.memory(), state.mask())
                    : additive.attendProjected(out, state.keys(), state.memory(), state.mask());
            weights = a.weights();
            att = linearOut.forward(Tensor.concat(2, a.context(), out)).tanh();   // (N, T, H)
        }
        return new Object[]{drop.forward(att), new State(hN, cN, state.memory(), state.keys(), state.mask()), weights};
    }

    @Override public Tensor logits(Tensor src, int[] srcLengths, Tensor tgtIn) {
        checkTarget(src, tgtIn);
        return generator.forward((Tensor) decode(encode(src, srcLengths), tgtIn)[0]);   // (N, T, V)
    }

    @Override public Tensor attentionWeights(Tensor src, int[] srcLengths, Tensor tgtIn) {
        checkTarget(src, tgtIn);
        return (Tensor) decode(encode(src, srcLengths), tgtIn)[2];
    }

    @Override public StepDecoder<Object> stepDecoder() {
        return new StepDecoder<>() {
            @Override public Step<Object> step(Object states, int[] lastTokens) {
                State s = (State) states;
                Tensor in = Tensor.ofIndices(lastTokens).reshape(lastTokens.length, 1).to(s.memory().dtype());
                Object[] r = decode(s, in);
                Tensor logits = generator.forward((Tensor) r[0]).squeeze(1);   // (k, V)
                return new Step<>(logits.logSoftmax(-1), r[1]);
            }

            @Override public Object select(Object states, int[] rows) {
                State s = (State) states;
                Tensor idx = Tensor.ofIndices(rows);
                return new State(s.h().indexSelect(1, idx), s.c() == null ? null : s.c().indexSelect(1, idx),
                        s.memory().indexSelect(0, idx), s.keys() == null ? null : s.keys().indexSelect(0, idx), s.mask().indexSelect(0, idx));
            }
        };
    }

    static void checkBatch(String where, Tensor src, int[] lengths) {
        if (src.dim() != 2) throw Errors.shape(where, "src must be (N, S) token ids", "2 dims", src.dim(), "src shape " + src.shapeString());
        if (lengths == null || lengths.length != src.size(0)) {
            throw Errors.arg(where, "srcLengths must have one entry per sentence", src.size(0), lengths == null ? null : lengths.length, null);
        }
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 1 || lengths[i] > src.size(1)) {
                throw Errors.arg(where, "srcLengths must be in [1, S]", "[1, " + src.size(1) + "]", lengths[i], "sentence " + i);
            }
        }
    }

    static void checkTarget(Tensor src, Tensor tgtIn) {
        if (tgtIn.dim() != 2 || tgtIn.size(0) != src.size(0)) {
            throw Errors.shape("Seq2Seq.logits", "tgtIn must be (N, T) with the source's N", "[" + src.size(0) + ", T]", tgtIn.shapeString(), null);
        }
    }
}
