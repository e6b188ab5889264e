package io.sequoia.lm;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.nn.recurrent.Stateful;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * A language model: token ids (N, L) → next-token logits (N, L, V). Recurrent models carry their
 * state across chunks ({@link #state()}); attention models see at most {@link #contextLength()}
 * tokens and start every chunk afresh.
 */
public abstract class LanguageModel extends Module {
    /** The logits of the next token at every position. */
    @Override public abstract Tensor forward(Tensor ids);

    public abstract int vocabSize();

    /** The layer that carries state between calls, or null when the model has none. */
    public abstract Stateful state();

    /** The longest input the model can attend to. */
    public int contextLength() { return Integer.MAX_VALUE; }

    void checkIds(Tensor ids) {
        if (ids.dim() != 2) throw Errors.shape(getClass().getSimpleName() + ".forward", "input must be token ids (N, L)", 2, ids.dim(), "shape " + ids.shapeString());
        if (ids.size(1) > contextLength()) {
            throw Errors.shape(getClass().getSimpleName() + ".forward", "input longer than the context length", contextLength(), ids.size(1), null);
        }
    }

    /** The kind of network: a recurrent cell, or the causal Transformer. */
    public enum Cell {
        LSTM, GRU, TRANSFORMER;

        @Override public String toString() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * A new model. {@code hidden} is the model's width for every kind: the recurrent state size, or
     * the Transformer's dModel (heads = hidden / 64, at least 1, feed-forward 4 · hidden);
     * {@code embedDim} is used by the recurrent models only (the Transformer embeds to dModel).
     */
    public static LanguageModel create(Cell cell, int vocab, int embedDim, int hidden, int layers, double dropout, int contextLength) {
        if (cell == null) throw Errors.arg("LanguageModel.create", "cell must be given", "lstm, gru or transformer", null, null);
        if (cell == Cell.TRANSFORMER) {
            int heads = Math.max(1, hidden / 64);
            return new TransformerLanguageModel(vocab, hidden, heads, layers, 4 * hidden, dropout, contextLength);
        }
        return new RecurrentLanguageModel(cell.toString(), vocab, embedDim, hidden, layers, dropout);
    }
}
