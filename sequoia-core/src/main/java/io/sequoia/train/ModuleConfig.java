package io.sequoia.train;

import io.sequoia.nn.Activation;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Embedding;
import io.sequoia.nn.LayerNorm;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.RNN;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.tensor.Errors;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rebuilds modules from the architecture tree of a saved model's config.json. Layers from later
 * packages register their factory with {@link #register}.
 */
public final class ModuleConfig {
    private ModuleConfig() {}

    private static final Map<String, Function<Map<String, Object>, Module>> FACTORIES = new ConcurrentHashMap<>();

    static {
        register("Linear", c -> new Linear(i(c, "in_features"), i(c, "out_features"), b(c, "bias")));
        register("Embedding", c -> new Embedding(i(c, "num_embeddings"), i(c, "embedding_dim"),
                c.get("padding_idx") == null ? Embedding.NO_PADDING : i(c, "padding_idx")));
        register("Dropout", c -> new Dropout(d(c, "p")));
        register("LayerNorm", c -> new LayerNorm(ints(c, "normalized_shape"), d(c, "eps"), b(c, "elementwise_affine")));
        register("Activation", c -> Activation.of((String) c.get("name")));
        register("Dense", c -> new Dense(i(c, "units"), (String) c.get("activation"), b(c, "use_bias"), i(c, "input_size")));
        register("LSTM", c -> withRecurrentDropout(new LSTM(i(c, "input_size"), i(c, "hidden_size"), i(c, "num_layers"), b(c, "bias"),
                b(c, "batch_first"), d(c, "dropout"), b(c, "bidirectional"), i(c, "proj_size")), c));
        register("GRU", c -> withRecurrentDropout(new GRU(i(c, "input_size"), i(c, "hidden_size"), i(c, "num_layers"), b(c, "bias"),
                b(c, "batch_first"), d(c, "dropout"), b(c, "bidirectional")), c));
        register("RNN", c -> withRecurrentDropout(new RNN(i(c, "input_size"), i(c, "hidden_size"), i(c, "num_layers"),
                (String) need(c, "nonlinearity"), b(c, "bias"), b(c, "batch_first"), d(c, "dropout"), b(c, "bidirectional")), c));
        io.sequoia.train.layers.Layers.register();   // Keras-style layers (train.layers), loadable in a fresh JVM
    }

    /** Registers how to rebuild a module type from its {@link Module#config()}. */
    public static void register(String type, Function<Map<String, Object>, Module> factory) { FACTORIES.put(type, factory); }

    /**
     * Rebuilds a module from its description as {@link io.sequoia.io.ModelFolder#architecture} writes it
     * ({@code {"type", "config", "children": {name: ...}}}); weights are loaded separately.
     */
    @SuppressWarnings("unchecked")
    public static Module build(Map<String, Object> desc) {
        String type = (String) desc.get("type");
        if (type == null) throw Errors.arg("ModuleConfig.build", "module description needs a 'type'", "a type name", desc.keySet(), null);
        if (type.equals("Sequential")) {
            io.sequoia.nn.Sequential s = new io.sequoia.nn.Sequential();
            for (Object c : ((Map<String, Object>) desc.getOrDefault("children", Map.of())).values()) s.add(build((Map<String, Object>) c));
            return s;
        }
        Function<Map<String, Object>, Module> f = FACTORIES.get(type);
        if (f == null) throw Errors.arg("ModuleConfig.build", "unknown module type", "one of " + FACTORIES.keySet() + " or Sequential", type, null);
        return f.apply((Map<String, Object>) desc.getOrDefault("config", Map.of()));
    }

    private static Module withRecurrentDropout(RNNBase m, Map<String, Object> c) {
        if (c.get("recurrent_dropout") != null) m.recurrentDropout(d(c, "recurrent_dropout"));
        return m;
    }

    private static Object need(Map<String, Object> c, String k) {
        Object v = c.get(k);
        if (v == null) throw Errors.arg("ModuleConfig.build", "missing config key", k, c.keySet(), null);
        return v;
    }

    static int i(Map<String, Object> c, String k) { return ((Number) need(c, k)).intValue(); }
    static double d(Map<String, Object> c, String k) { return ((Number) need(c, k)).doubleValue(); }
    static boolean b(Map<String, Object> c, String k) { return (Boolean) need(c, k); }

    static int[] ints(Map<String, Object> c, String k) {
        Object v = need(c, k);
        if (v instanceof int[] a) return a;
        List<?> l = (List<?>) v;
        int[] out = new int[l.size()];
        for (int j = 0; j < out.length; j++) out[j] = ((Number) l.get(j)).intValue();
        return out;
    }
}
