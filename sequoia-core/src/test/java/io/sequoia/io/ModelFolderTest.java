package io.sequoia.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Sequential;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sequoia.io.SafetensorsTest.assertBitExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Save → load of a model folder is lossless, and mismatches are reported by name, shape and dtype. */
class ModelFolderTest {
    @TempDir Path dir;

    private static Sequential mlp(int hidden) { return new Sequential(new Linear(3, hidden), new Linear(hidden, 2)); }

    private static void assertMessage(Throwable e, String... fragments) {
        for (String s : fragments) assertTrue(e.getMessage().contains(s), "missing '" + s + "' in: " + e.getMessage());
    }

    @Test void saveLoadRoundTripIsLossless() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("task", "regression");
        config.put("scaler", Map.of("mean", List.of(0.5, 1.5)));
        Map<String, NDArray> weights = new Linear(3, 2).stateDict();
        Path m = dir.resolve("nested/model");
        ModelFolder.save(m, config, weights, Map.of("vocab.txt", "a\nb\nç\n"));

        ModelFolder.Contents c = ModelFolder.load(m);
        assertBitExact(weights, c.weights());
        assertEquals(ModelFolder.FORMAT_VERSION, c.formatVersion());
        assertEquals(ModelFolder.SEQUOIA_VERSION, c.sequoiaVersion());
        assertEquals(JsonParser.parseString("{\"task\":\"regression\",\"scaler\":{\"mean\":[0.5,1.5]}}"), c.config());
        assertEquals("a\nb\nç\n", c.extra("vocab.txt"));
        assertFalse(c.hasExtra("scaler.json"));
        String text = Files.readString(m.resolve("config.json"));
        assertTrue(text.startsWith("{\n  \"format_version\": 1,\n  \"sequoia_version\": \"0.1.0\",\n  \"task\""), text);
        assertEquals(Map.of("format", "pt"), Safetensors.read(m.resolve("model.safetensors")).metadata());
    }

    @Test void moduleRoundTripRestoresEveryWeightAndRecordsTheArchitecture() throws IOException {
        Sequential saved = mlp(4);
        ModelFolder.saveModule(dir, saved, Map.of("epochs", 3));
        Sequential fresh = mlp(4);
        ModelFolder.Contents c = ModelFolder.loadInto(dir, fresh);
        assertBitExact(saved.stateDict(), fresh.stateDict());
        assertEquals(3, c.config().get("epochs").getAsInt());
        JsonObject arch = c.config().getAsJsonObject("architecture");
        assertEquals("Sequential", arch.get("type").getAsString());
        assertEquals(JsonParser.parseString("{\"in_features\":4,\"out_features\":2,\"bias\":true}"),
                arch.getAsJsonObject("children").getAsJsonObject("1").get("config"));
    }

    @Test void loadIntoReportsMissingUnexpectedShapeAndDtype() throws IOException {
        Map<String, NDArray> w = mlp(4).stateDict();
        w.remove("1.bias");                                                         // missing
        w.put("2.weight", NDArray.zeros(DType.FLOAT32, 1, 1));                      // unexpected
        w.put("0.weight", NDArray.zeros(DType.FLOAT32, 4, 2));                      // wrong shape
        w.put("0.bias", NDArray.zeros(DType.FLOAT64, 4));                           // wrong dtype
        ModelFolder.save(dir, Map.of(), w, null);
        Sequential target = mlp(4);
        Map<String, NDArray> before = target.stateDict();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFolder.loadInto(dir, target));
        assertMessage(e, "ModelFolder.loadInto: weights do not match the module Sequential", "missing keys [1.bias]",
                "unexpected keys [2.weight]", "shape mismatch [0.weight: expected [4, 3], got [4, 2]]",
                "dtype mismatch [0.bias: expected F32, got F64]", dir.resolve("model.safetensors").toString());
        assertBitExact(before, target.stateDict()); // nothing was loaded
    }

    @Test void missingFolderConfigOrWeightsAreNamed() throws IOException {
        Path none = dir.resolve("nope");
        assertMessage(assertThrows(FileNotFoundException.class, () -> ModelFolder.load(none)),
                "ModelFolder.load: a model is a folder", "got nothing", none.toString());
        ModelFolder.saveModule(dir, new Linear(3, 2), null);
        Files.delete(dir.resolve("model.safetensors"));
        assertMessage(assertThrows(FileNotFoundException.class, () -> ModelFolder.load(dir)),
                "needs model.safetensors", dir.resolve("model.safetensors").toString());
        Files.delete(dir.resolve("config.json"));
        assertMessage(assertThrows(FileNotFoundException.class, () -> ModelFolder.load(dir)),
                "needs config.json", dir.resolve("config.json").toString());
    }

    @Test void badConfigJsonAndNewerFormatAreFormatErrors() throws IOException {
        ModelFolder.saveModule(dir, new Linear(3, 2), null);
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"format_version\": 1,");
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFolder.load(dir));
        assertMessage(e, "config.json is not valid JSON", config.toString());
        assertEquals(config, e.path());
        Files.writeString(config, "{\"format_version\": 2}");
        assertMessage(assertThrows(FileFormatException.class, () -> ModelFolder.load(dir)),
                "expected 1 to 1, got 2", "Hint: the folder was written by a newer Sequoia");
    }

    @Test void badArgumentsTouchNothing() throws IOException {
        ModelFolder.saveModule(dir, new Linear(3, 2), null);
        String config = Files.readString(dir.resolve("config.json"));
        Map<String, NDArray> w = new Linear(3, 5).stateDict();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ModelFolder.save(dir, Map.of(), w, Map.of("../x", ""))),
                "extra file names must be plain names", "got ../x");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ModelFolder.save(dir, Map.of("format_version", 1), w, null)),
                "config key 'format_version' is reserved");
        assertEquals(config, Files.readString(dir.resolve("config.json")));
        ModelFolder.loadInto(dir, new Linear(3, 2));
    }

    @Test void aSaveThatCannotCompleteKeepsTheOldModel() throws IOException {
        ModelFolder.saveModule(dir, new Linear(3, 2), null);
        Files.createDirectory(dir.resolve("vocab.txt")); // the extra cannot be written over a directory
        Map<String, NDArray> w = new Linear(3, 5).stateDict();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ModelFolder.save(dir, Map.of(), w, Map.of("vocab.txt", "a"))),
                "a model file cannot replace a folder");
        ModelFolder.loadInto(dir, new Linear(3, 2));      // the old model is untouched (interrupted saves: ModelFolderCrashTest)
    }

    /** Issue 17, defect 5: a flipped weight byte, a truncated vocabulary and a NaN weight are refused, naming the file or tensor. */
    @Test void damagedFilesAreRefusedByChecksumAndNonFiniteWeightsByName() throws IOException {
        Map<String, NDArray> weights = new Linear(3, 2).stateDict();
        Path m = dir.resolve("m");
        ModelFolder.save(m, Map.of("task", "t"), weights, Map.of("vocab.txt", "a\nb\nc\n"));
        assertTrue(Files.readString(m.resolve("config.json")).contains("\"model.safetensors\": \"sha256:"));
        ModelFolder.load(m).extra("vocab.txt");                                    // intact: loads

        byte[] w = Files.readAllBytes(m.resolve("model.safetensors"));
        w[w.length - 3] ^= 0x10;                                                    // one bit of one weight
        Files.write(m.resolve("model.safetensors"), w);
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFolder.load(m));
        assertMessage(e, "model.safetensors is not the file this model was saved with", "sha256:");
        w[w.length - 3] ^= 0x10;
        Files.write(m.resolve("model.safetensors"), w);

        Files.writeString(m.resolve("vocab.txt"), "a\nb\n");                       // truncated
        ModelFolder.Contents c = ModelFolder.load(m);
        e = assertThrows(FileFormatException.class, () -> c.extra("vocab.txt"));
        assertMessage(e, "vocab.txt is not the file this model was saved with", m.resolve("vocab.txt").toAbsolutePath().toString());

        // a folder without checksums (written before they were recorded, or edited by hand) is not checked, but NaN weights are refused
        Map<String, NDArray> bad = new LinkedHashMap<>(weights);
        NDArray b = weights.get("bias").copy();
        b.setDouble(1, Double.NaN);
        bad.put("bias", b);
        Path old = dir.resolve("old");
        ModelFolder.save(old, Map.of("task", "t"), bad, null);
        String cfg = Files.readString(old.resolve("config.json"));
        Files.writeString(old.resolve("config.json"), cfg.replaceAll("(?s),\\s*\"checksums\".*?\\}", ""));
        assertFalse(Files.readString(old.resolve("config.json")).contains("checksums"));
        e = assertThrows(FileFormatException.class, () -> ModelFolder.load(old));
        assertMessage(e, "tensor 'bias' holds a non-finite value", "NaN at flat index 1");
    }
}
