package io.sequoia.timeseries.global;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Config;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.LstmOutput;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.nn.recurrent.RnnOutput;
import io.sequoia.tensor.Errors;

import java.util.Locale;
import java.util.Map;

/**
 * The DeepAR network (Salinas et al. 2020): a stacked LSTM or GRU reads, at each step, the series'
 * lagged values (divided by the series' scale, minus 1), and a linear head gives the raw parameters
 * of the next value's distribution ({@link Likelihood}). Training feeds the observed values
 * (teacher forcing); forecasting feeds sampled ones, one step at a time ({@link #step}).
 * <pre>
 * input  (N, T, F)   F = the number of lags
 * output (N, T, P)   P = the likelihood's raw parameters
 * </pre>
 */
public final class DeepAr extends Module {
    /** The recurrent cell. */
    public enum Cell { LSTM, GRU }

    private final Cell cell;
    private final int inputSize, hiddenSize, numLayers;
    private final double dropout;
    private final Likelihood likelihood;
    private final RNNBase rnn;
    private final Linear head;

    /** The recurrent state between steps: h (numLayers, N, hidden), and c for an LSTM (null for a GRU). */
    public record State(Tensor h, Tensor c) {}

    /** Raw parameters (N, T, P) and the state after the last step. */
    public record Output(Tensor raw, State state) {}

    public DeepAr(Cell cell, int inputSize, int hiddenSize, int numLayers, double dropout, Likelihood likelihood) {
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.dropout = dropout;
        this.likelihood = likelihood;
        this.rnn = registerModule("rnn", cell == Cell.LSTM ? new LSTM(inputSize, hiddenSize, numLayers, true, true, dropout, false)
                : new GRU(inputSize, hiddenSize, numLayers, true, true, dropout, false));
        this.head = registerModule("head", new Linear(hiddenSize, likelihood.params()));
    }

    public Likelihood likelihood() { return likelihood; }
    public int inputSize() { return inputSize; }

    @Override public Tensor forward(Tensor x) { return step(x, null).raw(); }

    /**
     * Runs {@code x} from {@code state} (null: zeros).
     * <pre>
     * x      (N, T, F)
     * raw    (N, T, P)
     * </pre>
     */
    public Output step(Tensor x, State state) {
        if (x.dim() != 3 || x.size(2) != inputSize) throw Errors.shape("DeepAr.forward", "input must be (N, T, inputSize)", "[N, T, " + inputSize + "]", x.shapeString(), null);
        Tensor out;
        State next;
        if (rnn instanceof LSTM l) {
            LstmOutput o = l.forward(x, state == null ? null : state.h(), state == null ? null : state.c());
            out = o.output();
            next = new State(o.hN(), o.cN());
        } else {
            RnnOutput o = ((GRU) rnn).forward(x, state == null ? null : state.h());
            out = o.output();
            next = new State(o.hN(), null);
        }
        return new Output(head.forward(out), next); // (N, T, P)
    }

    public static DeepAr fromConfig(Map<String, Object> config) {
        Config c = Config.of("DeepAr", config);
        return new DeepAr(Cell.valueOf(c.string("cell").toUpperCase(Locale.ROOT)), c.integer("input_size"), c.integer("hidden_size"), c.integer("num_layers"),
                c.real("dropout"), Likelihood.valueOf(c.string("likelihood").toUpperCase(Locale.ROOT)));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("cell", cell.name().toLowerCase(Locale.ROOT));
        c.put("input_size", inputSize);
        c.put("hidden_size", hiddenSize);
        c.put("num_layers", numLayers);
        c.put("dropout", dropout);
        c.put("likelihood", likelihood.name().toLowerCase(Locale.ROOT));
        return c;
    }
}
