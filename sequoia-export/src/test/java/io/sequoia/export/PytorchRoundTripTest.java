package io.sequoia.export;

import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.lm.Codec;
import io.sequoia.lm.LanguageModel;
import io.sequoia.lm.LmFolder;
import io.sequoia.tagging.Tagger;
import io.sequoia.tensor.Generator;
import io.sequoia.text.TextClassifier;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.neural.NeuralConfig;
import io.sequoia.translation.RecurrentTranslator;
import io.sequoia.translation.TextCodec;
import io.sequoia.translation.TransformerTranslator;
import io.sequoia.translation.Translator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PyTorch hand-over executed: every kind of model folder is exported, and the written module is
 * run by a real Python with torch on its example input ({@code python3 NAME_model.py FOLDER}): it
 * builds the torch module, loads the folder's model.safetensors strictly and compares its output
 * with Sequoia's (and a tagger's decoded tags exactly). Needs python3 with torch (Debian:
 * {@code apt-get install -y python3-torch}; or only the interpreter {@code -Dsequoia.python=...} names);
 * skipped, saying so, when there is none.
 */
class PytorchRoundTripTest {
    @TempDir static Path tmp;
    static String python;
    static final List<String> TEXTS = List.of("good film", "a bad and dull film", "the story", "a fine and good story");
    static final Pattern DIFF = Pattern.compile("max abs difference from Sequoia's output: (\\S+)");

    @BeforeAll static void findTorch() throws Exception {
        String given = System.getProperty("sequoia.python");   // given: only that one
        List<String> candidates = given != null ? List.of(given) : List.of("/usr/bin/python3", "python3");
        for (String p : candidates) {
            try {
                Process pr = new ProcessBuilder(p, "-c", "import torch; print(torch.__version__)").redirectErrorStream(true).start();
                if (pr.waitFor(120, TimeUnit.SECONDS) && pr.exitValue() == 0) {
                    python = p;
                    return;
                }
                pr.destroyForcibly();
            } catch (java.io.IOException absent) {
                // try the next one
            }
        }
    }

    static void assumeTorch() {
        assumeTrue(python != null, "PytorchRoundTripTest skipped: no python3 with torch on this machine "
                + "(apt-get install -y python3-torch, or -Dsequoia.python=/path/to/python with torch installed)");
    }

