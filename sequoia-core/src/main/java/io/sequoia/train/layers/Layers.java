package io.sequoia.train.layers;

import io.sequoia.nn.Module;
import io.sequoia.train.ModuleConfig;
import io.sequoia.tensor.Errors;

import java.util.Map;

/**
 * Registers every layer of this package with {@link ModuleConfig}, so {@code Model.load} rebuilds
 * them from {@code config.json}. {@code ModuleConfig}'s static initialiser calls {@link #register()},
 * so loading works in a fresh JVM before any layer was constructed; calling it again is harmless.
 */
public final class Layers {
    private Layers() {}

    public static void register() {
        ModuleConfig.register("SimpleRNN", c -> options(c, new SimpleRNN(i(c, "units"), s(c, "activation"), b(c, "use_bias"), i(c, "input_size"))));
        ModuleConfig.register("KerasLSTM", c -> options(c, new KerasLSTM(i(c, "units"), b(c, "use_bias"), i(c, "input_size"))));
        ModuleConfig.register("KerasGRU", c -> options(c, new KerasGRU(i(c, "units"), b(c, "use_bias"), i(c, "input_size"))));
        ModuleConfig.register("Bidirectional", Layers::bidirectional);
        ModuleConfig.register("KerasEmbedding", c -> new KerasEmbedding(i(c, "num_embeddings"), i(c, "embedding_dim"), b(c, "mask_zero")));
        ModuleConfig.register("GlobalAveragePooling1D", c -> new GlobalAveragePooling1D());
        ModuleConfig.register("GlobalMaxPooling1D", c -> new GlobalMaxPooling1D());
        ModuleConfig.register("KerasFlatten", c -> new KerasFlatten());
        ModuleConfig.register("Masking", c -> new Masking(d(c, "mask_value")));
    }

    private static Module options(Map<String, Object> c, RecurrentLayer l) {
        if (c.get("recurrent_dropout") != null) l.recurrentDropout(d(c, "recurrent_dropout"));
        return l.returnSequences(b(c, "return_sequences")).returnState(b(c, "return_state")).goBackwards(b(c, "go_backwards"));
    }

    @SuppressWarnings("unchecked")
    private static Module bidirectional(Map<String, Object> c) {
        Module inner = need(c, "layer") instanceof Map<?, ?> m ? ModuleConfig.build((Map<String, Object>) m) : null;
        if (!(inner instanceof RecurrentLayer r)) {
            throw Errors.arg("ModuleConfig.build", "Bidirectional wraps a recurrent layer", "SimpleRNN, KerasLSTM or KerasGRU",
                    inner == null ? c.get("layer") : inner.getClass().getSimpleName(), null);
        }
        return new Bidirectional(r, s(c, "merge_mode"));
    }

    private static Object need(Map<String, Object> c, String k) {
        Object v = c.get(k);
        if (v == null) throw Errors.arg("ModuleConfig.build", "missing config key", k, c.keySet(), null);
        return v;
    }

    private static int i(Map<String, Object> c, String k) { return ((Number) need(c, k)).intValue(); }
    private static double d(Map<String, Object> c, String k) { return ((Number) need(c, k)).doubleValue(); }
    private static boolean b(Map<String, Object> c, String k) { return (Boolean) need(c, k); }
    private static String s(Map<String, Object> c, String k) { return (String) need(c, k); }
}
