package io.sequoia.timeseries.classical;

import java.util.Map;

/**
 * A model fitted to one series (with optional regressors) that forecasts ahead. Parameters are
 * reported under R's names ({@code ar1}, {@code ma1}, {@code sar1}, {@code sma1}, {@code intercept},
 * regressor names, {@code sigma2}, {@code loglik}, {@code aic}; {@code alpha}, {@code beta},
 * {@code gamma}, {@code phi} for exponential smoothing).
 */
public interface Forecaster {
    /** Short name, e.g. {@code "sarima"}. */
    String name();

    /** Fits to {@code y} ({@code xreg} is {@code [time][k]} or null). Returns this. */
    Forecaster fit(double[] y, double[][] xreg);

    /** Forecasts {@code h} steps after the fitted data; {@code futureXreg} is {@code [h][k]} or null. */
    Forecast forecast(int h, double[][] futureXreg, double level);

    /** Fitted parameters by R's names (empty before fitting). */
    Map<String, Double> parameters();
}
