package io.sequoia.export;

import io.sequoia.io.Safetensors;
import io.sequoia.lm.Codec;
import io.sequoia.lm.LanguageModel;
import io.sequoia.lm.LmFolder;
import io.sequoia.tensor.Generator;
import io.sequoia.text.TextClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The PyTorch hand-over file of every kind: valid Python (when python3 is on the machine), and the
 * parameter keys that its declared torch layers create — computed here from PyTorch's own naming
 * rules, not from the writer — are exactly the folder's safetensors keys. This runs without torch;
 * {@link PytorchRoundTripTest} runs the files in torch where it is installed.
 */
class PytorchExportTest {
    @TempDir Path tmp;
    static final List<String> TEXTS = List.of("good film", "a bad and dull film", "the story");

    /** The state-dict keys PyTorch gives the layers declared in the file. */
    static Set<String> torchKeys(String file) {
        Set<String> keys = new TreeSet<>();
        String py = file.substring(file.indexOf("class Model("));
        Matcher child = Pattern.compile("^ {12}(\\w+(?:\\.\\w+)?)\\((.*)\\),  # (\\d+)\\b.*$", Pattern.MULTILINE).matcher(py);
        while (child.find()) layerKeys(child.group(1), child.group(2), child.group(3) + ".", keys);
        Matcher attr = Pattern.compile("^ {8}self\\.(\\w+) = (\\w+(?:\\.\\w+)?)\\((.*)\\)$", Pattern.MULTILINE).matcher(py);
        while (attr.find()) layerKeys(attr.group(2), attr.group(3), attr.group(1) + ".", keys);
        return keys;
    }

    static void layerKeys(String layer, String args, String prefix, Set<String> keys) {
        String[] a = args.split(",\\s*");
        switch (layer) {
            case "nn.Embedding" -> keys.add(prefix + "weight");
            case "nn.Linear", "nn.LayerNorm" -> { keys.add(prefix + "weight"); keys.add(prefix + "bias"); }
            case "nn.LSTM", "nn.GRU" -> {
                int layers = a.length > 2 && a[2].matches("\\d+") ? Integer.parseInt(a[2]) : 1;
                boolean bi = args.contains("bidirectional=True");
                for (int k = 0; k < layers; k++) {
                    for (String s : bi ? new String[]{"", "_reverse"} : new String[]{""}) {
                        for (String w : new String[]{"weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l"}) keys.add(prefix + w + k + s);
                    }
                }
            }
            case "ConvTextEncoder" -> {
                int sizes = args.substring(args.indexOf('(') + 1, args.indexOf(')')).split(",").length;
                for (int j = 0; j < sizes; j++) { keys.add(prefix + "convs." + j + ".weight"); keys.add(prefix + "convs." + j + ".bias"); }
            }
            case "TransformerTextEncoder" -> {
                encoderKeys(prefix + "encoder.", Integer.parseInt(a[3]), keys);
                keys.add(prefix + "encoder.norm.weight");
                keys.add(prefix + "encoder.norm.bias");
                keys.add(prefix + "embed.token.weight");
                keys.add(prefix + "embed.position.weight");
            }
            case "TokenPositionEmbedding" -> { keys.add(prefix + "token.weight"); keys.add(prefix + "position.weight"); }
            case "nn.TransformerEncoder" -> encoderKeys(prefix, Integer.parseInt(args.replaceAll(".*\\), (\\d+).*", "$1")), keys);
            case "nn.Dropout", "nn.Identity" -> { }
            default -> fail("no PyTorch naming rule for " + layer);
        }
    }

    static void encoderKeys(String prefix, int layers, Set<String> keys) {
        for (int l = 0; l < layers; l++) {
            for (String k : new String[]{"self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
                    "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"}) {
                keys.add(prefix + "layers." + l + "." + k);
            }
        }
    }

    void check(Path dir) throws Exception {
        Path py = PytorchExport.export(dir, tmp.resolve(dir.getFileName() + "_model.py")).module();
        String text = Files.readString(py);
        assertTrue(text.contains("class Model("), dir.toString());
        assertTrue(text.contains("def load(folder):"));
        assertTrue(text.contains("model.load_state_dict(load_safetensors(os.path.join(folder, \"model.safetensors\")))"));
        Set<String> want = new TreeSet<>(Safetensors.read(dir.resolve("model.safetensors")).tensors().keySet());
        assertEquals(want, torchKeys(text), dir.getFileName() + "\n" + text);
        pythonCompiles(py);
    }

    static void pythonCompiles(Path py) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", py.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException noPython) {
            return;    // no python3 on this machine: the key check above still ran
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    @Test void everyClassifierArchitecture() throws Exception {
        for (String variant : List.of("lstm", "bilstm:max", "gru:mean", "bilstm:last", "cnn", "transformer")) {
            Generator.manualSeed(4);
            String model = variant.split(":")[0];
            TextClassifier.Pool pool = variant.contains(":") ? TextClassifier.Pool.parse(variant.split(":")[1]) : null;
            TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.parse(model), 8, 6,
                    model.equals("bilstm") ? 2 : 1, 0.1, 10, 40, pool), TEXTS, List.of("neg", "pos"));
            c.predict(TEXTS);
            Path dir = tmp.resolve(variant.replace(':', '_'));
            c.save(dir);
            check(dir);
        }
    }

    @Test void languageModels() throws Exception {
        Codec codec = Codec.characters("hello sequoia");
        for (LanguageModel.Cell cell : LanguageModel.Cell.values()) {
            Path dir = tmp.resolve("lm_" + cell);
            LmFolder.save(dir, LanguageModel.create(cell, codec.size(), 8, 8, 2, 0.1, 16), codec, null);
            check(dir);
        }
    }

    @Test void otherTasksAreRefused() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("trees"));
        Files.writeString(other.resolve("config.json"), "{\"format_version\": 1, \"task\": \"tree\"}");
        ExportException e = assertThrows(ExportException.class, () -> PytorchExport.export(other, tmp.resolve("x.py")));
        assertTrue(e.getMessage().contains("'tree'"), e.getMessage());
        double[] y = new double[40];
        for (int t = 0; t < y.length; t++) y[t] = 10 + Math.sin(t * Math.PI / 6);
        io.sequoia.timeseries.ForecasterCatalog c = io.sequoia.timeseries.ForecasterCatalog.builder(3, 12).build();
        Path ets = tmp.resolve("ets");
        io.sequoia.timeseries.ForecasterFolder.save(ets, c, c.fit(io.sequoia.timeseries.ModelKind.ETS, y, null, null), null);
        e = assertThrows(ExportException.class, () -> PytorchExport.export(ets, tmp.resolve("ets.py")));
        assertTrue(e.getMessage().contains("no network"), e.getMessage());
    }
}
