package io.sequoia.nn;

import com.google.gson.Gson;
import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.attention.LearnedPositionalEncoding;
import io.sequoia.nn.attention.MultiheadAttention;
import io.sequoia.nn.attention.SinusoidalPositionalEncoding;
import io.sequoia.nn.attention.TokenPositionEmbedding;
import io.sequoia.nn.attention.Transformer;
import io.sequoia.nn.attention.TransformerDecoder;
import io.sequoia.nn.attention.TransformerDecoderLayer;
import io.sequoia.nn.attention.TransformerEncoder;
import io.sequoia.nn.attention.TransformerEncoderLayer;
import io.sequoia.nn.conv.AvgPool1d;
import io.sequoia.nn.conv.Conv1d;
import io.sequoia.nn.conv.MaxPool1d;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.GRUCell;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.LSTMCell;
import io.sequoia.nn.recurrent.LayerNormLSTMCell;
import io.sequoia.nn.recurrent.RNN;
import io.sequoia.nn.recurrent.RNNCell;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every module the library has is rebuilt from its description alone: describe → JSON text → build
 * → load the weights → the same outputs. A scan of the sources makes sure no module is left out.
 */
public class ModuleRegistryTest {
    /** A module, and how to run it on a fixed input. */
    public record Sample(Module module, Function<Module, Tensor> run) {}

    private static Tensor rand(int... shape) {
        Generator.manualSeed(99);
        return Tensor.randn(shape);
    }

    private static Tensor ids(int vocab, int n, int l) {
        float[] f = new float[n * l];
        for (int i = 0; i < f.length; i++) f[i] = (i * 7 + 3) % vocab;
        return Tensor.of(f).reshape(n, l);
    }

    private static Sample one(Module m, int... inputShape) { return new Sample(m, x -> x.forward(rand(inputShape))); }

    /** Samples of every rebuildable module of the packages below train (labs add theirs in their own tests). */
    static List<Sample> samples() {
        Generator.manualSeed(5);
        List<Sample> s = new ArrayList<>();
        s.add(one(new Linear(3, 4, false), 2, 3));
        s.add(new Sample(new Embedding(10, 4, 0), m -> m.forward(ids(10, 2, 3))));
        s.add(one(new Dropout(0.3), 2, 3));
        s.add(one(new LayerNorm(new int[]{4}, 1e-3, true), 2, 4));
        s.add(one(Activation.gelu(), 2, 3));
        s.add(one(new Sequential(new Linear(3, 5), Activation.tanh(), new Linear(5, 2)), 4, 3));
        s.add(one(new LSTM(3, 4, 2, true, true, 0.0, true, 2), 2, 5, 3));
        s.add(one(new GRU(3, 4, 1, false, false, 0.0, true), 5, 2, 3));
        s.add(one(new RNN(3, 4, 2, "relu", true, true, 0.0, false), 2, 5, 3));
        s.add(one(new LSTMCell(3, 4, true), 2, 3));
        s.add(one(new GRUCell(3, 4, false), 2, 3));
        s.add(one(new RNNCell(3, 4, true, "tanh"), 2, 3));
        s.add(one(new LayerNormLSTMCell(3, 4), 2, 3));
        s.add(one(new Conv1d(4, 6, 3, 1, "same", 1, 2, true), 2, 4, 7));
        s.add(one(new Conv1d(4, 2, 2, 2, 1), 2, 4, 7));
        s.add(one(new MaxPool1d(3, 2, 1, 1, true), 2, 4, 7));
        s.add(one(new AvgPool1d(3, 2, 1, false, false), 2, 4, 7));
        s.add(one(new MultiheadAttention(8, 2, 0.0, true, true), 2, 5, 8));
        s.add(one(new SinusoidalPositionalEncoding(8, 0.0, 20, true), 2, 5, 8));
        s.add(one(new LearnedPositionalEncoding(20, 8, 0.0, true), 2, 5, 8));
        s.add(new Sample(new TokenPositionEmbedding(11, 8, 20, "sinusoidal", 0.0, true), m -> m.forward(ids(11, 2, 5))));
        var enc = new TransformerEncoderLayer(8, 2, 16, 0.0, "gelu", 1e-5, true, true);
        s.add(one(enc, 2, 5, 8));
        s.add(one(new TransformerEncoder(enc, 2, new LayerNorm(8)), 2, 5, 8));
        var dec = new TransformerDecoderLayer(8, 2, 16, 0.0, "relu", 1e-5, true, false);
        s.add(new Sample(dec, m -> ((TransformerDecoderLayer) m).forward(rand(2, 4, 8), rand(2, 5, 8))));
        s.add(new Sample(new TransformerDecoder(dec, 2), m -> ((TransformerDecoder) m).forward(rand(2, 4, 8), rand(2, 5, 8))));
        s.add(new Sample(new Transformer(8, 2, 1, 2, 12, 0.0, "relu", 1e-5, true, true),
                m -> ((Transformer) m).forward(rand(2, 5, 8), rand(2, 4, 8))));
        return s;
    }

