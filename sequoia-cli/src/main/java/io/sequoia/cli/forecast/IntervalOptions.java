package io.sequoia.cli.forecast;

import io.sequoia.cli.Usage;
import io.sequoia.timeseries.Conformal;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --intervals model|conformal} and {@code --conformal-windows N}, shared by {@code sequoia forecast} (one series and
 * many) and {@code sequoia bench m3}: which prediction intervals every model's forecasts carry ({@link Conformal}).
 */
final class IntervalOptions {
    @Option(names = "--intervals", converter = Modes.class, description = "model: each model's own intervals (variance formulas or simulation); "
            + "conformal: the model's interval scaled to the errors of the same model refitted on rolling-origin windows of the horizon before the end "
            + "(split-conformal, pooled over the steps); a series too short for the windows keeps the model's, with a warning (default: model in forecast, conformal in bench m3).")
    Conformal.Intervals mode;
    @Option(names = "--conformal-windows", description = "conformal: windows of the horizon to calibrate on, origins n-h, n-2h, ... (default: "
            + Conformal.DEFAULT_WINDOWS + ").") Integer windows;

    /** The mode asked for, else {@code fallback} (the command's default). */
    Conformal.Intervals mode(Conformal.Intervals fallback) { return mode != null ? mode : fallback; }

    int windows() { return windows != null ? windows : Conformal.DEFAULT_WINDOWS; }

    /** Exit 2 for a window count below 1, or windows without conformal intervals. */
    void check(CommandSpec spec, Conformal.Intervals fallback) {
        if (windows != null && windows < 1) throw Usage.error(spec, "--conformal-windows must be at least 1, got " + windows);
        if (windows != null && mode(fallback) != Conformal.Intervals.CONFORMAL) {
            throw Usage.error(spec, "--conformal-windows has no effect with --intervals model; pass --intervals conformal");
        }
    }

    static final class Modes implements picocli.CommandLine.ITypeConverter<Conformal.Intervals> {
        @Override public Conformal.Intervals convert(String v) { return ForecastOptions.named(Conformal.Intervals.values(), v); }
    }
}
