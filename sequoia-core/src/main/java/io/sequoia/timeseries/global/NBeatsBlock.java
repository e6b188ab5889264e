package io.sequoia.timeseries.global;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Config;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One N-BEATS block (Oreshkin et al. 2020, section 3.1): a stack of fully connected ReLU layers
 * reads the block's input window and emits expansion coefficients θ, which a basis turns into a
 * backcast (over the lookback) and a forecast (over the horizon).
 * <ul>
 * <li>{@link Kind#GENERIC}: θ has L + H values, the backcast is its first L and the forecast its last H
 *     (the official implementation's generic basis: the last linear layer is the basis).</li>
 * <li>{@link Kind#TREND}: polynomials of degree 0..p in t/L (backcast) and t/H (forecast), separate θ for each.</li>
 * <li>{@link Kind#SEASONALITY}: a Fourier basis 1, cos(2πkτ), sin(2πkτ), k = 1..K, on a time axis
 *     τ = t/H running through the lookback (t = −L..−1) into the horizon (t = 0..H−1).</li>
 * </ul>
 * The bases are constants computed from the shapes, not weights; only the linear layers are trained.
 * <pre>
 * input    (N, L)
 * backcast (N, L), forecast (N, H)
 * </pre>
 */
public final class NBeatsBlock extends Module {
    /** The basis of a block. */
    public enum Kind { GENERIC, TREND, SEASONALITY }

    /** A block's two outputs. */
    public record Output(Tensor backcast, Tensor forecast) {}

    private final Kind kind;
    private final int lookback, horizon, width, layers, basisSize;
    private final List<Linear> fc = new ArrayList<>();
    private final Linear theta;
    private final double[] backBasis, foreBasis;   // (P, L) and (P, H), row-major; null for generic
    private Tensor backT, foreT;                  // the bases in the dtype last used

    /**
     * @param basisSize trend: the polynomial degree p; seasonality: the harmonics K; generic: ignored (0)
     */
    public NBeatsBlock(Kind kind, int lookback, int horizon, int width, int layers, int basisSize) {
        String w = "NBeatsBlock";
        if (lookback < 1) throw Errors.arg(w, "lookback must be at least 1", ">= 1", lookback, null);
        if (horizon < 1) throw Errors.arg(w, "horizon must be at least 1", ">= 1", horizon, null);
        if (width < 1) throw Errors.arg(w, "width must be at least 1", ">= 1", width, null);
        if (layers < 1) throw Errors.arg(w, "layers must be at least 1", ">= 1", layers, null);
        if (kind != Kind.GENERIC && basisSize < (kind == Kind.TREND ? 0 : 1)) {
            throw Errors.arg(w, kind == Kind.TREND ? "the trend degree must be at least 0" : "seasonality needs at least one harmonic",
                    kind == Kind.TREND ? ">= 0" : ">= 1", basisSize, null);
        }
        this.kind = kind;
        this.lookback = lookback;
        this.horizon = horizon;
        this.width = width;
        this.layers = layers;
        this.basisSize = kind == Kind.GENERIC ? 0 : basisSize;
        for (int i = 0; i < layers; i++) fc.add(registerModule("fc" + i, new Linear(i == 0 ? lookback : width, width)));
        int p = switch (kind) {
            case GENERIC -> 0;
            case TREND -> basisSize + 1;
            case SEASONALITY -> 2 * basisSize + 1;
        };
        theta = registerModule("theta", new Linear(width, kind == Kind.GENERIC ? lookback + horizon : 2 * p));
        backBasis = kind == Kind.GENERIC ? null : basis(kind, p, lookback, horizon, true);
        foreBasis = kind == Kind.GENERIC ? null : basis(kind, p, lookback, horizon, false);
    }

    /** The basis rows (P, T): T = L for the backcast, H for the forecast. */
    static double[] basis(Kind kind, int p, int lookback, int horizon, boolean back) {
        int len = back ? lookback : horizon;
        double[] b = new double[p * len];
        for (int t = 0; t < len; t++) {
            if (kind == Kind.TREND) {
                double x = back ? (double) t / lookback : (double) t / horizon;
                for (int i = 0; i < p; i++) b[i * len + t] = Math.pow(x, i);
            } else {
                double tau = (back ? t - lookback : t) / (double) horizon;
                b[t] = 1;
                for (int k = 1; 2 * k < p; k++) {
                    b[(2 * k - 1) * len + t] = Math.cos(2 * Math.PI * k * tau);
                    b[2 * k * len + t] = Math.sin(2 * Math.PI * k * tau);
                }
            }
        }
        return b;
    }

    public Kind kind() { return kind; }

    /** Rebuilds a block from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static NBeatsBlock fromConfig(Map<String, Object> config) {
        Config c = Config.of("NBeatsBlock", config);
        return new NBeatsBlock(Kind.valueOf(c.string("kind").toUpperCase(Locale.ROOT)), c.integer("lookback"), c.integer("horizon"),
                c.integer("width"), c.integer("layers"), c.integer("basis_size"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("kind", kind.name().toLowerCase(Locale.ROOT));
        c.put("lookback", lookback);
        c.put("horizon", horizon);
        c.put("width", width);
        c.put("layers", layers);
        c.put("basis_size", basisSize);
        return c;
    }

    /** See the class comment for shapes. */
    public Output forwardBlock(Tensor x) {
        if (x.dim() != 2 || x.size(1) != lookback) {
            throw Errors.shape("NBeatsBlock.forward", "input must be (N, L)", "[N, " + lookback + "]", x.shapeString(), null);
        }
        Tensor hid = x;
        for (Linear l : fc) hid = l.forward(hid).relu();   // (N, width)
        Tensor th = theta.forward(hid);                     // (N, L + H) generic, (N, 2P) otherwise
        if (kind == Kind.GENERIC) return new Output(th.narrow(1, 0, lookback), th.narrow(1, lookback, horizon));
        int p = th.size(1) / 2;
        if (backT == null || backT.dtype() != x.dtype()) {
            backT = Tensor.of(backBasis, p, lookback).to(x.dtype());
            foreT = Tensor.of(foreBasis, p, horizon).to(x.dtype());
        }
        return new Output(th.narrow(1, 0, p).matmul(backT), th.narrow(1, p, p).matmul(foreT)); // (N, L), (N, H)
    }

    /** The forecast part alone, (N, L) → (N, H). */
    @Override public Tensor forward(Tensor x) { return forwardBlock(x).forecast(); }

}
