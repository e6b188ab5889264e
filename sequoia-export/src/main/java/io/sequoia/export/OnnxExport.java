package io.sequoia.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.io.ModelFolder;
import io.sequoia.lm.LanguageModel;
import io.sequoia.lm.LmFolder;
import io.sequoia.lm.RecurrentLanguageModel;
import io.sequoia.nn.Module;
import io.sequoia.tensor.NDArray;
import io.sequoia.text.TextClassifier;
import io.sequoia.timeseries.ForecasterFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sequoia export onnx}: a model folder as an ONNX file (IR {@value OnnxGraph#IR_VERSION}, opset
 * {@value OnnxGraph#OPSET}, dynamic batch and sequence axes) plus, beside it,
 * {@code FILE.example.json} (one input and Sequoia's output for it, so any runtime can be checked)
 * and {@code FILE.preprocessing.json} (how a text becomes the input ids: the vocabulary and the
 * tokenizer settings, or a forecaster's scaling). Kinds: see {@link #kinds()}. Anything else is refused
 * with an {@link ExportException}.
 */
public final class OnnxExport {
    private OnnxExport() {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** The files written and the graph's input and output names. */
    public record Result(Path onnx, Path example, Path preprocessing, String input, String output) {}

    /** A built graph, its example input (int64 ids, or float32 values when {@code values} is set) and Sequoia's output for it. */
    record Built(OnnxGraph graph, String input, String output, long[] ids, int[] idsShape, Tensor expected, Map<String, Object> preprocessing, float[] values) {
        Built(OnnxGraph graph, String input, String output, long[] ids, int[] idsShape, Tensor expected, Map<String, Object> preprocessing) {
            this(graph, input, output, ids, idsShape, expected, preprocessing, null);
        }
    }

    public static Result export(Path modelDir, Path out) throws IOException {
        String task = ModelFolder.task(modelDir);
        Built b;
        if (TextClassifier.TASK.equals(task)) b = OnnxClassifier.build(TextClassifier.load(modelDir));
        else if (LmFolder.TASK.equals(task)) b = language(LmFolder.load(modelDir));
        else if (ForecasterFolder.TASK.equals(task)) b = OnnxForecaster.build(ForecasterFolder.load(modelDir));
        else throw new ExportException("ONNX export takes a text classifier, a language model or a neural forecaster; " + modelDir + " holds task '" + task + "'");
        String name = modelDir.toAbsolutePath().normalize().getFileName().toString();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        b.graph().write(out, name, "exported by Sequoia " + ModelFolder.SEQUOIA_VERSION + " from " + name + " (task " + task + ")");
        Path example = out.resolveSibling(out.getFileName() + ".example.json"), pre = out.resolveSibling(out.getFileName() + ".preprocessing.json");
        Files.writeString(example, GSON.toJson(example(b)));
        Files.writeString(pre, GSON.toJson(b.preprocessing()));
        return new Result(out, example, pre, b.input(), b.output());
    }

    private static Map<String, Object> example(Built b) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("type", b.values() != null ? "float32" : "int64");
        in.put("dims", b.idsShape());
        in.put("data", b.values() != null ? b.values() : b.ids());
        Map<String, Object> outV = new LinkedHashMap<>();
        outV.put("dims", b.expected().shape());
        outV.put("data", b.expected().toFloatArray());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("inputs", Map.of(b.input(), in));
        r.put("outputs", Map.of(b.output(), outV));
        return r;
    }

    /** Token ids as the float tensor Sequoia's modules take. */
    static Tensor idsTensor(long[] ids, int... shape) {
        float[] f = new float[ids.length];
        for (int i = 0; i < ids.length; i++) f[i] = ids[i];
        return new Tensor(NDArray.wrap(f, shape));
    }

    /** A recurrent language model: ids (N, L) → logits (N, L, V) from a zero state (the server's generation carries state; this graph does not). */
    static Built language(LmFolder.Loaded l) {
        LanguageModel m = l.model();
        Map<String, Module> ch = m.namedChildren();
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", OnnxGraph.INT64, "batch", "sequence");
        String logits;
        if (m instanceof io.sequoia.lm.TransformerLanguageModel) {
            String x = OnnxTransformer.embed(g, "embed.", ch.get("embed").namedParameters(), "input_ids");
            x = OnnxTransformer.encoder(g, "blocks.", (io.sequoia.nn.attention.TransformerEncoder) ch.get("blocks"), x, OnnxTransformer.causal(g, "input_ids"));
            Map<String, io.sequoia.nn.Parameter> np = ch.get("norm").namedParameters();
            x = OnnxTransformer.norm(g, "norm", np.get("weight"), np.get("bias"), x, ((Number) ch.get("norm").config().getOrDefault("eps", 1e-5)).doubleValue());
            Map<String, io.sequoia.nn.Parameter> hp = ch.get("head").namedParameters();
            logits = linear(g, "head", x, hp.get("weight").data().toFloatArray(), hp.get("bias") == null ? null : hp.get("bias").data().toFloatArray(),
                    m.vocabSize(), hp.get("weight").shape()[1]);
        } else if (m instanceof RecurrentLanguageModel) {
            logits = recurrentLanguage(g, m, ch);
        } else {
            throw new ExportException("ONNX export of the " + m.getClass().getSimpleName() + " language model is not supported");
        }
        g.identity(logits, "logits");
        g.output("logits", OnnxGraph.FLOAT, "batch", "sequence", m.vocabSize());
        int len = Math.min(8, Math.max(1, Math.min(m.contextLength(), l.codec().size())));
        int vocab = m.vocabSize();
        long[] ids = new long[2 * len];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 7 + 3) % vocab;
        Map<String, Object> pre = new LinkedHashMap<>();
        pre.put("task", LmFolder.TASK);
        pre.put("level", l.codec().isWordLevel() ? "word" : "char");
        pre.put("tokens", l.codec().tokens());
        pre.put("input", "input_ids (batch, sequence) int64: token indices into 'tokens'; a recurrent graph starts from a zero state");
        pre.put("output", "logits (batch, sequence, vocabulary): the next token's unnormalised log-probabilities at every position");
        return new Built(g, "input_ids", "logits", ids, new int[]{2, len}, expected(m, ids, len), pre);
    }

    /** A language model's logits for ids (2, len) from a zero state, in eval mode. */
    static Tensor expected(LanguageModel m, long[] ids, int len) {
        boolean tr = m.isTraining();
        m.eval();
        try (var ng = GradMode.noGrad()) {
            if (m.state() != null) m.state().resetStates();
            Tensor out = m.forward(idsTensor(ids, 2, len));
            if (m.state() != null) m.state().resetStates();
            return out;
        } finally {
            m.train(tr);
        }
    }

    private static String recurrentLanguage(OnnxGraph g, LanguageModel m, Map<String, Module> ch) {
        Map<String, Object> rc = ch.get("rnn").config();
        boolean lstm = ch.get("rnn") instanceof io.sequoia.nn.recurrent.LSTM;
        if (Boolean.TRUE.equals(rc.get("bidirectional"))) throw new ExportException("a bidirectional language model cannot be exported");
        int hidden = ((Number) rc.get("hidden_size")).intValue(), layers = ((Number) rc.get("num_layers")).intValue();
        float[] emb = ch.get("encoder").namedParameters().get("weight").data().toFloatArray();
        int vocab = m.vocabSize(), e = emb.length / vocab;
        String x = g.node("Gather", new String[]{g.weight("encoder.weight", emb, vocab, e), "input_ids"});        // (N, L, E)
        x = g.node("Transpose", new String[]{x}, "perm", new long[]{1, 0, 2});                               // (L, N, E)
        Map<String, io.sequoia.nn.Parameter> p = ch.get("rnn").namedParameters();
        for (int k = 0; k < layers; k++) {
            RecurrentOps.Direction d = RecurrentOps.Direction.of(p, "_l" + k);
            x = RecurrentOps.run(g, "rnn.l" + k, lstm, hidden, k == 0 ? e : hidden, new RecurrentOps.Direction[]{d}, x, "")[0];
        }
        x = g.node("Transpose", new String[]{x}, "perm", new long[]{1, 0, 2});                               // (N, L, H)
        Map<String, io.sequoia.nn.Parameter> dec = ch.get("decoder").namedParameters();
        return linear(g, "decoder", x, dec.get("weight").data().toFloatArray(), dec.get("bias") == null ? null : dec.get("bias").data().toFloatArray(), vocab, hidden);
    }

    /** x (..., in) · Wᵀ + b as MatMul and Add (any leading dims). */
    static String linear(OnnxGraph g, String name, String x, float[] weight, float[] bias, int out, int in) {
        float[] wt = new float[in * out];
        for (int o = 0; o < out; o++) for (int i = 0; i < in; i++) wt[i * out + o] = weight[o * in + i];
        String y = g.node("MatMul", new String[]{x, g.weight(name + ".weight_t", wt, in, out)});
        return bias == null ? y : g.node("Add", new String[]{y, g.weight(name + ".bias", bias, out)});
    }

    static List<String> kinds() {
        return List.of("classifier: lstm, bilstm, gru (last, max, mean pooling), cnn, transformer", "language_model: lstm, gru, transformer",
                "forecaster: lstm, gru, seq2seq, transformer (neural, without covariates)");
    }
}
