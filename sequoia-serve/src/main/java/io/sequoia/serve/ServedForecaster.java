package io.sequoia.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.timeseries.classical.Forecast;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A forecaster (task "forecaster", {@link ForecasterFolder}): an instance is a series (a list of
 * numbers) or {@code {"series": [...], "horizon": h, "level": l}}; a prediction is
 * {@code {"mean": [...], "lower": [...], "upper": [...], "level": l, "horizon": h}} ({@code lower}
 * and {@code upper} null when the model gives no interval). A classical model is fitted to the series
 * of each instance; a neural one reads its last lookback values.
 */
final class ServedForecaster extends ServedModel {
    private static final Set<String> KEYS = Set.of("series", "horizon", "level");
    private final ForecasterFolder folder;

    private ServedForecaster(String name, ForecasterFolder folder, Map<String, Object> config) {
        super(name, config);
        this.folder = folder;
    }

    static ServedModel load(String name, Path dir) throws IOException {
        ForecasterFolder f = ForecasterFolder.load(dir);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put(ForecasterFolder.CONFIG_KEY, f.section());
        return new ServedForecaster(name, f, shown);
    }

    record Request(double[] series, int horizon, double level) {}

    @Override public String task() { return ForecasterFolder.TASK; }

    @Override public Object instance(JsonElement e, Limits limits) {
        JsonElement s = e;
        JsonObject o = new JsonObject();
        if (e != null && e.isJsonObject()) {
            o = e.getAsJsonObject();
            s = o.get("series");
            if (s == null) throw ApiException.badRequest("instance: missing field 'series'; got keys " + o.keySet());
            checkKeys(o, "instance", KEYS);
        }
        if (s == null || !s.isJsonArray()) throw ApiException.badRequest("instance: expected a series (a list of numbers) or {\"series\": [...]}; got " + (s == null ? "nothing" : s));
        JsonArray a = s.getAsJsonArray();
        if (a.size() > limits.maxSeriesLength()) throw ApiException.overLimit("max_series_length", limits.maxSeriesLength(), a.size(), "the series");
        if (a.size() < folder.minLength()) {
            throw ApiException.badRequest("the series has " + a.size() + " values; this " + folder.kind().id() + " forecaster reads at least " + folder.minLength());
        }
        double[] y = new double[a.size()];
        for (int i = 0; i < y.length; i++) {
            JsonElement v = a.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) throw ApiException.badRequest("series[" + i + "]: expected a number; got " + v);
            y[i] = v.getAsDouble();
        }
        int h = integer(o, "horizon", folder.horizon());
        if (h < 1) throw ApiException.badRequest("horizon must be at least 1; got " + h);
        if (h > limits.maxHorizon()) throw ApiException.overLimit("max_horizon", limits.maxHorizon(), h, "horizon");
        if (h > folder.maxHorizon()) {
            throw ApiException.badRequest("horizon " + h + " is more than this direct network was trained for (" + folder.maxHorizon() + ")");
        }
        double level = real(o, "level", folder.level());
        if (!(level > 0 && level < 1)) throw ApiException.badRequest("level must be in (0, 1); got " + level);
        return new Request(y, h, level);
    }

    @Override public List<JsonElement> predict(List<Object> inputs) {
        List<JsonElement> out = new ArrayList<>();
        for (Object in : inputs) {
            Request r = (Request) in;
            Forecast f;
            try {
                f = folder.forecast(r.series(), r.horizon(), r.level());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw ApiException.badRequest("model '" + name() + "' cannot forecast this series: " + e.getMessage());
            }
            JsonObject p = new JsonObject();
            p.add("mean", array(f.mean()));
            p.add("lower", array(f.lower()));
            p.add("upper", array(f.upper()));
            p.addProperty("level", r.level());
            p.addProperty("horizon", r.horizon());
            out.add(p);
        }
        return out;
    }

    private static JsonElement array(double[] v) {
        if (v == null) return com.google.gson.JsonNull.INSTANCE;
        JsonArray a = new JsonArray();
        for (double x : v) a.add(x);
        return a;
    }
}
