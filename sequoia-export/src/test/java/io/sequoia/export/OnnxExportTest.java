package io.sequoia.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.lm.Codec;
import io.sequoia.lm.LanguageModel;
import io.sequoia.lm.LmFolder;
import io.sequoia.tensor.Generator;
import io.sequoia.text.TextClassifier;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.neural.ForecastNet;
import io.sequoia.timeseries.neural.NeuralConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every exportable kind, exported and run in ONNX Runtime: the same outputs as Sequoia within 1e-4. */
class OnnxExportTest {
    @TempDir Path tmp;
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    static final List<String> TEXTS = List.of("good film", "a bad and dull film with a long plot", "the story", "film good story bad plot long dull the a and with", "");

    /** Runs the file on ids (N, T); returns the flat output and its shape. */
    static float[] run(Path onnx, String input, long[] ids, long n, long t, long[] shapeOut) throws Exception {
        try (OrtSession s = ENV.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(ENV, LongBuffer.wrap(ids), new long[]{n, t});
             OrtSession.Result r = s.run(Map.of(input, x))) {
            OnnxTensor y = (OnnxTensor) r.get(0);
            long[] shape = y.getInfo().getShape();
            System.arraycopy(shape, 0, shapeOut, 0, shape.length);
            FloatBuffer fb = y.getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    static long[] longs(Tensor ids) {
        float[] f = ids.toFloatArray();
        long[] l = new long[f.length];
        for (int i = 0; i < f.length; i++) l[i] = (long) f[i];
        return l;
    }

    static void close(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4, what + " [" + i + "]");
    }

    private Path classifier(String variant, int classes, int layers) throws Exception {
        String model = variant.split(":")[0];
        TextClassifier.Pool pool = variant.contains(":") ? TextClassifier.Pool.parse(variant.split(":")[1]) : null;
        Generator.manualSeed(5);
        List<String> cls = classes == 2 ? List.of("neg", "pos") : List.of("a", "b", "c");
        TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.parse(model), 8, 6, layers, 0.2, 12, 40, pool), TEXTS, cls);
        c.predict(TEXTS);   // builds the Keras-style layers before saving
        Path dir = tmp.resolve(variant.replace(':', '-') + classes + layers);
        c.save(dir);
        return dir;
    }

    @Test void classifiersMatchOnnxRuntime() throws Exception {
        for (String variant : List.of("lstm", "bilstm", "gru", "bilstm:max", "gru:mean", "lstm:last", "cnn", "transformer")) {
            for (int classes : new int[]{2, 3}) {
                int layers = (variant.startsWith("bilstm") || variant.equals("transformer")) && classes == 3 ? 2 : 1;
                Path dir = classifier(variant, classes, layers);
                Path onnx = tmp.resolve(dir.getFileName() + ".onnx");
                OnnxExport.Result r = OnnxExport.export(dir, onnx);
                TextClassifier c = TextClassifier.load(dir);
                Tensor ids = c.encode(TEXTS);                               // texts of different lengths: the padding must not count
                long[] shape = new long[2];
                float[] got = run(onnx, r.input(), longs(ids), ids.size(0), ids.size(1), shape);
                Tensor want = c.model().predict(ids, 256);
                assertArrayEquals(new long[]{TEXTS.size(), classes == 2 ? 1 : 3}, shape, variant);
                close(want.toFloatArray(), got, variant + " " + classes + " classes");
            }
        }
    }

    @Test void exampleFileHoldsAnInputAndSequoiasOutput() throws Exception {
        Path dir = classifier("bilstm", 2, 1);
        Path onnx = tmp.resolve("m.onnx");
        OnnxExport.Result r = OnnxExport.export(dir, onnx);
        assertEquals(tmp.resolve("m.onnx.example.json"), r.example());
        JsonObject ex = JsonParser.parseString(Files.readString(r.example())).getAsJsonObject();
        JsonObject in = ex.getAsJsonObject("inputs").getAsJsonObject("input_ids");
        assertEquals("int64", in.get("type").getAsString());
        JsonArray dims = in.getAsJsonArray("dims"), data = in.getAsJsonArray("data");
        long n = dims.get(0).getAsLong(), t = dims.get(1).getAsLong();
        assertEquals(n * t, data.size());
        long[] ids = new long[data.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = data.get(i).getAsLong();
        JsonArray want = ex.getAsJsonObject("outputs").getAsJsonObject("output").getAsJsonArray("data");
        float[] w = new float[want.size()];
        for (int i = 0; i < w.length; i++) w[i] = want.get(i).getAsFloat();
        close(w, run(onnx, "input_ids", ids, n, t, new long[2]), "example");
        JsonObject pre = JsonParser.parseString(Files.readString(r.preprocessing())).getAsJsonObject();
        assertEquals("neg", pre.getAsJsonArray("classes").get(0).getAsString());
        assertTrue(pre.getAsJsonArray("vocabulary").size() > 2);
    }

    @Test void recurrentLanguageModelsMatchOnnxRuntime() throws Exception {
        Codec codec = Codec.characters("the quick brown fox jumps over the lazy dog");
        for (LanguageModel.Cell cell : LanguageModel.Cell.values()) {
            Generator.manualSeed(9);
            LanguageModel m = LanguageModel.create(cell, codec.size(), 6, 10, 2, 0.1, 32);
            Path dir = tmp.resolve("lm-" + cell);
            LmFolder.save(dir, m, codec, null);
            Path onnx = tmp.resolve("lm-" + cell + ".onnx");
            OnnxExport.export(dir, onnx);
            LanguageModel back = LmFolder.load(dir).model();
            back.eval();
            long[] ids = longs(new Tensor(io.sequoia.tensor.NDArray.wrap(new float[]{1, 5, 9, 2, 0, 7, 3, 3, 8, 4, 11, 6}, 3, 4)));
            Tensor want;
            try (var ng = GradMode.noGrad()) {
                want = back.forward(OnnxExport.idsTensor(ids, 3, 4));
            }
            long[] shape = new long[3];
            float[] got = run(onnx, "input_ids", ids, 3, 4, shape);
            assertArrayEquals(new long[]{3, 4, codec.size()}, shape);
            close(want.toFloatArray(), got, "lm " + cell);
        }
    }

    /** Runs the file on float values (N, L, 1); returns the flat output and its shape. */
    static float[] runFloats(Path onnx, String input, float[] x, long[] dims, long[] shapeOut) throws Exception {
        try (OrtSession s = ENV.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), dims);
             OrtSession.Result r = s.run(Map.of(input, t))) {
            OnnxTensor y = (OnnxTensor) r.get(0);
            long[] shape = y.getInfo().getShape();
            System.arraycopy(shape, 0, shapeOut, 0, shape.length);
            FloatBuffer fb = y.getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    @Test void neuralForecastersMatchOnnxRuntime() throws Exception {
        double[] y = new double[50];
        for (int t = 0; t < y.length; t++) y[t] = 20 + 0.2 * t + 5 * Math.sin(t * Math.PI / 6) + Math.cos(1.1 * t);
        for (ModelKind kind : List.of(ModelKind.LSTM, ModelKind.GRU, ModelKind.SEQ2SEQ, ModelKind.TRANSFORMER)) {
            NeuralConfig n = NeuralConfig.forPeriod(12).toBuilder().hiddenSize(8).numLayers(kind == ModelKind.SEQ2SEQ ? 2 : 1).epochs(1)
                    .head(kind == ModelKind.GRU ? NeuralConfig.Head.QUANTILE : NeuralConfig.Head.POINT).build();
            ForecasterCatalog c = ForecasterCatalog.builder(3, 12).neural(n).build();
            Path dir = tmp.resolve("fc-" + kind.id());
            ForecasterFolder.save(dir, c, c.fit(kind, y, null, null), null);
            Path onnx = tmp.resolve("fc-" + kind.id() + ".onnx");
            OnnxExport.Result r = OnnxExport.export(dir, onnx);
            assertEquals("past", r.input());
            ForecastNet net = ForecasterFolder.load(dir).network();
            int l = 24, outs = kind == ModelKind.GRU ? 3 : 1;
            float[] x = new float[3 * l];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(0.37 * i);
            Tensor want;
            try (var ng = GradMode.noGrad()) {
                want = net.forward(Tensor.of(x, 3, l, 1), null);
            }
            long[] shape = new long[3];
            float[] got = runFloats(onnx, "past", x, new long[]{3, l, 1}, shape);
            assertArrayEquals(new long[]{3, 3, outs}, shape, kind.id());
            close(want.toFloatArray(), got, "forecaster " + kind);
            JsonObject ex = JsonParser.parseString(Files.readString(r.example())).getAsJsonObject().getAsJsonObject("inputs").getAsJsonObject("past");
            assertEquals("float32", ex.get("type").getAsString());
        }
        ForecasterCatalog c = ForecasterCatalog.builder(3, 12).build();
        Path ets = tmp.resolve("fc-ets");
        ForecasterFolder.save(ets, c, c.fit(ModelKind.ETS, y, null, null), null);
        ExportException e = assertThrows(ExportException.class, () -> OnnxExport.export(ets, tmp.resolve("ets.onnx")));
        assertTrue(e.getMessage().contains("no network"), e.getMessage());
    }

    @Test void whatCannotBeExpressedIsRefusedByName() throws Exception {
        TextClassifier never = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.LSTM, 8, 6, 1, 0, 12, 40, null), TEXTS, List.of("a", "b"));
        Path unbuilt = tmp.resolve("unbuilt");
        // never run: the Keras-style layers have no weights yet, and such a folder is no longer written at all
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> never.save(unbuilt));
        assertTrue(s.getMessage().contains("has no weights yet"), s.getMessage());
        ExportException e;
        Path other = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(other.resolve("config.json"), "{\"format_version\": 1, \"task\": \"tree\"}");
        e = assertThrows(ExportException.class, () -> OnnxExport.export(other, tmp.resolve("x.onnx")));
        assertTrue(e.getMessage().contains("'tree'"), e.getMessage());
    }
}
