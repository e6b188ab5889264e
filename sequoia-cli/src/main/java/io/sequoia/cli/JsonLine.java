package io.sequoia.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;

/**
 * The {@code --json} line of every command: a metric or value that is NaN or infinite (an F1 of a class never
 * predicted, a loss that diverged) is left out of its object (Gson leaves out null members) and written as
 * {@code null} inside a list, as JSON has no such numbers (Gson's default refuses them with an exception text
 * telling the user to change Sequoia's code).
 */
public final class JsonLine {
    private JsonLine() {}

    private static final TypeAdapter<Number> FINITE_OR_NULL = new TypeAdapter<>() {
        @Override public void write(JsonWriter out, Number v) throws IOException {
            if (v == null || !Double.isFinite(v.doubleValue())) out.nullValue();
            else out.value(v);
        }
        @Override public Number read(JsonReader in) { throw new UnsupportedOperationException("JsonLine only writes"); }
    };

    // no HTML escaping: a shape "lstm B=32 H=512 AB" or a label with < > & ' stays readable in the line (Gson by default wrote "=" as a unicode escape)
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping()
            .registerTypeAdapter(Double.class, FINITE_OR_NULL).registerTypeAdapter(double.class, FINITE_OR_NULL)
            .registerTypeAdapter(Float.class, FINITE_OR_NULL).registerTypeAdapter(float.class, FINITE_OR_NULL).create();

    /** {@code value} as one line of JSON, non-finite numbers as {@code null}. */
    public static String of(Object value) { return GSON.toJson(value); }

    /**
     * One JSON line from alternating keys and values ({@code "model", name, "seconds", 1.5, ...}), in that
     * order; a NaN or infinite value is left out, as in {@link #of}.
     */
    public static String fields(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("JsonLine.fields: keys and values must alternate");
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return of(m);
    }

    /** {@code v} rounded to {@code digits} decimals (as the text lines print it); NaN and infinities unchanged. */
    public static double rounded(double v, int digits) {
        if (!Double.isFinite(v)) return v;
        return new java.math.BigDecimal(Double.toString(v)).setScale(digits, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}
