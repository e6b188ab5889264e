/** Forecast accuracy: MAE, RMSE, MAPE, sMAPE, MASE and interval coverage. */
package io.sequoia.timeseries.metrics;
