package io.sequoia.timeseries;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.neural.NeuralConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forecasters of the catalogue ({@link ForecasterCatalog}), by the names the command line uses:
 * neural (lstm, gru, seq2seq, transformer), global (nbeats, deepar: trained across series), classical (arima, sarima, ets, holt-winters, kalman,
 * naive, snaive, drift, theta, dotm, ses, holt, damped), {@code comb}, the mean (or median) of
 * other models (by default the M4 benchmark: SES, Holt and damped trend on the seasonally adjusted
 * series), and {@code auto}, which picks among {@link #AUTO_CANDIDATES} by a rolling-origin backtest
 * of the training part.
 */
public enum ModelKind {
    LSTM, GRU, SEQ2SEQ, TRANSFORMER, ARIMA, SARIMA, ETS, HOLT_WINTERS, KALMAN, NAIVE, SNAIVE, DRIFT,
    THETA, DOTM, SES, HOLT, DAMPED, COMB, AUTO,
    /** N-BEATS, a global model: trained across many series first ({@link ForecasterCatalog.Builder#global}). */
    NBEATS,
    /** DeepAR, a global model with a distribution head: trained across many series first ({@link ForecasterCatalog.Builder#deepar}). */
    DEEPAR;

    /**
     * The classical models {@code auto} compares by backtest, in this order (the first wins a tie). The naive baselines
     * other than seasonal naive are not candidates: on every 8th M3 monthly series (179) auto's sMAPE was 13.60 without
     * them, 13.88 with drift and 14.00 with naive and drift (docs/labs.md, issue 15, fifth round): a 2-fold backtest picks
     * them where a trend or a level happened to hold over the folds, and the test period does not continue it.
     */
    public static final List<ModelKind> AUTO_CANDIDATES = List.of(SNAIVE, THETA, DOTM, SES, DAMPED, ETS, SARIMA);

    /** The models of the M4 benchmark "Comb", the default members of {@code comb}. */
    public static final List<ModelKind> COMB_DEFAULT = List.of(SES, HOLT, DAMPED);

    /**
     * Models named on a command line: plain names, and at most one combination written
     * {@code comb(a,b,...)} (mean) or {@code median(a,b,...)}, which becomes {@link #COMB} with those members.
     */
    public record Selection(List<ModelKind> kinds, List<ModelKind> members, boolean median) {
        /** Parses names such as {@code ets}, {@code comb}, {@code comb(ets,theta,arima)}, {@code median(ets,theta)}. */
        public static Selection parse(List<String> names) {
            String w = "ModelKind.Selection";
            List<ModelKind> kinds = new ArrayList<>(), members = COMB_DEFAULT;
            boolean median = false, combo = false;
            for (String raw : names) {
                String t = raw.trim().toLowerCase(Locale.ROOT);
                int open = t.indexOf('(');
                if (open < 0) { kinds.add(of(t)); continue; }
                String head = t.substring(0, open).trim();
                if (!(head.equals("comb") || head.equals("median")) || !t.endsWith(")")) {
                    throw Errors.arg(w, "a combination is written comb(a,b,...) or median(a,b,...)", "comb(ets,theta)", raw, null);
                }
                if (combo) throw Errors.arg(w, "one combination per run", "one comb(...) or median(...)", raw, "Hint: list its members once");
                combo = true;
                median = head.equals("median");
                members = new ArrayList<>();
                for (String part : t.substring(open + 1, t.length() - 1).split(",")) {
                    ModelKind k = of(part);
                    if (k == COMB || k == AUTO) throw Errors.arg(w, "a combination's members are single models", "not comb or auto", k.id(), raw);
                    members.add(k);
                }
                if (members.size() < 2) throw Errors.arg(w, "a combination needs at least two members", ">= 2", members.size(), raw);
                kinds.add(COMB);
            }
            return new Selection(List.copyOf(kinds), List.copyOf(members), median);
        }

        /** The name of {@code kind} as the command line writes it ({@code comb(ses,holt,damped)} for the combination). */
        public String label(ModelKind kind) {
            if (kind != COMB) return kind.id();
            List<String> ids = new ArrayList<>();
            for (ModelKind k : members) ids.add(k.id());
            return (median ? "median(" : "comb(") + String.join(",", ids) + ")";
        }
    }

    /** The name on the command line and in reports: lower case, {@code holt-winters} with a hyphen. */
    public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    @Override public String toString() { return id(); }

    /** A model trained across many series before it forecasts any of them (nbeats, deepar). */
    public boolean isGlobal() { return this == NBEATS || this == DEEPAR; }

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
