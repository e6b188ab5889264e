package io.sequoia.cli.forecast;

import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.Transform;
import io.sequoia.timeseries.neural.NeuralConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Locale;

/** Converters from the command line's lower-case names to the forecasting library's enums. */
final class ForecastOptions {
    private ForecastOptions() {}

    static final class Models implements ITypeConverter<ModelKind> {
        @Override public ModelKind convert(String v) { return named(ModelKind.values(), v); }
    }

    static final class Transforms implements ITypeConverter<Transform> {
        @Override public Transform convert(String v) { return named(Transform.values(), v); }
    }

    static final class Heads implements ITypeConverter<NeuralConfig.Head> {
        @Override public NeuralConfig.Head convert(String v) { return named(NeuralConfig.Head.values(), v); }
    }

    static final class Strategies implements ITypeConverter<NeuralConfig.Strategy> {
        @Override public NeuralConfig.Strategy convert(String v) { return named(NeuralConfig.Strategy.values(), v); }
    }

    static final class Normalizations implements ITypeConverter<NeuralConfig.Normalize> {
        @Override public NeuralConfig.Normalize convert(String v) { return named(NeuralConfig.Normalize.values(), v); }
    }

    /** The constant whose lower-case name (hyphens for underscores) is {@code v}, ignoring case. */
    static <E extends Enum<E>> E named(E[] values, String v) {
        for (E e : values) if (id(e).equalsIgnoreCase(v.trim())) return e;
        throw new TypeConversionException("expected one of " + Arrays.stream(values).map(ForecastOptions::id).toList() + ", got " + v);
    }

    static String id(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT).replace('_', '-'); }
}
