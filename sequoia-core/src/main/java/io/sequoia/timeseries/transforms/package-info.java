/** Value transforms with exact inverses (scalers fitted on the training part, log, Box-Cox) and differencing. */
package io.sequoia.timeseries.transforms;
