package io.sequoia.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Shapes;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained model on disk is a folder:
 * <pre>
 * config.json         architecture and preprocessing, pretty-printed, with "format_version" and "sequoia_version"
 * model.safetensors   the weights under PyTorch's state-dict keys (loadable with safetensors.torch.load_file)
 * vocab.txt, ...      optional extra text files the model needs (vocabulary, scaler)
 * </pre>
 * Saving never destroys the old model before the new one is whole: every new file is first
 * written beside the old ones as {@code NAME.new} ({@code config.json.new} last), then the old
 * {@code config.json} is removed and the new files are renamed into place ({@code config.json}
 * last). A crash before the removal leaves the old model; after it, loading (or the next save)
 * finishes the renames. A folder with a {@code config.json} is always complete.
 */
public final class ModelFolder {
    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** The layout version this code writes; loading refuses newer ones. */
    public static final int FORMAT_VERSION = 1;
    /** The Sequoia release recorded in every {@code config.json}. */
    public static final String SEQUOIA_VERSION = "0.1.0";
    public static final String FORMAT_VERSION_KEY = "format_version";
    public static final String SEQUOIA_VERSION_KEY = "sequoia_version";
    /** The key under which {@link #saveModule} records the module tree. */
    public static final String ARCHITECTURE_KEY = "architecture";
    /**
     * The key naming what a folder holds, so {@code evaluate} / {@code predict} know what they opened:
     * "classifier", "language_model", "tagger", "translator", "tree", "forecaster", or "model" for a
     * plain Keras-style {@code Model.save}.
     */
    public static final String TASK_KEY = "task";

    private static final Set<String> RESERVED_FILES = Set.of(CONFIG_FILE, WEIGHTS_FILE);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    /** The {@code __metadata__} of the weights file; Hugging Face tools expect {@code format: pt}. */
    private static final Map<String, String> WEIGHTS_METADATA = Map.of("format", "pt");

    private ModelFolder() {}

    /**
     * A loaded model folder.
     * @param dir            the folder
     * @param formatVersion  its {@code format_version}
     * @param sequoiaVersion the Sequoia release that wrote it
     * @param config         {@code config.json} without the two version keys
     * @param weights        the tensors of {@code model.safetensors} in file order
     * @param checksums      the recorded {@value #CHECKSUMS_KEY} (null for older folders): extras are checked as they are read
     */
    public record Contents(Path dir, int formatVersion, String sequoiaVersion, JsonObject config,
                           Map<String, NDArray> weights, JsonObject checksums) {

        /** The folder's task ({@link #TASK_KEY}), or null for folders written before tasks were recorded. */
        public String task() {
            JsonElement t = config.get(TASK_KEY);
            return t != null && t.isJsonPrimitive() ? t.getAsString() : null;
        }

        /** Whether the extra file {@code name} exists. */
        public boolean hasExtra(String name) {
            return Files.isRegularFile(dir.resolve(checkExtraName("ModelFolder.hasExtra", name)));
        }

        /** The text of the extra file {@code name} (UTF-8). */
        public String extra(String name) throws IOException {
            Path p = dir.resolve(checkExtraName("ModelFolder.extra", name));
            requireFile("ModelFolder.extra", p, "the extra file '" + name + "'");
            verify(dir, checksums, name);
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new FileFormatException(p, -1, p.toAbsolutePath() + " is not UTF-8 text (" + e + ")", e);
            }
        }

        /**
         * Reads the extra file {@code name} with {@code parser} (null when the file is absent and
         * {@code optional}): the parser's {@link IllegalArgumentException} (a line that breaks the format;
         * its message names the line) becomes a {@link FileFormatException} naming this file, as a file that
         * does not decode as UTF-8 does.
         */
        public <T> T parseExtra(String name, boolean optional, java.util.function.Function<String, T> parser) throws IOException {
            if (optional && !hasExtra(name)) return null;
            String text = extra(name);
            Path p = dir.resolve(name);
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(p, -1, p.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }

        /**
         * The vocabulary stored in the extra file {@code name} (one token a line); {@code unk}: its unknown
         * token, which the file must then hold (null: none); {@code size} (when not negative): the number of
         * tokens the weights were saved for, which the file must hold.
         */
        public io.sequoia.data.text.Vocabulary vocabulary(String name, String unk, int size) throws IOException {
            return parseExtra(name, false, text -> {
                io.sequoia.data.text.Vocabulary v = io.sequoia.data.text.Vocabulary.fromText(text, unk);
                if (unk != null && !v.contains(unk)) {
                    throw Errors.arg("ModelFolder.vocabulary", "the vocabulary has no unknown token", "a line '" + unk + "'", "none in " + v.size() + " lines", null);
                }
                if (size >= 0 && v.size() != size) {
                    throw Errors.arg("ModelFolder.vocabulary", "the number of tokens does not match the weights in " + WEIGHTS_FILE,
                            size + " lines", v.size() + " lines", null);
                }
                return v;
            });
        }
    }

