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
 * The N-BEATS network (Oreshkin et al. 2020): blocks joined by double residual stacking. Each block
 * reads what the blocks before it left unexplained of the lookback window (the input minus their
 * backcasts) and adds its forecast to the sum.
 * <ul>
 * <li>{@link Stacks#GENERIC}: {@code blocks} generic blocks.</li>
 * <li>{@link Stacks#INTERPRETABLE}: a trend stack of {@code blocks} polynomial blocks followed by a
 *     seasonality stack of {@code blocks} Fourier blocks (the paper shares weights inside a stack;
 *     here every block has its own).</li>
 * </ul>
 * The input is a window divided by its level, so its values are near 1: the blocks read x − 1 and
 * the forecast is 1 + the sum of theirs (the level is the baseline; without it, a network whose
 * outputs start below zero sits on the flat part of the sMAPE loss).
 * <pre>
 * input  (N, L)   the lookback window, scaled per series
 * output (N, H)   the forecast on the same scale
 * </pre>
 */
public final class NBeats extends Module {
    /** Which stacks the network has. */
    public enum Stacks { GENERIC, INTERPRETABLE }

    private final Stacks stacks;
    private final int lookback, horizon, blocks, width, layers, degree, harmonics;
    private final List<NBeatsBlock> all = new ArrayList<>();

    /**
     * @param degree    trend polynomial degree (interpretable only)
     * @param harmonics Fourier harmonics of the seasonality blocks (interpretable only)
     */
    public NBeats(Stacks stacks, int lookback, int horizon, int blocks, int width, int layers, int degree, int harmonics) {
        if (blocks < 1) throw Errors.arg("NBeats", "blocks must be at least 1", ">= 1", blocks, null);
        this.stacks = stacks;
        this.lookback = lookback;
        this.horizon = horizon;
        this.blocks = blocks;
        this.width = width;
        this.layers = layers;
        this.degree = degree;
        this.harmonics = harmonics;
        if (stacks == Stacks.GENERIC) {
            for (int i = 0; i < blocks; i++) all.add(registerModule("block" + i, new NBeatsBlock(NBeatsBlock.Kind.GENERIC, lookback, horizon, width, layers, 0)));
        } else {
            for (int i = 0; i < blocks; i++) all.add(registerModule("trend" + i, new NBeatsBlock(NBeatsBlock.Kind.TREND, lookback, horizon, width, layers, degree)));
            for (int i = 0; i < blocks; i++) all.add(registerModule("seasonality" + i, new NBeatsBlock(NBeatsBlock.Kind.SEASONALITY, lookback, horizon, width, layers, harmonics)));
        }
    }

    public int lookback() { return lookback; }
    public int horizon() { return horizon; }
    public Stacks stacks() { return stacks; }

    /** Rebuilds the network from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static NBeats fromConfig(Map<String, Object> config) {
        Config c = Config.of("NBeats", config);
        return new NBeats(Stacks.valueOf(c.string("stacks").toUpperCase(Locale.ROOT)), c.integer("lookback"), c.integer("horizon"),
                c.integer("blocks"), c.integer("width"), c.integer("layers"), c.integer("degree"), c.integer("harmonics"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("stacks", stacks.name().toLowerCase(Locale.ROOT));
        c.put("lookback", lookback);
        c.put("horizon", horizon);
        c.put("blocks", blocks);
        c.put("width", width);
        c.put("layers", layers);
        c.put("degree", degree);
        c.put("harmonics", harmonics);
        return c;
    }

    /** See the class comment for shapes. */
    @Override public Tensor forward(Tensor x) {
        if (x.dim() != 2 || x.size(1) != lookback) {
            throw Errors.shape("NBeats.forward", "input must be (N, L)", "[N, " + lookback + "]", x.shapeString(), null);
        }
        Tensor residual = x.sub(1.0), forecast = null;
        for (NBeatsBlock b : all) {
            NBeatsBlock.Output o = b.forwardBlock(residual);
            residual = residual.sub(o.backcast());                                   // (N, L)
            forecast = forecast == null ? o.forecast() : forecast.add(o.forecast()); // (N, H)
        }
        return forecast.add(1.0);
    }
}
