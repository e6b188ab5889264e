/**
 * Global forecasters: one network trained on windows sampled across many series, which then forecasts
 * any series given its history (N-BEATS, Oreshkin et al. 2020).
 */
package io.sequoia.timeseries.global;
