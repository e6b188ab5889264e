package io.sequoia.nn;

import io.sequoia.tensor.Errors;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one registry of module types: describes a module tree for {@code config.json} and rebuilds it.
 * <p>
 * There is no registration step and no static initialiser: every module that can be rebuilt declares
 * {@code public static T fromConfig(Map<String, Object> config)} in its own file, reading its values
 * with {@link Config}. A description records the module's class ({@code "class"}, the fully qualified
 * name), so loading does not depend on which classes happened to run first. Only classes under
 * {@code io.sequoia.} that extend {@link Module} are ever loaded from a description. Folders written
 * before the {@code "class"} key existed name the type only; {@link #LEGACY_TYPES} maps those names.
 * <pre>
 * {"type": "LSTM", "class": "io.sequoia.nn.recurrent.LSTM", "config": {...}, "children": {name: description}}
 * </pre>
 * {@code Sequential} is rebuilt from its children; every other module rebuilds its own children
 * from its config.
 */
public final class ModuleRegistry {
    private ModuleRegistry() {}

    /** Type names written by Sequoia before descriptions carried the class → the class under {@code io.sequoia.}. */
    public static final Map<String, String> LEGACY_TYPES = Map.ofEntries(
            Map.entry("Linear", "nn.Linear"),
            Map.entry("Embedding", "nn.Embedding"),
            Map.entry("Dropout", "nn.Dropout"),
            Map.entry("LayerNorm", "nn.LayerNorm"),
            Map.entry("Activation", "nn.Activation"),
            Map.entry("Sequential", "nn.Sequential"),
            Map.entry("LSTM", "nn.recurrent.LSTM"),
            Map.entry("GRU", "nn.recurrent.GRU"),
            Map.entry("RNN", "nn.recurrent.RNN"),
            Map.entry("Dense", "train.keras.Dense"),
            Map.entry("SimpleRNN", "train.keras.SimpleRNN"),
            Map.entry("KerasLSTM", "train.keras.LSTM"),
            Map.entry("KerasGRU", "train.keras.GRU"),
            Map.entry("KerasEmbedding", "train.keras.Embedding"),
            Map.entry("KerasFlatten", "train.keras.Flatten"),
            Map.entry("Bidirectional", "train.keras.Bidirectional"),
            Map.entry("GlobalAveragePooling1D", "train.keras.GlobalAveragePooling1D"),
            Map.entry("GlobalMaxPooling1D", "train.keras.GlobalMaxPooling1D"),
            Map.entry("Masking", "train.keras.Masking"),
            Map.entry("ConvTextEncoder", "text.ConvTextEncoder"),
            Map.entry("TransformerTextEncoder", "text.TransformerTextEncoder"),
            Map.entry("RecurrentLanguageModel", "lm.RecurrentLanguageModel"),
            Map.entry("TransformerLanguageModel", "lm.TransformerLanguageModel"));

    /** The description of a module tree: type, class, config and children (empty parts left out). */
    public static Map<String, Object> describe(Module m) {
        if (m == null) throw Errors.arg("ModuleRegistry.describe", "module must not be null", "a Module", null, null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", m.getClass().getSimpleName());
        out.put("class", m.getClass().getName());
        Map<String, Object> config = m.config();
        if (!config.isEmpty()) out.put("config", config);
        if (!m.namedChildren().isEmpty()) {
            Map<String, Object> children = new LinkedHashMap<>();
            m.namedChildren().forEach((k, c) -> children.put(k, describe(c)));
            out.put("children", children);
        }
        return out;
    }

    /** Rebuilds a module from its {@link #describe description}; weights are loaded separately. */
    @SuppressWarnings("unchecked")
    public static Module build(Map<String, Object> description) {
        if (description == null) throw Errors.arg("ModuleRegistry.build", "a module description is required", "an object", null, null);
        Class<? extends Module> cls = moduleClass(description);
        if (cls == Sequential.class) {
            Sequential s = new Sequential();
            Object children = description.getOrDefault("children", Map.of());
            if (!(children instanceof Map<?, ?> cm)) throw Errors.arg("ModuleRegistry.build", "Sequential children must be an object", "an object", children, null);
            for (Object c : cm.values()) {
                if (!(c instanceof Map<?, ?>)) throw Errors.arg("ModuleRegistry.build", "a child description must be an object", "an object", c, null);
                s.add(build((Map<String, Object>) c));
            }
            return s;
        }
        Object config = description.getOrDefault("config", Map.of());
        if (!(config instanceof Map<?, ?>)) throw Errors.arg("ModuleRegistry.build", "config must be an object", "an object", config, "type " + cls.getSimpleName());
        Method f = factory(cls);
        try {
            Object m = f.invoke(null, config);
            if (!cls.isInstance(m)) {
                throw Errors.arg("ModuleRegistry.build", cls.getSimpleName() + ".fromConfig must build a " + cls.getSimpleName(),
                        cls.getName(), m == null ? null : m.getClass().getName(), null);
            }
            return (Module) m;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code cls} can be rebuilt: it declares {@code public static fromConfig(Map)}. */
    public static boolean isRebuildable(Class<? extends Module> cls) {
        try {
            factory(cls);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Method factory(Class<? extends Module> cls) {
        try {
            Method f = cls.getDeclaredMethod("fromConfig", Map.class);
            if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers())) return f;
        } catch (NoSuchMethodException e) {
            // reported below
        }
        throw Errors.arg("ModuleRegistry.build", "module type cannot be rebuilt from a config",
                "a class declaring public static fromConfig(Map<String, Object>)", cls.getName(), null);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Module> moduleClass(Map<String, Object> d) {
        Object type = d.get("type"), name = d.get("class");
        if (name == null) {
            if (!(type instanceof String t)) throw Errors.arg("ModuleRegistry.build", "a module description needs a 'class' or 'type'", "a class name", d.keySet(), null);
            name = LEGACY_TYPES.get(t) == null ? null : "io.sequoia." + LEGACY_TYPES.get(t);
            if (name == null) throw Errors.arg("ModuleRegistry.build", "unknown module type", "one of " + new java.util.TreeSet<>(LEGACY_TYPES.keySet()) + " or a 'class'", t, null);
        }
        if (!(name instanceof String n) || !n.startsWith("io.sequoia.")) {
            throw Errors.arg("ModuleRegistry.build", "module class must be a Sequoia class", "a name starting io.sequoia.", name, null);
        }
        Class<?> c;
        try {
            c = Class.forName(n, false, ModuleRegistry.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw Errors.arg("ModuleRegistry.build", "unknown module class", "a class of this Sequoia", n, "type " + type);
        }
        if (!Module.class.isAssignableFrom(c)) throw Errors.arg("ModuleRegistry.build", "class is not a Module", "a Module subclass", n, null);
        return (Class<? extends Module>) c;
    }
}
