package io.sequoia.timeseries.global;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.classical.Forecaster;
import io.sequoia.timeseries.transforms.PointTransform;

import java.util.Map;

/**
 * A trained {@link GlobalForecaster} put behind one series, as a {@link Forecaster} of the catalogue:
 * {@link #fit} only keeps the history (the network was trained across series beforehand), and the
 * forecast is the network's (with its interval, if it gives one). The catalogue hands it the series on its transformed
 * scale; the network was trained on the series' own scale, so the history is read back through
 * {@code transform}'s inverse and the forecast returned through its forward map.
 */
public final class GlobalSeries implements Forecaster {
    private final GlobalForecaster model;
    private final PointTransform transform;
    private double[] history;

    public GlobalSeries(GlobalForecaster model, PointTransform transform) {
        this.model = model;
        this.transform = transform == null ? PointTransform.NONE : transform;
    }

    @Override public String name() { return model.name(); }

    @Override public GlobalSeries fit(double[] y, double[][] xreg) {
        if (xreg != null) throw Errors.arg("GlobalSeries.fit", model.name() + " takes no covariates", "none", xreg[0].length + " covariates", null);
        history = transform.inverse(y);
        return this;
    }

    @Override public Forecast forecast(int h, double[][] futureXreg, double level) {
        String w = "GlobalSeries.forecast";
        if (history == null) throw Errors.state(w, "the model has no series yet", "call fit first");
        if (h > model.horizon()) throw Errors.arg(w, "the network forecasts at most the horizon it was trained for", "<= " + model.horizon(), h, null);
        return model.forecast(history, h, level).map(transform::forward);
    }

    @Override public Map<String, Double> parameters() { return Map.of(); }
}