    @SuppressWarnings("unchecked")
    public static void assertRebuilds(Sample sample) {
        Module m = sample.module();
        m.eval();
        Map<String, Object> description = new Gson().fromJson(new Gson().toJson(ModuleRegistry.describe(m)), Map.class);
        Module back = ModuleRegistry.build(description);
        String name = m.getClass().getName();
        assertEquals(m.getClass(), back.getClass(), name);
        assertEquals(m.config().keySet(), back.config().keySet(), name);
        back.loadStateDict(m.stateDict(), true);
        back.eval();
        try (var g = GradMode.noGrad()) {
            Tensor a = sample.run().apply(m), b = sample.run().apply(back);
            assertArrayEquals(a.shape(), b.shape(), name);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f, name);
        }
    }

    @Test
    void everyModuleIsRebuiltFromItsDescriptionWithTheSameOutputs() {
        for (Sample s : samples()) assertRebuilds(s);
    }

    @Test
    void descriptionsNameTheClassAndLegacyTypeNamesStillLoad() {
        Map<String, Object> d = ModuleRegistry.describe(new Linear(2, 3));
        assertEquals("io.sequoia.nn.Linear", d.get("class"));
        Module legacy = ModuleRegistry.build(Map.of("type", "Linear", "config", Map.of("in_features", 2.0, "out_features", 3.0, "bias", true)));
        assertTrue(legacy instanceof Linear);
        Module keras = ModuleRegistry.build(Map.of("type", "KerasLSTM", "config", Map.of("units", 4.0, "use_bias", true, "input_size", 3.0,
                "return_sequences", false, "return_state", false, "go_backwards", false)));
        assertEquals("io.sequoia.train.keras.LSTM", keras.getClass().getName());
    }

    @Test
    void badDescriptionsAreRefusedWithNames() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> ModuleRegistry.build(Map.of("type", "Nope")));
        assertTrue(unknown.getMessage().startsWith("ModuleRegistry.build: unknown module type;"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("got Nope"), unknown.getMessage());
        var foreign = assertThrows(IllegalArgumentException.class, () -> ModuleRegistry.build(Map.of("class", "java.lang.Runtime")));
        assertTrue(foreign.getMessage().contains("must be a Sequoia class"), foreign.getMessage());
        var notModule = assertThrows(IllegalArgumentException.class, () -> ModuleRegistry.build(Map.of("class", "io.sequoia.nn.Config")));
        assertTrue(notModule.getMessage().contains("class is not a Module"), notModule.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> ModuleRegistry.build(Map.of("class", "io.sequoia.nn.Linear", "config", Map.of("in_features", 2.0))));
        assertEquals("Linear.fromConfig: missing config key 'out_features'; expected out_features, got keys [in_features]", missing.getMessage());
        var fractional = assertThrows(IllegalArgumentException.class,
                () -> ModuleRegistry.build(Map.of("class", "io.sequoia.nn.Linear", "config", Map.of("in_features", 2.5, "out_features", 1.0))));
        assertTrue(fractional.getMessage().contains("'in_features' must be an integer"), fractional.getMessage());
    }

    /**
     * Every concrete module class in the main sources can be rebuilt (declares fromConfig), and
     * the ones of nn and train.keras have a sample above or in the Keras test. Losses are not part of
     * a saved architecture and are left out.
     */
    /** Being moved onto the registry on the forecasting branch (issue 11); must be empty when it lands. */
    private static final Set<String> PENDING = Set.of();

    @Test
    @SuppressWarnings("unchecked")
    void noModuleIsLeftOutOfTheRegistry() throws IOException, ClassNotFoundException {
        Path root = Paths.get("src", "main", "java");
        Set<String> notRebuildable = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String cls = root.relativize(p).toString().replace('/', '.').replace(".java", "");
                if (cls.startsWith("io.sequoia.nn.loss.") || cls.endsWith("package-info")) continue;
                Class<?> c = Class.forName(cls, false, getClass().getClassLoader());
                if (!Module.class.isAssignableFrom(c) || Modifier.isAbstract(c.getModifiers()) || c == Sequential.class) continue;
                if (!ModuleRegistry.isRebuildable((Class<? extends Module>) c) && !PENDING.contains(cls)) notRebuildable.add(cls);
            }
        }
        if (!notRebuildable.isEmpty()) fail("modules without public static fromConfig(Map): " + notRebuildable);
    }

    @Test
    void configReaderNamesTheModuleAndTheKey() {
        Config c = Config.of("Thing", new LinkedHashMap<>(Map.of("n", 3.0, "flag", "yes", "sizes", List.of(1.0, 2.0))));
        assertEquals(3, c.integer("n"));
        assertEquals(7, c.integer("absent", 7));
        assertArrayEquals(new int[]{1, 2}, c.ints("sizes"));
        var e = assertThrows(IllegalArgumentException.class, () -> c.bool("flag"));
        assertEquals("Thing.fromConfig: config key 'flag' must be true or false; expected true or false, got yes (String)", e.getMessage());
    }
}
