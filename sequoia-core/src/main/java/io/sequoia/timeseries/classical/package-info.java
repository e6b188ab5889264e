/**
 * Classical forecasting implemented here: naive, seasonal naive and drift; the Kalman filter,
 * predictor and smoother with structural models; ARIMA/SARIMA with regressors by exact Gaussian
 * likelihood (R's parameter names); exponential smoothing; automatic ARIMA order search. Optimisation
 * is by {@link io.sequoia.timeseries.classical.NelderMead}.
 */
package io.sequoia.timeseries.classical;
