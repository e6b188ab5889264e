/**
 * Time-series forecasting: data ({@code data}: CSV reading, windows, time splits, backtests),
 * invertible transforms ({@code transforms}), accuracy measures ({@code metrics}), classical models
 * implemented here ({@code classical}: naive family, Kalman filter and structural models,
 * ARIMA/SARIMA with regressors by exact likelihood, exponential smoothing) and neural forecasters
 * on the recurrent and attention layers ({@code neural}).
 *
 * <p>Series are {@code double[]} indexed by time, oldest first. Covariate matrices are
 * {@code double[t][k]}: one row per time step, one column per regressor.
 */
package io.sequoia.timeseries;