    // ---- saving -----------------------------------------------------------------------------

    /**
     * Saves a model folder, creating {@code dir} if needed.
     * @param config  JSON-able values (numbers, strings, booleans, lists, maps, Gson elements);
     *                must not contain {@code format_version} or {@code sequoia_version}, which this method writes
     * @param weights tensors under PyTorch's keys
     * @param extras  file name to text content (may be null); names are plain file names
     */
    public static void save(Path dir, Map<String, Object> config, Map<String, NDArray> weights,
                            Map<String, String> extras) throws IOException {
        Map<String, String> ex = extras == null ? Map.of() : extras;
        JsonObject json = configJson(config);
        for (String name : ex.keySet()) checkExtraName("ModelFolder.save", name);
        Safetensors.checkArguments(dir.resolve(WEIGHTS_FILE), weights, WEIGHTS_METADATA);
        Files.createDirectories(dir);
        List<String> targets = new ArrayList<>(ex.keySet());
        targets.add(WEIGHTS_FILE);
        targets.add(CONFIG_FILE);
        for (String name : targets) {
            if (Files.isDirectory(dir.resolve(name))) {
                throw Errors.arg("ModelFolder.save", "a model file cannot replace a folder", "a file or nothing at " + name,
                        "a folder", "folder " + dir);
            }
        }
        recover(dir, true);
        // phase 1: the new files beside the old ones, each written and synced; config.json.new last marks a whole set
        Safetensors.write(dir.resolve(WEIGHTS_FILE + PENDING), weights, WEIGHTS_METADATA);
        for (Map.Entry<String, String> e : ex.entrySet()) AtomicFiles.writeString(dir.resolve(e.getKey() + PENDING), e.getValue());
        JsonObject sums = new JsonObject();                                  // verified on load: a damaged file is named, never used
        sums.addProperty(WEIGHTS_FILE, sha256(dir.resolve(WEIGHTS_FILE + PENDING)));
        for (String name : ex.keySet()) sums.addProperty(name, sha256(dir.resolve(name + PENDING)));
        json.add(CHECKSUMS_KEY, sums);
        AtomicFiles.writeString(dir.resolve(CONFIG_FILE + PENDING), GSON.toJson(json) + "\n");
        // phase 2: once the old config.json is gone, the new set is the model (recover() finishes the renames after a crash)
        Files.deleteIfExists(dir.resolve(CONFIG_FILE));
        rollForward(dir);
    }

    /** The {@code config.json} key holding {@code file name -> "sha256:<hex>"} of the folder's other files. */
    public static final String CHECKSUMS_KEY = "checksums";

