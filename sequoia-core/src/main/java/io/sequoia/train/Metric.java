package io.sequoia.train;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Locale;

/**
 * A streaming metric over batches, Keras-style: {@link #update}, {@link #result}, {@link #reset}.
 * Names: accuracy, binary_accuracy, mae, mse, rmse.
 */
public abstract class Metric {
    private final String name;
    protected double total;
    protected long count;

    protected Metric(String name) { this.name = name; }

    public String name() { return name; }

    public void reset() { total = 0; count = 0; }

    public double result() { return count == 0 ? Double.NaN : total / count; }

    public abstract void update(Tensor predictions, Tensor targets);

    public static Metric of(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "accuracy": case "acc": return new Accuracy("accuracy", false);
            case "binary_accuracy": return new Accuracy("binary_accuracy", true);
            case "mae": case "mean_absolute_error": return new Regression("mae", false, false);
            case "mse": case "mean_squared_error": return new Regression("mse", true, false);
            case "rmse": case "root_mean_squared_error": return new Regression("rmse", true, true);
            default: throw Errors.arg("Metric.of", "unknown metric", "one of accuracy, binary_accuracy, mae, mse, rmse", name, null);
        }
    }

    /**
     * Accuracy. With one output per sample (last dim 1 or equal shapes), predictions are thresholded
     * at 0.5 (probabilities); with C > 1 outputs, the arg-max is compared with class-index targets.
     */
    static final class Accuracy extends Metric {
        private final boolean binary;

        Accuracy(String name, boolean binary) { super(name); this.binary = binary; }

        @Override public void update(Tensor p, Tensor t) {
            NDArray pd = p.data(), td = t.data();
            if (binary || pd.numel() == td.numel()) {
                for (int i = 0; i < pd.numel(); i++) {
                    total += ((pd.getDouble(i) > 0.5) == (td.getDouble(i) > 0.5)) ? 1 : 0;
                }
                count += pd.numel();
                return;
            }
            int c = p.size(-1);
            if (pd.numel() != td.numel() * c) {
                throw Errors.shape("accuracy", "targets must be class indices, one per prediction row", pd.numel() / c, td.numel(),
                        "predictions " + p.shapeString() + ", targets " + t.shapeString());
            }
            for (int r = 0; r < td.numel(); r++) {
                int best = 0;
                for (int j = 1; j < c; j++) if (pd.getDouble(r * c + j) > pd.getDouble(r * c + best)) best = j;
                total += best == (int) td.getDouble(r) ? 1 : 0;
            }
            count += td.numel();
        }
    }

    static final class Regression extends Metric {
        private final boolean squared, root;

        Regression(String name, boolean squared, boolean root) { super(name); this.squared = squared; this.root = root; }

        @Override public void update(Tensor p, Tensor t) {
            NDArray pd = p.data(), td = t.data();
            if (pd.numel() != td.numel()) {
                throw Errors.shape(name(), "predictions and targets must have the same number of elements", pd.numel(), td.numel(), null);
            }
            for (int i = 0; i < pd.numel(); i++) {
                double e = pd.getDouble(i) - td.getDouble(i);
                total += squared ? e * e : Math.abs(e);
            }
            count += pd.numel();
        }

        @Override public double result() {
            double r = super.result();
            return root ? Math.sqrt(r) : r;
        }
    }
}
