package io.sequoia.nn;

import io.sequoia.tensor.Errors;

import java.util.List;
import java.util.Map;

/**
 * The one reader of a module's saved configuration (the map {@link Module#config()} writes, read
 * back from {@code config.json}): typed values by key, with errors that name the module type, the
 * key and what was found. JSON numbers come back as doubles; {@link #integer} refuses 2.5.
 * <pre>
 * Config c = Config.of("LSTM", map);
 * new LSTM(c.integer("input_size"), c.integer("hidden_size")) ...
 * </pre>
 */
public final class Config {
    private final String type;
    private final Map<String, Object> values;

    private Config(String type, Map<String, Object> values) {
        this.type = type;
        this.values = values == null ? Map.of() : values;
    }

    /** A reader of {@code values} for a module of {@code type} (named in errors). */
    public static Config of(String type, Map<String, Object> values) { return new Config(type, values); }

    public boolean has(String key) { return values.get(key) != null; }

    /** The raw value, or an error naming the missing key and the keys present. */
    public Object value(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw Errors.arg(type + ".fromConfig", "missing config key '" + key + "'", key, "keys " + values.keySet(), null);
        }
        return v;
    }

    private <T> T typed(String key, Class<T> cls, String what) {
        Object v = value(key);
        if (!cls.isInstance(v)) {
            throw Errors.arg(type + ".fromConfig", "config key '" + key + "' must be " + what, what, v + " (" + v.getClass().getSimpleName() + ")", null);
        }
        return cls.cast(v);
    }

    public int integer(String key) {
        double d = typed(key, Number.class, "a number").doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw Errors.arg(type + ".fromConfig", "config key '" + key + "' must be an integer", "an integer", d, null);
        }
        return (int) d;
    }

    public int integer(String key, int otherwise) { return has(key) ? integer(key) : otherwise; }

    public double real(String key) { return typed(key, Number.class, "a number").doubleValue(); }

    public double real(String key, double otherwise) { return has(key) ? real(key) : otherwise; }

    public boolean bool(String key) { return typed(key, Boolean.class, "true or false"); }

    public boolean bool(String key, boolean otherwise) { return has(key) ? bool(key) : otherwise; }

    public String string(String key) { return typed(key, String.class, "a string"); }

    public String string(String key, String otherwise) { return has(key) ? string(key) : otherwise; }

    public int[] ints(String key) {
        Object v = value(key);
        if (v instanceof int[] a) return a.clone();
        if (!(v instanceof List<?> l)) throw Errors.arg(type + ".fromConfig", "config key '" + key + "' must be a list of integers", "a list", v, null);
        int[] out = new int[l.size()];
        for (int j = 0; j < out.length; j++) {
            Object e = l.get(j);
            if (!(e instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw Errors.arg(type + ".fromConfig", "config key '" + key + "' must be a list of integers", "integers", l, null);
            }
            out[j] = n.intValue();
        }
        return out;
    }

    /** A nested object (e.g. a wrapped layer's description). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        return (Map<String, Object>) typed(key, Map.class, "an object");
    }

    /** A wrapped module rebuilt from the nested description under {@code key}. */
    public Module module(String key) { return ModuleRegistry.build(map(key)); }
}
