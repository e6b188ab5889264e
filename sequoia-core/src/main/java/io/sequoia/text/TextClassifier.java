package io.sequoia.text;

import io.sequoia.data.text.TextVectorizer;
import io.sequoia.data.text.Sequences;
import io.sequoia.data.text.Vocabulary;
import io.sequoia.autograd.Tensor;
import io.sequoia.data.LabeledTexts;
import io.sequoia.io.FileFormatException;
import io.sequoia.io.ModelFolder;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.train.keras.Dense;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import io.sequoia.train.Sequential;
import io.sequoia.train.keras.Bidirectional;
import io.sequoia.train.keras.GlobalAveragePooling1D;
import io.sequoia.train.keras.GlobalMaxPooling1D;
import io.sequoia.train.keras.Embedding;
import io.sequoia.train.keras.GRU;
import io.sequoia.train.keras.LSTM;
import io.sequoia.train.keras.RecurrentLayer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text classifier with its preprocessing: a {@link TextVectorizer} (words, HTML tags such as
 * IMDB's {@code <br />} removed, int sequences padded or truncated to {@code maxLen}), a Keras-style {@link Sequential} network, and the class labels
 * (any strings, sorted). Two classes give one sigmoid output and binary cross-entropy; more give
 * logits and cross-entropy. Architectures ({@link Spec#model}):
 * <pre>
 * lstm | gru    Embedding(V, E, maskZero) → Dropout → [LSTM|GRU(H, returnSequences)] × (layers−1) → LSTM|GRU(H) → Dropout → Dense
 * bilstm        the same with Bidirectional(LSTM(H)) (output 2H)
 *               pool max|mean: the last recurrent layer returns every step and GlobalMax/AveragePooling1D
 *               (masked) replaces the last state
 * cnn           Embedding(V, E) → Dropout → ConvTextEncoder(E, H filters, sizes 3, 4, 5) → Dropout → Dense   (Kim 2014)
 * transformer   TransformerTextEncoder(V, E, heads 4, layers, ff 2E) → Dropout → Dense
 * </pre>
 * The embedding starts U(−{@value #EMBEDDING_INIT}, +) as in Keras.
 * Saved as a model folder: {@code config.json} (architecture, {@code "text_classifier"}: spec,
 * classes, vectorizer settings), {@code model.safetensors}, and {@code vocab.txt}.
 */
public final class TextClassifier {
    public static final String VOCAB_FILE = "vocab.txt", CONFIG_KEY = "text_classifier";
    /** The folder's {@code "task"}. */
    public static final String TASK = "classifier";

    /** The network of a text classifier. */
    public enum Architecture {
        LSTM, BILSTM, GRU, CNN, TRANSFORMER;

        /** Whether the network is recurrent (and so takes a {@link Pool}). */
        public boolean recurrent() { return this == LSTM || this == BILSTM || this == GRU; }

        /** By its lower-case name as the command line and config.json write it. */
        public static Architecture parse(String name) {
            for (Architecture a : values()) if (a.toString().equals(name)) return a;
            throw Errors.arg("TextClassifier.Architecture", "unknown model", "lstm, bilstm, gru, cnn or transformer", name, null);
        }

        @Override public String toString() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** How a recurrent classifier reads its sequence: the last state, or max / mean over every unpadded step. */
    public enum Pool {
        LAST, MAX, MEAN;

        public static Pool parse(String name) {
            for (Pool p : values()) if (p.toString().equals(name)) return p;
            throw Errors.arg("TextClassifier.Pool", "unknown pool", "last, max or mean", name, null);
        }

        @Override public String toString() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** Max-pooling over the steps: on MR 10-fold (BiLSTM, 10k vocabulary) 77.04 % against 76.39 % with the last state. */
    public static final Pool DEFAULT_POOL = Pool.MAX;

    /**
     * The network's settings.
     * @param embedDim E; @param hidden H (units, filters per size); @param layers recurrent/transformer layers
     * @param pool     recurrent models only (CNN max-pools and the Transformer mean-pools by design); null = {@link #DEFAULT_POOL} for them
     */
    public record Spec(Architecture model, int embedDim, int hidden, int layers, double dropout, int maxLen, int vocabSize, Pool pool) {
        public Spec {
            if (model == null) throw Errors.arg("TextClassifier.Spec", "model must be given", "lstm, bilstm, gru, cnn or transformer", null, null);
            if (pool == null) pool = model.recurrent() ? DEFAULT_POOL : Pool.LAST;
            if (pool != Pool.LAST && !model.recurrent()) {
                throw Errors.arg("TextClassifier.Spec", "pool applies to the recurrent models (lstm, bilstm, gru); cnn max-pools "
                        + "and transformer mean-pools by design", "last", pool, "model " + model);
            }
            if (embedDim < 1 || hidden < 1 || layers < 1 || maxLen < 1) {
                throw Errors.arg("TextClassifier.Spec", "sizes must be positive", "embedDim, hidden, layers, maxLen >= 1",
                        embedDim + ", " + hidden + ", " + layers + ", " + maxLen, null);
            }
            if (!(dropout >= 0 && dropout < 1)) throw Errors.arg("TextClassifier.Spec", "dropout must be in [0, 1)", "[0, 1)", dropout, null);
        }
    }

    /** A prediction: the most probable label, its probability, and every class's probability (in {@link #classes()} order). */
    public record Prediction(String label, double probability, double[] probabilities) {}

    private final Spec spec;
    private final TextVectorizer vectorizer;
    private final List<String> classes;
    private final Model model;

    private TextClassifier(Spec spec, TextVectorizer vectorizer, List<String> classes, Model model) {
        this.spec = spec;
        this.vectorizer = vectorizer;
        this.classes = List.copyOf(classes);
        this.model = model;
    }

    /** A new, untrained classifier whose vocabulary is adapted to {@code trainTexts}; long texts lose their end. */
    public static TextClassifier create(Spec spec, List<String> trainTexts, List<String> classes) {
        return create(spec, trainTexts, classes, Sequences.Side.POST);
    }

    /** As above; {@code truncating} PRE keeps the end of long texts (Keras's default), POST their beginning. */
    public static TextClassifier create(Spec spec, List<String> trainTexts, List<String> classes, Sequences.Side truncating) {
        if (classes.size() < 2) throw Errors.arg("TextClassifier.create", "a classifier needs at least two classes", ">= 2", classes, null);
        TextVectorizer v = TextVectorizer.builder().stripHtml(true).maxTokens(spec.vocabSize()).outputSequenceLength(spec.maxLen())
                .padding(Sequences.Side.POST).truncating(truncating).build().adapt(trainTexts);
        TextClassifier c = new TextClassifier(spec, v, classes, new Sequential(network(spec, v.vocabulary().size(), classes.size())));
        io.sequoia.nn.Parameter w = c.embeddingWeight();
        if (w != null) w.data().copyFrom(NDArray.uniform(w.dtype(), io.sequoia.tensor.Generator.global(), -EMBEDDING_INIT, EMBEDDING_INIT, w.shape()));
        return c;
    }

    /**
     * The embedding starts U(−0.05, 0.05), Keras's {@code uniform} initialiser, rather than PyTorch's
     * N(0, 1): with N(0, 1) rows (doubled by dropout) the recurrent gates start saturated and MR
     * training needs about twice the epochs (measured on MR fold 1 of 10, BiLSTM, 4 epochs: 72.7 % with N(0, 1), 76.8 % with U(−0.05, 0.05)).
     */
    public static final double EMBEDDING_INIT = 0.05;

    static io.sequoia.nn.Sequential network(Spec s, int vocab, int numClasses) {
        io.sequoia.nn.Sequential net = new io.sequoia.nn.Sequential();
        int h = s.hidden();
        switch (s.model()) {
            case TRANSFORMER -> net.add(new TransformerTextEncoder(vocab, s.embedDim(), 4, s.layers(), 2 * s.embedDim(), s.dropout(), s.maxLen()));
            case CNN -> {
                net.add(new Embedding(vocab, s.embedDim(), false));
                net.add(new Dropout(s.dropout()));
                net.add(new ConvTextEncoder(s.embedDim(), h, 3, 4, 5));
            }
            default -> {
                net.add(new Embedding(vocab, s.embedDim(), true));
                net.add(new Dropout(s.dropout()));
                boolean pooled = s.pool() != Pool.LAST;
                for (int i = 0; i < s.layers(); i++) {
                    RecurrentLayer r = s.model() == Architecture.GRU ? new GRU(h) : new LSTM(h);
                    r.returnSequences(pooled || i < s.layers() - 1);
                    net.add(s.model() == Architecture.BILSTM ? new Bidirectional(r) : r);
                }
                if (pooled) net.add(s.pool() == Pool.MAX ? new GlobalMaxPooling1D() : new GlobalAveragePooling1D());   // over unmasked steps
            }
        }
        net.add(new Dropout(s.dropout()));
        net.add(numClasses == 2 ? new Dense(1, "sigmoid") : new Dense(numClasses));
        return net;
    }

    /** The loss the network is trained with. */
    public String lossName() { return classes.size() == 2 ? "binary_crossentropy" : "cross_entropy"; }

    /** Compiles with Adam at {@code lr}. */
    public TextClassifier compile(double lr) {
        model.compile("adam", lr, lossName(), "accuracy");
        return this;
    }

    /** Token ids (N, maxLen). */
    public Tensor encode(List<String> texts) { return vectorizer.transform(texts); }

    /** Targets: (N, 1) 0/1 for two classes, (N) class indices otherwise. */
    public Tensor targets(LabeledTexts d) {
        int[] y = d.labelIndices(classes);
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) f[i] = y[i];
        return new Tensor(classes.size() == 2 ? NDArray.wrap(f, y.length, 1) : NDArray.wrap(f, y.length));
    }

    /** Trains on {@code train}, validating on {@code validation} (may be null) after each epoch. */
    public History fit(LabeledTexts train, LabeledTexts validation, FitOptions options) {
        if (model.loss() == null) compile(1e-3);
        if (validation != null) options.validationData(encode(validation.texts()), targets(validation));
        return model.fit(encode(train.texts()), targets(train), options);
    }

    /** Per-class probabilities (N, C). */
    public double[][] probabilities(List<String> texts) {
        Tensor out = model.predict(encode(texts), 256);
        int n = texts.size(), c = classes.size();
        double[][] p = new double[n][c];
        for (int i = 0; i < n; i++) {
            if (c == 2) {
                double q = out.data().getDouble(i);
                p[i][0] = 1 - q;
                p[i][1] = q;
            } else {
                double max = Double.NEGATIVE_INFINITY, z = 0;
                for (int j = 0; j < c; j++) max = Math.max(max, out.data().getDouble(i * c + j));
                for (int j = 0; j < c; j++) z += p[i][j] = Math.exp(out.data().getDouble(i * c + j) - max);
                for (int j = 0; j < c; j++) p[i][j] /= z;
            }
        }
        return p;
    }

    public List<Prediction> predict(List<String> texts) {
        List<Prediction> out = new ArrayList<>();
        for (double[] p : probabilities(texts)) {
            int best = 0;
            for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
            out.add(new Prediction(classes.get(best), p[best], p));
        }
        return out;
    }

    /** Accuracy, macro-F1 and loss on {@code d}; labels must be among {@link #classes()}. */
    public ClassificationMetrics evaluate(LabeledTexts d) {
        return ClassificationMetrics.of(d.labelIndices(classes), probabilities(d.texts()));
    }

    public Spec spec() { return spec; }
    public List<String> classes() { return classes; }
    public TextVectorizer vectorizer() { return vectorizer; }
    public Model model() { return model; }

    /** The embedding layer's weights (V, E) for copying pretrained vectors in, or null for the transformer. */
    public io.sequoia.nn.Parameter embeddingWeight() {
        Module first = ((io.sequoia.nn.Sequential) model.module()).get(0);
        return first instanceof Embedding e ? e.weight : null;
    }

    /** Writes the model folder (see the class comment). */
    public void save(Path dir) throws IOException {
        Map<String, Object> tc = new LinkedHashMap<>();
        Map<String, Object> sp = new LinkedHashMap<>();
        sp.put("model", spec.model().toString());
        sp.put("embedDim", spec.embedDim());
        sp.put("hidden", spec.hidden());
        sp.put("layers", spec.layers());
        sp.put("dropout", spec.dropout());
        sp.put("maxLen", spec.maxLen());
        sp.put("vocabSize", spec.vocabSize());
        sp.put("pool", spec.pool().toString());
        tc.put("spec", sp);
        tc.put("classes", classes);
        tc.put("vectorizer", vectorizer.config());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ModelFolder.TASK_KEY, TASK);
        config.put(ModelFolder.ARCHITECTURE_KEY, ModelFolder.architecture(model.module()));
        config.put("loss", lossName());
        config.put(CONFIG_KEY, tc);
        ModelFolder.save(dir, config, model.module().stateDict(), Map.of(VOCAB_FILE, vectorizer.vocabulary().toText()));
    }

    /** Loads a folder written by {@link #save}; the model is compiled (Adam 1e-3) so it can be evaluated or trained further. */
    @SuppressWarnings("unchecked")
    public static TextClassifier load(Path dir) throws IOException {
        return io.sequoia.io.ModelFolder.reading(dir, "text classifier", () -> readFolder(dir));
    }

    private static TextClassifier readFolder(Path dir) throws IOException {
        ModelFolder.LoadedModule loaded = ModelFolder.loadModule(dir);
        ModelFolder.Contents c = loaded.contents();
        Map<String, Object> config = loaded.config();
        Object tc = config.get(CONFIG_KEY);
        if (!(tc instanceof Map)) {
            throw new FileFormatException(dir.resolve(ModelFolder.CONFIG_FILE), -1, Errors.format("TextClassifier.load",
                    "config.json has no text classifier section", "a \"" + CONFIG_KEY + "\" object", tc == null ? "none" : tc, "folder " + dir
                    + "; Hint: was it saved by 'sequoia train classifier'?"));
        }
        Map<String, Object> t = (Map<String, Object>) tc;
        io.sequoia.nn.Config s = io.sequoia.nn.Config.of("TextClassifier.spec", (Map<String, Object>) t.get("spec"));
        Spec spec = new Spec(Architecture.parse(s.string("model")), s.integer("embedDim"), s.integer("hidden"), s.integer("layers"),
                s.real("dropout"), s.integer("maxLen"), s.integer("vocabSize"), Pool.parse(s.string("pool", "last")));
        if (!(loaded.module() instanceof io.sequoia.nn.Sequential m)) {
            throw new FileFormatException(dir.resolve(ModelFolder.CONFIG_FILE), -1, Errors.format("TextClassifier.load",
                    "the architecture must be a Sequential", "Sequential", loaded.module().getClass().getSimpleName(), "folder " + dir));
        }
        Vocabulary vocab = c.vocabulary(VOCAB_FILE, Vocabulary.UNK, m.size() > 0 && m.get(0) instanceof Embedding e ? (int) e.weight.shape()[0] : -1);
        TextVectorizer v = TextVectorizer.fromConfig((Map<String, Object>) t.get("vectorizer"), vocab);
        TextClassifier clf = new TextClassifier(spec, v, (List<String>) t.get("classes"), new Sequential(m));
        return clf.compile(1e-3);
    }
}