    /** {@code "sha256:<hex>"} of a file's bytes. */
    static String sha256(Path file) throws IOException {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (var in = new java.security.DigestInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return "sha256:" + java.util.HexFormat.of().formatHex(md.digest());
    }

    /**
     * Checks {@code name} against the checksum {@code config.json} recorded for it (folders written
     * before checksums were recorded have none and are not checked).
     */
    static void verify(Path dir, JsonObject sums, String name) throws IOException {
        if (sums == null || !sums.has(name)) return;
        Path f = dir.resolve(name);
        String want = sums.get(name).getAsString(), got = sha256(f);
        if (!want.equals(got)) {
            throw new FileFormatException(f, -1, Errors.format("ModelFolder.load", name + " is not the file this model was saved with "
                    + "(damaged, truncated or replaced after saving)", want + " (recorded in " + CONFIG_FILE + ")", got,
                    "file " + f.toAbsolutePath() + ". Hint: save or copy the model folder again"));
        }
    }

    /** Refuses weights holding NaN or ±Infinity, naming the first such tensor. */
    static void requireFinite(Path file, Map<String, NDArray> weights) throws FileFormatException {
        for (Map.Entry<String, NDArray> e : weights.entrySet()) {
            NDArray a = e.getValue();
            for (int i = 0, n = a.numel(); i < n; i++) {
                double v = a.getDouble(i);
                if (!Double.isFinite(v)) {
                    throw new FileFormatException(file, -1, Errors.format("ModelFolder.load", "tensor '" + e.getKey() + "' holds a non-finite value",
                            "finite weights", v + " at flat index " + i, "file " + file.toAbsolutePath()));
                }
            }
        }
    }

    /** Suffix of the files of a save in progress. */
    static final String PENDING = ".new";
    /** For tests: fail after this many renames of the commit phase (a simulated crash); -1 = never. */
    static int crashAfterRenames = -1;

    /**
     * Finishes or undoes an interrupted {@link #save}: with no {@code config.json} but a
     * {@code config.json.new}, the new set was complete and the old one given up, so its renames are
     * finished; otherwise the old model stands and (when {@code clean}) leftover new files are removed.
     * Either the old or the new model is in the folder after a crash at any moment, never a mix.
     */
    static void recover(Path dir, boolean clean) throws IOException {
        if (!Files.isDirectory(dir)) return;
        if (!Files.exists(dir.resolve(CONFIG_FILE)) && Files.isRegularFile(dir.resolve(CONFIG_FILE + PENDING))) {
            rollForward(dir);
            return;
        }
        if (!clean) return;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(PENDING) && Files.isRegularFile(p)) Files.delete(p);
            }
        }
    }

    private static void rollForward(Path dir) throws IOException {
        List<Path> pending = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(PENDING) && !n.equals(CONFIG_FILE + PENDING) && Files.isRegularFile(p)) pending.add(p);
            }
        }
        pending.add(dir.resolve(CONFIG_FILE + PENDING));                 // config.json last
        int renames = 0;
        for (Path p : pending) {
            if (crashAfterRenames >= 0 && renames++ >= crashAfterRenames) throw new IOException("simulated crash (test)");
            String n = p.getFileName().toString();
            Files.move(p, dir.resolve(n.substring(0, n.length() - PENDING.length())),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Saves {@code module}: its state dict as the weights, and a config holding its module tree
     * under {@code "architecture"} (type, constructor arguments, children) followed by {@code extraConfig}.
     */
    public static void saveModule(Path dir, Module module, Map<String, Object> extraConfig) throws IOException {
        if (module == null) throw Errors.arg("ModelFolder.saveModule", "module must not be null", "a Module", null, "folder " + dir);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ARCHITECTURE_KEY, architecture(module));
        if (extraConfig != null) {
            if (extraConfig.containsKey(ARCHITECTURE_KEY)) {
                throw Errors.arg("ModelFolder.saveModule", "'" + ARCHITECTURE_KEY + "' is written from the module",
                        "extraConfig without it", extraConfig.keySet(), "folder " + dir);
            }
            config.putAll(extraConfig);
        }
        save(dir, config, module.stateDict(), null);
    }

    /** The module tree: {@code {"type", "config", "children": {name: tree}}}, empty parts left out. */
    public static Map<String, Object> architecture(Module m) {
        requireBuilt(m, "");
        return io.sequoia.nn.ModuleRegistry.describe(m);
    }

    /** Refuses a module tree with a lazily built layer that has no weights yet (it would reload with random ones). */
    private static void requireBuilt(Module m, String path) {
        if (m instanceof io.sequoia.nn.LazyModule l && !l.built()) {
            throw Errors.state("ModelFolder.save", "layer " + (path.isEmpty() ? m.getClass().getSimpleName() : path)
                    + " (" + m.getClass().getSimpleName() + ") has no weights yet: it builds them from its first input",
                    "run a forward pass (or fit) before saving, or give the layer its input size");
        }
        m.namedChildren().forEach((k, c) -> requireBuilt(c, path.isEmpty() ? k : path + "." + k));
    }

    private static JsonObject configJson(Map<String, Object> config) {
        if (config == null) throw Errors.arg("ModelFolder.save", "config must not be null", "a map", null, null);
        for (String key : List.of(FORMAT_VERSION_KEY, SEQUOIA_VERSION_KEY)) {
            if (config.containsKey(key)) {
                throw Errors.arg("ModelFolder.save", "config key '" + key + "' is reserved; ModelFolder writes it",
                        "a config without it", config.keySet(), null);
            }
        }
        JsonObject json = new JsonObject();
        json.addProperty(FORMAT_VERSION_KEY, FORMAT_VERSION);
        json.addProperty(SEQUOIA_VERSION_KEY, SEQUOIA_VERSION);
        try {
            GSON.toJsonTree(config).getAsJsonObject().entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
        } catch (JsonIOException | IllegalArgumentException e) {
            throw Errors.arg("ModelFolder.save", "config values must be JSON-able (finite numbers, strings, lists, maps)",
                    "JSON values", e.getMessage(), null);
        }
        return json;
    }

    private static String checkExtraName(String where, String name) {
        if (name == null || name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")
                || RESERVED_FILES.contains(name)) {
            throw Errors.arg(where, "extra file names must be plain names, not hidden and not config.json or model.safetensors",
                    "a name like 'vocab.txt'", name, null);
        }
        return name;
    }

    // ---- loading ----------------------------------------------------------------------------

    /** Whether {@code dir} holds a Sequoia model folder (a config.json with a format_version), complete or being saved. */
    public static boolean isModelFolder(Path dir) {
        for (String name : new String[]{CONFIG_FILE, CONFIG_FILE + PENDING}) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            try {
                return readConfig(f).has(FORMAT_VERSION_KEY);
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * The task recorded in a folder's {@code config.json} without reading its weights; null when
     * none is recorded. Folders of text classifiers written before tasks were recorded answer
     * "classifier" (they hold a "text_classifier" section).
     */
    public static String task(Path dir) throws IOException {
        recover(dir, false);
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isDirectory(dir)) {
            throw new FileNotFoundException(Errors.format("ModelFolder.task", "a model is a folder", "a folder",
                    Files.exists(dir) ? "a file" : "nothing", "path " + dir.toAbsolutePath()));
        }
        requireFile("ModelFolder.task", configFile, "config.json (architecture and preprocessing)");
        JsonObject config = readConfig(configFile);
        JsonElement t = config.get(TASK_KEY);
        if (t != null && t.isJsonPrimitive()) return t.getAsString();
        return config.has("text_classifier") ? "classifier" : null;
    }

    /** Loads a model folder: config, weights, and access to its extra files. */
    public static Contents load(Path dir) throws IOException {
        recover(dir, false);
        if (!Files.isDirectory(dir)) {
            throw new FileNotFoundException(Errors.format("ModelFolder.load", "a model is a folder", "a folder",
                    Files.exists(dir) ? "a file" : "nothing", "path " + dir.toAbsolutePath()));
        }
        Path configFile = dir.resolve(CONFIG_FILE), weightsFile = dir.resolve(WEIGHTS_FILE);
        requireFile("ModelFolder.load", configFile, "config.json (architecture and preprocessing)");
        requireFile("ModelFolder.load", weightsFile, "model.safetensors (the weights)");
        JsonObject config = readConfig(configFile);
        int format = formatVersion(configFile, config.remove(FORMAT_VERSION_KEY));
        JsonElement version = config.remove(SEQUOIA_VERSION_KEY);
        String sequoia = version != null && version.isJsonPrimitive() ? version.getAsString() : "unknown";
        JsonElement s = config.remove(CHECKSUMS_KEY);
        JsonObject sums = s != null && s.isJsonObject() ? s.getAsJsonObject() : null;
        verify(dir, sums, WEIGHTS_FILE);
        Map<String, NDArray> weights = Safetensors.read(weightsFile).tensors();
        requireFinite(weightsFile, weights);
        return new Contents(dir, format, sequoia, config, weights, sums);
    }

    /** A folder's module, rebuilt from its architecture and holding its weights, with the folder's contents. */
    public record LoadedModule(io.sequoia.nn.Module module, Contents contents) {
        /** The config as plain Java values (maps, lists, numbers as doubles, strings, booleans). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> config() { return GSON.fromJson(contents.config(), Map.class); }
    }

    /**
     * The one loader of every model folder: reads it once, rebuilds the module tree recorded under
     * {@code "architecture"} ({@link io.sequoia.nn.ModuleRegistry}) and loads the weights after checking
     * them against it. Task-specific loaders (text classifier, language model, tagger, ...) add their
     * preprocessing (vocabularies, scalers) on top.
     */
    @SuppressWarnings("unchecked")
    public static LoadedModule loadModule(Path dir) throws IOException {
        Contents c = load(dir);
        JsonElement arch = c.config().get(ARCHITECTURE_KEY);
        Path configFile = dir.resolve(CONFIG_FILE);
        if (arch == null || !arch.isJsonObject()) {
            throw new FileFormatException(configFile, -1, Errors.format("ModelFolder.loadModule", "config.json has no architecture",
                    "an \"" + ARCHITECTURE_KEY + "\" object", arch, "folder " + dir));
        }
        Module m;
        try {
            m = io.sequoia.nn.ModuleRegistry.build(GSON.fromJson(arch, Map.class));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(configFile, -1, e.getMessage() + " (in " + configFile + ")", e);
        }
        loadBuilt(dir, m, c);
        return new LoadedModule(m, c);
    }

    /**
     * Loads the folder's weights into {@code module} after checking them against it: every key
     * present on both sides, equal shapes and equal dtypes. All differences are reported at once.
     * @return the loaded folder (its config and extras)
     */
    public static Contents loadInto(Path dir, Module module) throws IOException {
        Contents c = load(dir);
        checkAndLoad(dir, module, c);
        return c;
    }

    /** A task loader's reading of a folder (see {@link #reading}). */
    @FunctionalInterface
    public interface FolderReader<T> { T read() throws IOException; }

    /**
     * Runs a task loader: a folder whose {@code config.json} has a missing value, a value of the wrong
     * type or one out of range ends in a {@link FileFormatException} naming {@code config.json} and the
     * problem, never in a ClassCastException or NullPointerException text; file errors pass unchanged.
     */
    public static <T> T reading(Path dir, String kind, FolderReader<T> reader) throws IOException {
        try {
            return reader.read();
        } catch (RuntimeException e) {
            String why = e instanceof ClassCastException || e instanceof NullPointerException || e.getMessage() == null
                    ? "a value is missing or of the wrong type (" + e.getClass().getSimpleName() + ")" : e.getMessage();
            throw new FileFormatException(dir.resolve(CONFIG_FILE), -1, dir.resolve(CONFIG_FILE).toAbsolutePath() + " does not describe a " + kind
                    + " this Sequoia can load: " + why, e);
        }
    }

    /**
     * As {@link #loadInto}, for a module built from the folder's own {@code config.json}: weights that
     * do not fit it mean the folder's files do not belong together, a {@link FileFormatException}
     * naming both files (not a programming error of the caller's).
     */
    public static Contents loadBuilt(Path dir, Module module) throws IOException {
        Contents c = load(dir);
        loadBuilt(dir, module, c);
        return c;
    }

    private static void loadBuilt(Path dir, Module module, Contents c) throws FileFormatException {
        try {
            checkAndLoad(dir, module, c);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(dir.resolve(CONFIG_FILE), -1, "the weights in " + WEIGHTS_FILE + " do not fit the model described by "
                    + dir.resolve(CONFIG_FILE).toAbsolutePath() + " (the folder's files do not belong together): " + e.getMessage(), e);
        }
    }

    private static void checkAndLoad(Path dir, Module module, Contents c) {
        List<String> problems = module.stateDictProblems(c.weights(), true, true);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(Errors.format("ModelFolder.loadInto",
                    "weights do not match the module " + module.getClass().getSimpleName() + "; " + String.join("; ", problems),
                    null, null, "file " + dir.resolve(WEIGHTS_FILE).toAbsolutePath()));
        }
        module.loadStateDict(c.weights(), true);
    }

    private static JsonObject readConfig(Path file) throws IOException {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new FileFormatException(file, 0, Errors.format("ModelFolder.load", "config.json must hold a JSON object",
                        "an object", e.isJsonNull() ? "nothing" : e, "file " + file));
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | java.nio.charset.CharacterCodingException e) {
            throw new FileFormatException(file, -1, Errors.format("ModelFolder.load", "config.json is not valid JSON",
                    "a JSON object", String.valueOf(e.getMessage()).replaceAll("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", ""), "file " + file), e);
        }
    }

    private static int formatVersion(Path file, JsonElement v) throws FileFormatException {
        Integer version = v instanceof JsonPrimitive p && p.isNumber() ? Integer.valueOf(p.getAsInt()) : null;
        if (version == null || version < 1 || version > FORMAT_VERSION) {
            String message = Errors.format("ModelFolder.load", "config.json format_version must be one this Sequoia reads",
                    "1 to " + FORMAT_VERSION, v, "file " + file);
            throw new FileFormatException(file, -1, version != null && version > FORMAT_VERSION
                    ? Errors.withHint(message, "the folder was written by a newer Sequoia; upgrade to load it") : message);
        }
        return version;
    }

    private static void requireFile(String where, Path file, String what) throws FileNotFoundException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(Errors.format(where, "a model folder needs " + what,
                    "a file at " + file.toAbsolutePath(), Files.exists(file) ? "something else" : "nothing", null));
        }
    }
}