    /**
     * Exports every folder and runs the modules on their examples in Python: the first as a user would
     * ({@code python3 NAME_model.py DIR}), the others in one more interpreter that imports each module
     * and calls its {@code check(DIR)} (the same function; one torch import instead of one per model).
     * Every difference must be within 1e-4 (and a tagger's tags identical, or check raises).
     */
    static void roundTrip(List<Path> dirs) throws Exception {
        List<Path> modules = new ArrayList<>();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_");
            Path py = tmp.resolve("py").resolve(name + "_model.py");
            PytorchExport.Result r = PytorchExport.export(dir, py);
            assertTrue(Files.exists(r.example()));
            modules.add(py);
            keep(dir, py, r.example());
        }
        String first = run(List.of(python, modules.get(0).toString(), dirs.get(0).toString()), modules.get(0));
        Matcher m = DIFF.matcher(first);
        assertTrue(m.find(), first);
        record(modules.get(0), Double.parseDouble(m.group(1)));
        if (dirs.size() > 1) {
            List<String> cmd = new ArrayList<>(List.of(python, "-c", """
                    import importlib.util, sys
                    for path, folder in zip(sys.argv[1::2], sys.argv[2::2]):
                        spec = importlib.util.spec_from_file_location(path.rsplit("/", 1)[-1][:-3], path)
                        module = importlib.util.module_from_spec(spec)
                        spec.loader.exec_module(module)
                        print("checked %s: %r" % (path, module.check(folder)))
                    """));
            for (int i = 1; i < dirs.size(); i++) { cmd.add(modules.get(i).toString()); cmd.add(dirs.get(i).toString()); }
            String out = run(cmd, modules.get(1));
            for (int i = 1; i < dirs.size(); i++) {
                Matcher c = Pattern.compile("checked " + Pattern.quote(modules.get(i).toString()) + ": (\\S+)").matcher(out);
                assertTrue(c.find(), modules.get(i) + " not checked:\n" + out);
                record(modules.get(i), Double.parseDouble(c.group(1)));
            }
        }
    }

    private static String run(List<String> cmd, Path module) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), out + "\n" + Files.readString(module));
        return out;
    }

    private static void record(Path module, double diff) {
        String name = module.getFileName().toString();
        assertTrue(diff <= 1e-4, name + ": max abs difference " + diff);
        System.out.println("PyTorch round trip " + name + ": max abs diff " + diff);
    }

    /** -Dsequoia.keep=DIR copies the folder, the module and its example there for a look. */
    private static void keep(Path dir, Path py, Path example) throws Exception {
        if (System.getProperty("sequoia.keep") == null) return;
        Path keep = Files.createDirectories(Path.of(System.getProperty("sequoia.keep")));
        try (var files = Files.list(dir)) {
            Path k = Files.createDirectories(keep.resolve(dir.getFileName()));
            for (Path f : files.toList()) Files.copy(f, k.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(py, keep.resolve(py.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(example, keep.resolve(example.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test void classifiers() throws Exception {
        assumeTorch();
        List<Path> dirs = new ArrayList<>();
        for (String variant : List.of("lstm", "bilstm:max", "gru:mean", "bilstm:last", "cnn", "transformer", "lstm:max:3")) {
            Generator.manualSeed(4);
            String[] v = variant.split(":");
            TextClassifier.Pool pool = v.length > 1 ? TextClassifier.Pool.parse(v[1]) : null;
            List<String> classes = v.length > 2 ? List.of("neg", "mixed", "pos") : List.of("neg", "pos");
            TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.parse(v[0]), 8, 6,
                    v[0].equals("bilstm") ? 2 : 1, 0.1, 10, 40, pool), TEXTS, classes);
            c.predict(TEXTS);
            Path dir = tmp.resolve("clf_" + variant.replace(':', '_'));
            c.save(dir);
            dirs.add(dir);
        }
        roundTrip(dirs);
    }

    @Test void languageModels() throws Exception {
        assumeTorch();
        Codec codec = Codec.characters("hello sequoia");
        List<Path> dirs = new ArrayList<>();
        for (LanguageModel.Cell cell : LanguageModel.Cell.values()) {
            Generator.manualSeed(5);
            Path dir = tmp.resolve("lm_" + cell.name().toLowerCase());
            LmFolder.save(dir, LanguageModel.create(cell, codec.size(), 8, 8, 2, 0.1, 16), codec, null);
            dirs.add(dir);
        }
        roundTrip(dirs);
    }

    @Test void taggers() throws Exception {
        assumeTorch();
        List<TaggedSentence> tagged = new ArrayList<>();
        for (String s : List.of("Anna Maria lives in Paris .", "Bob visits New York today", "in Paris Anna sings", "the 42 cats of Rome")) {
            List<String> tok = Arrays.asList(s.split(" "));
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < tok.size(); i++) {
                String w = tok.get(i), prev = i > 0 ? tags.get(i - 1) : "O";
                String type = List.of("Anna", "Maria", "Bob").contains(w) ? "PER" : List.of("Paris", "New", "York", "Rome").contains(w) ? "LOC" : null;
                tags.add(type == null ? "O" : (prev.endsWith(type) ? "I-" : "B-") + type);
            }
            tagged.add(TaggedSentence.of(tok, tags));
        }
        // CRF with BIOES constraints and a char CNN; softmax with a char BiLSTM; GRU + CRF without characters
        List<Path> dirs = new ArrayList<>();
        for (Tagger.Spec spec : List.of(new Tagger.Spec("bilstm-crf", "cnn", 8, 4, 6, 3, 8, 0.5, "bioes", 0.0),
                new Tagger.Spec("bilstm", "lstm", 8, 4, 6, 0, 8, 0.5, "iob2", 0.0),
                new Tagger.Spec("bigru-crf", "none", 8, 4, 4, 2, 8, 0.5, "iob2", 0.0))) {
            Generator.manualSeed(6);
            Path dir = tmp.resolve("tagger_" + spec.model() + "_" + spec.charMode());
            Tagger.create(spec, tagged).save(dir);
            dirs.add(dir);
        }
        roundTrip(dirs);
    }

    @Test void translators() throws Exception {
        assumeTorch();
        List<String> src = List.of("ein Haus", "ein Mann", "der Mann liest ein Buch", "das Haus ist alt"),
                tgt = List.of("a house", "a man", "the man reads a book", "the house is old");
        TextCodec codec = TextCodec.learn(src, tgt, 0, false, false, 1), shared = TextCodec.learn(src, tgt, 0, false, true, 1);
        int sv = codec.sourceVocab().size(), tv = codec.targetVocab().size();
        Map<String, Translator> models = new java.util.LinkedHashMap<>();
        Generator.manualSeed(7);
        models.put("gru_general", new Translator(new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.GENERAL, sv, tv, 6, 8, 2, 0.1, 0), codec, Map.of()));
        models.put("lstm_additive", new Translator(new RecurrentTranslator(RecurrentTranslator.Cell.LSTM, RecurrentTranslator.Attention.ADDITIVE, sv, tv, 6, 8, 1, 0.1, 0), codec, Map.of()));
        models.put("lstm_dot", new Translator(new RecurrentTranslator(RecurrentTranslator.Cell.LSTM, RecurrentTranslator.Attention.DOT, sv, tv, 6, 8, 1, 0, 0), codec, Map.of()));
        models.put("gru_none", new Translator(new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.NONE, sv, tv, 6, 8, 1, 0, 0), codec, Map.of()));
        int v = shared.sourceVocab().size();
        models.put("transformer_tied", new Translator(new TransformerTranslator(v, v, 8, 2, 2, 2, 16, 0.1, true, true, true, 0), shared, Map.of()));
        models.put("transformer_postnorm", new Translator(new TransformerTranslator(sv, tv, 8, 2, 1, 2, 16, 0.1, false, false, false, 0), codec, Map.of()));
        List<Path> dirs = new ArrayList<>();
        for (Map.Entry<String, Translator> e : models.entrySet()) {
            Path dir = tmp.resolve("translator_" + e.getKey());
            e.getValue().save(dir);
            dirs.add(dir);
        }
        roundTrip(dirs);
    }

    @Test void neuralForecasters() throws Exception {
        assumeTorch();
        double[] y = new double[50];
        for (int t = 0; t < y.length; t++) y[t] = 20 + 0.2 * t + 5 * Math.sin(t * Math.PI / 6) + Math.cos(1.1 * t);
        List<Path> dirs = new ArrayList<>();
        for (ModelKind kind : List.of(ModelKind.LSTM, ModelKind.GRU, ModelKind.SEQ2SEQ, ModelKind.TRANSFORMER)) {
            Generator.manualSeed(8);
            NeuralConfig n = NeuralConfig.forPeriod(12).toBuilder().hiddenSize(8).numLayers(kind == ModelKind.SEQ2SEQ || kind == ModelKind.TRANSFORMER ? 2 : 1).epochs(1)
                    .head(kind == ModelKind.GRU ? NeuralConfig.Head.QUANTILE : kind == ModelKind.TRANSFORMER ? NeuralConfig.Head.GAUSSIAN : NeuralConfig.Head.POINT).build();
            ForecasterCatalog c = ForecasterCatalog.builder(3, 12).neural(n).build();
            Path dir = tmp.resolve("forecaster_" + kind.id());
            ForecasterFolder.save(dir, c, c.fit(kind, y, null, null), null);
            dirs.add(dir);
        }
        roundTrip(dirs);
    }
}
