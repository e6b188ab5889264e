package io.sequoia.timeseries.global;

import io.sequoia.timeseries.classical.Forecast;

/**
 * A model trained across many series that forecasts any series from its history ({@link NBeatsForecaster},
 * {@link DeepArForecaster}); {@link GlobalSeries} puts one behind a series of the catalogue.
 */
public interface GlobalForecaster {
    /** The catalogue's name of the model ({@code nbeats}, {@code deepar}). */
    String name();

    /** The longest forecast, in steps. */
    int horizon();

    /** The settings (and, after training, a summary of it). */
    String describe();

    /**
     * The next {@code h} (at most {@link #horizon()}) points after {@code history} on its own scale, with a
     * central interval at {@code level} if the model gives one (else null bounds).
     */
    Forecast forecast(double[] history, int h, double level);
}
