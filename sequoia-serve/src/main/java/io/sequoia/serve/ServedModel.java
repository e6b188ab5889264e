package io.sequoia.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One loaded model folder as the server sees it. A kind (its folder's "task") is one subclass: it
 * turns a JSON instance into its input ({@link #instance}, checking the {@link Limits}) and runs a
 * list of inputs as one batch ({@link #predict}). The server calls {@link #predict} and
 * {@link #stream} from one thread at a time per model (modules keep state between calls).
 */
public abstract class ServedModel {
    private final String name;
    private final Map<String, Object> config;

    protected ServedModel(String name, Map<String, Object> config) {
        this.name = name;
        this.config = config;
    }

    /** The name in the routes: the folder's name. */
    public final String name() { return name; }

    /** The folder's config.json as shown by {@code GET /v1/models} (long lists shortened by the kind). */
    public final Map<String, Object> config() { return config; }

    /** The folder's task. */
    public abstract String task();

    /** Checks and converts one instance of a {@code :predict} call; {@link ApiException} (4xx) when it is not one. */
    public abstract Object instance(JsonElement instance, Limits limits);

    /** The predictions of inputs made by {@link #instance}, in order. */
    public abstract List<JsonElement> predict(List<Object> inputs);

    /** Whether inputs of several requests may run as one batch (false: one at a time). */
    public boolean batchable() { return true; }

    /** Whether the model generates (takes {@code :generate}). */
    public boolean generates() { return false; }

    /** Streams a generation, one piece of text at a time; only generating kinds override it. */
    public JsonObject stream(JsonObject request, Limits limits, Consumer<String> pieces) {
        throw ApiException.badRequest("model '" + name + "' is a " + task() + "; :generate takes a language model");
    }

    /** A required string field of an instance object, or the instance itself when it is a string. */
    protected static String text(JsonElement e, String field, String what) {
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) return e.getAsString();
        if (e != null && e.isJsonObject()) {
            JsonElement f = e.getAsJsonObject().get(field);
            if (f != null && f.isJsonPrimitive() && f.getAsJsonPrimitive().isString()) return f.getAsString();
            throw ApiException.badRequest(what + ": missing string field '" + field + "'; got keys " + e.getAsJsonObject().keySet());
        }
        throw ApiException.badRequest(what + ": expected a string or an object with '" + field + "'; got " + (e == null ? "nothing" : e));
    }

    protected static JsonElement number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return null;
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw ApiException.badRequest(key + ": expected a number; got " + e);
        return e;
    }

    protected static int integer(JsonObject o, String key, int dflt) {
        JsonElement e = number(o, key);
        if (e == null) return dflt;
        double d = e.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw ApiException.badRequest(key + ": expected an integer; got " + e);
        return (int) d;
    }

    protected static double real(JsonObject o, String key, double dflt) {
        JsonElement e = number(o, key);
        return e == null ? dflt : e.getAsDouble();
    }

    protected static boolean bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return false;
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) throw ApiException.badRequest(key + ": expected true or false; got " + e);
        return e.getAsBoolean();
    }

    /** Refuses keys of an instance object that the kind does not read (a misspelt option is an error, not ignored). */
    protected static void checkKeys(JsonElement e, String what, java.util.Set<String> allowed) {
        if (e == null || !e.isJsonObject()) return;
        for (String k : e.getAsJsonObject().keySet()) {
            if (!allowed.contains(k)) throw ApiException.badRequest(what + ": unknown field '" + k + "'; expected some of " + new java.util.TreeSet<>(allowed));
        }
    }
}
