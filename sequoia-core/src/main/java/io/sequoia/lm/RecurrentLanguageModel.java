package io.sequoia.lm;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Embedding;
import io.sequoia.nn.Linear;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.nn.recurrent.Stateful;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * A recurrent language model in the style of Zaremba et al. (2014) and PyTorch's
 * word_language_model: {@code encoder} (Embedding) → dropout → {@code rnn} (LSTM or GRU, dropout
 * between layers) → dropout → {@code decoder} (Linear to the vocabulary).
 * <pre>
 * input (N, L) token ids   output (N, L, V) logits
 * </pre>
 * The rnn is stateful while training with truncated BPTT and while generating.
 */
public class RecurrentLanguageModel extends LanguageModel {
    private final String cell;
    private final int vocab, embedDim, hidden, layers;
    private final double dropout;
    final Embedding encoder;
    final RNNBase rnn;
    final Dropout drop;
    final Linear decoder;

    public RecurrentLanguageModel(String cell, int vocab, int embedDim, int hidden, int layers, double dropout) {
        if (!cell.equals("lstm") && !cell.equals("gru")) throw Errors.arg("RecurrentLanguageModel", "unknown cell", "lstm or gru", cell, null);
        this.cell = cell;
        this.vocab = vocab;
        this.embedDim = embedDim;
        this.hidden = hidden;
        this.layers = layers;
        this.dropout = dropout;
        encoder = registerModule("encoder", new Embedding(vocab, embedDim));
        rnn = registerModule("rnn", cell.equals("lstm") ? new LSTM(embedDim, hidden, layers, true, true, dropout, false)
                : new GRU(embedDim, hidden, layers, true, true, dropout, false));
        drop = registerModule("drop", new Dropout(dropout));
        decoder = registerModule("decoder", new Linear(hidden, vocab));
    }

    @Override public Tensor forward(Tensor ids) {
        checkIds(ids);
        if (ids.dim() != 2) throw Errors.shape("LanguageModel.forward", "input must be token ids (N, L)", 2, ids.dim(), "shape " + ids.shapeString());
        Tensor e = drop.forward(encoder.forward(ids));            // (N, L, E)
        Tensor h = drop.forward(rnn.forward(e));                   // (N, L, H)
        return decoder.forward(h);                                 // (N, L, V)
    }

    @Override public Stateful state() { return rnn; }
    @Override public int vocabSize() { return vocab; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("cell", cell);
        c.put("vocab_size", vocab);
        c.put("embed_dim", embedDim);
        c.put("hidden_size", hidden);
        c.put("num_layers", layers);
        c.put("dropout", dropout);
        return c;
    }

    /** Rebuilds a model from {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static RecurrentLanguageModel fromConfig(Map<String, Object> config) {
        io.sequoia.nn.Config c = io.sequoia.nn.Config.of("RecurrentLanguageModel", config);
        return new RecurrentLanguageModel(c.string("cell"), c.integer("vocab_size"), c.integer("embed_dim"), c.integer("hidden_size"),
                c.integer("num_layers"), c.real("dropout"));
    }
}
