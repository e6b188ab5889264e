/** Reading series from CSV ({@link io.sequoia.timeseries.data.SeriesCsv}), windows for supervised learning and splits by time. */
package io.sequoia.timeseries.data;
