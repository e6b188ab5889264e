package io.sequoia.timeseries;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.neural.NeuralConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forecasters of the catalogue ({@link ForecasterCatalog}), by the names the command line uses:
 * neural (lstm, gru, seq2seq, transformer), classical (arima, sarima, ets, holt-winters, kalman,
 * naive, snaive, drift) and {@code auto}, which picks one of {@link #AUTO_CANDIDATES} on a
 * validation split of the training part.
 */
public enum ModelKind {
    LSTM, GRU, SEQ2SEQ, TRANSFORMER, ARIMA, SARIMA, ETS, HOLT_WINTERS, KALMAN, NAIVE, SNAIVE, DRIFT, AUTO;

    /** The classical models {@code auto} compares, in this order. */
    public static final List<ModelKind> AUTO_CANDIDATES = List.of(SNAIVE, ETS, SARIMA, KALMAN);

    /** The name on the command line and in reports: lower case, {@code holt-winters} with a hyphen. */
    public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    @Override public String toString() { return id(); }

    public boolean isNeural() { return this == LSTM || this == GRU || this == SEQ2SEQ || this == TRANSFORMER; }

    /** The network of a neural kind. */
    public NeuralConfig.Arch arch() {
        return switch (this) {
            case LSTM -> NeuralConfig.Arch.LSTM;
            case GRU -> NeuralConfig.Arch.GRU;
            case SEQ2SEQ -> NeuralConfig.Arch.SEQ2SEQ;
            case TRANSFORMER -> NeuralConfig.Arch.TRANSFORMER;
            default -> throw Errors.arg("ModelKind.arch", "only neural models have a network", "lstm, gru, seq2seq or transformer", id(), null);
        };
    }

    /** All names, in catalogue order. */
    public static List<String> ids() {
        List<String> out = new ArrayList<>();
        for (ModelKind k : values()) out.add(k.id());
        return out;
    }

    /** The kind named {@code id} (case-insensitive). */
    public static ModelKind of(String id) {
        for (ModelKind k : values()) if (k.id().equalsIgnoreCase(id == null ? "" : id.trim())) return k;
        throw Errors.arg("ModelKind.of", "unknown forecasting model", "one of " + ids(), id, null);
    }
}
