package io.sequoia.timeseries.global;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Config;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The networks of one saved N-BEATS forecaster: {@code member0 .. memberK-1}, each an {@link NBeats}
 * with its own lookback (the same stacks and sizes otherwise). {@link #forward} is the median of the
 * members' forecasts of one window each; training and forecasting go through {@link NBeatsForecaster}.
 */
public final class NBeatsEnsemble extends Module {
    private final int horizon;
    private final int[] lookbacks;
    private final List<NBeats> members = new ArrayList<>();

    public NBeatsEnsemble(NBeats.Stacks stacks, int horizon, int[] lookbacks, int blocks, int width, int layers, int degree, int harmonics) {
        if (lookbacks.length < 1) throw Errors.arg("NBeatsEnsemble", "at least one member is needed", ">= 1", 0, null);
        this.horizon = horizon;
        this.lookbacks = lookbacks.clone();
        for (int i = 0; i < lookbacks.length; i++) {
            members.add(registerModule("member" + i, new NBeats(stacks, lookbacks[i], horizon, blocks, width, layers, degree, harmonics)));
        }
    }

    /** An ensemble of already built (trained) networks, sharing their weights: a selection of another ensemble's members. */
    NBeatsEnsemble(int horizon, List<NBeats> chosen) {
        if (chosen.isEmpty()) throw Errors.arg("NBeatsEnsemble", "at least one member is needed", ">= 1", 0, null);
        this.horizon = horizon;
        this.lookbacks = new int[chosen.size()];
        for (int i = 0; i < chosen.size(); i++) {
            lookbacks[i] = chosen.get(i).lookback();
            members.add(registerModule("member" + i, chosen.get(i)));
        }
    }

    public List<NBeats> members() { return List.copyOf(members); }
    public int horizon() { return horizon; }
    /** The longest member lookback. */
    public int maxLookback() { int m = 0; for (int l : lookbacks) m = Math.max(m, l); return m; }

    public static NBeatsEnsemble fromConfig(Map<String, Object> config) {
        Config c = Config.of("NBeatsEnsemble", config);
        return new NBeatsEnsemble(NBeats.Stacks.valueOf(c.string("stacks").toUpperCase(Locale.ROOT)), c.integer("horizon"), c.ints("lookbacks"),
                c.integer("blocks"), c.integer("width"), c.integer("layers"), c.integer("degree"), c.integer("harmonics"));
    }

    /** The members' settings (from the first member, whose lookback is replaced by the list of all lookbacks). */
    @Override public Map<String, Object> config() {
        Map<String, Object> c = members.get(0).config();
        c.remove("lookback");
        List<Integer> lb = new ArrayList<>();
        for (int l : lookbacks) lb.add(l);
        c.put("lookbacks", lb);
        return c;
    }

    /**
     * The median forecast of raw windows (every value observed): each member reads the last
     * {@code lookback} columns divided by their mean absolute value, and its forecast is scaled back.
     * {@link NBeatsForecaster#forecastAll} does the same for histories of any length.
     * <pre>
     * x      (N, maxLookback)
     * output (N, H)
     * </pre>
     */
    @Override public Tensor forward(Tensor x) {
        int max = maxLookback();
        if (x.dim() != 2 || x.size(1) != max) throw Errors.shape("NBeatsEnsemble.forward", "input must be (N, maxLookback)", "[N, " + max + "]", x.shapeString(), null);
        int n = x.size(0), k = members.size();
        double[] raw = x.toDoubleArray();
        double[][] outs = new double[k][];
        for (int i = 0; i < k; i++) {
            int lb = lookbacks[i];
            double[] win = new double[n * lb], level = new double[n];
            for (int r = 0; r < n; r++) {
                double[] row = java.util.Arrays.copyOfRange(raw, r * max + max - lb, (r + 1) * max);
                level[r] = NBeatsForecaster.level(row, lb, lb);
                for (int a = 0; a < lb; a++) win[r * lb + a] = row[a] / level[r];
            }
            outs[i] = members.get(i).forward(Tensor.of(win, n, lb).to(x.dtype())).toDoubleArray(); // (N, H)
            for (int j = 0; j < outs[i].length; j++) outs[i][j] *= level[j / horizon];
        }
        double[] med = new double[n * horizon], buf = new double[k];
        for (int j = 0; j < med.length; j++) {
            for (int i = 0; i < k; i++) buf[i] = outs[i][j];
            med[j] = NBeatsForecaster.median(buf);
        }
        return Tensor.of(med, n, horizon).to(x.dtype()); // (N, H)
    }
}
