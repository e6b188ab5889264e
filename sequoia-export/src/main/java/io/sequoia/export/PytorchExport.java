package io.sequoia.export;

import io.sequoia.io.ModelFolder;
import io.sequoia.lm.LanguageModel;
import io.sequoia.lm.LmFolder;
import io.sequoia.lm.RecurrentLanguageModel;
import io.sequoia.lm.TransformerLanguageModel;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Module;
import io.sequoia.text.ConvTextEncoder;
import io.sequoia.text.TextClassifier;
import io.sequoia.text.TransformerTextEncoder;
import io.sequoia.train.keras.Bidirectional;
import io.sequoia.train.keras.Dense;
import io.sequoia.train.keras.Embedding;
import io.sequoia.train.keras.GRU;
import io.sequoia.train.keras.GlobalAveragePooling1D;
import io.sequoia.train.keras.GlobalMaxPooling1D;
import io.sequoia.train.keras.RecurrentLayer;
import io.sequoia.tagging.Tagger;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.translation.Translator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sequoia export pytorch}: a readable Python file defining the folder's network as a
 * {@code torch.nn.Module} whose parameter names are the safetensors keys, so
 * {@code model.load_state_dict(safetensors.torch.load_file("DIR/model.safetensors"))} loads it
 * (strict). Layers are PyTorch's own ({@code nn.Embedding}, {@code nn.LSTM}, {@code nn.GRU},
 * {@code nn.Conv1d}, {@code nn.Linear}, {@code nn.TransformerEncoder}); the few Sequoia layers
 * without a PyTorch twin (masked pooling, learned positions) are a few lines each in the file.
 */
public final class PytorchExport {
    private PytorchExport() {}

    /** A kind's Python body (everything between the header and the loader) and its example. */
    record Piece(String body, Example example) {}

    /** The files written. */
    public record Result(Path module, Path example) {}

    /** Writes {@code out} (the module) and {@code out}'s {@code .example.json} beside it (an input and Sequoia's output). */
    public static Result export(Path modelDir, Path out) throws IOException {
        String task = ModelFolder.task(modelDir);
        String name = modelDir.toAbsolutePath().normalize().getFileName().toString();
        Piece piece;
        if (TextClassifier.TASK.equals(task)) piece = classifier(TextClassifier.load(modelDir));
        else if (LmFolder.TASK.equals(task)) piece = languageModel(LmFolder.load(modelDir).model());
        else if (Tagger.TASK.equals(task)) piece = PytorchTagger.build(Tagger.load(modelDir));
        else if (Translator.TASK.equals(task)) piece = PytorchTranslator.build(Translator.load(modelDir));
        else if (ForecasterFolder.TASK.equals(task)) piece = PytorchForecaster.build(ForecasterFolder.load(modelDir));
        else throw new ExportException("PyTorch export takes a text classifier, a language model, a tagger, a translator or a neural forecaster; "
                    + modelDir + " holds task '" + task + "'");
        String file = out.getFileName().toString();
        String text = header(name, task, file) + piece.body() + footer(file);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(out, text);
        Path example = out.resolveSibling(exampleName(file));
        Files.writeString(example, GSON.toJson(piece.example().json()));
        return new Result(out, example);
    }

    /** {@code mr_model.py} → {@code mr_model.example.json}. */
    static String exampleName(String moduleFile) {
        return (moduleFile.endsWith(".py") ? moduleFile.substring(0, moduleFile.length() - 3) : moduleFile) + ".example.json";
    }

    private static final com.google.gson.Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    private static String header(String name, String task, String file) {
        return """
                \"\"\"PyTorch twin of the Sequoia model folder '%s' (task %s), written by `sequoia export pytorch`.

                The parameter names are the keys of the folder's model.safetensors, so loading is strict:

                    model = load("path/to/%s")            # builds Model() and loads model.safetensors
                    model.eval()

                Check it against Sequoia (the example input and Sequoia's output are in %s):

                    python3 %s path/to/%s

                Written by Sequoia %s; needs torch (safetensors is used when installed; otherwise the file is read here).
                \"\"\"
                import math
                import os

                import torch
                from torch import nn

                """.formatted(name, task, name, exampleName(file), file, name, ModelFolder.SEQUOIA_VERSION);
    }

    private static String footer(String file) {
        return """


                def load_safetensors(path):
                    \"\"\"safetensors.torch.load_file(path); without the safetensors package, the same file read here
                    (8-byte little-endian header length, a JSON header, then the raw little-endian tensors).\"\"\"
                    try:
                        from safetensors.torch import load_file
                    except ImportError:
                        load_file = None
                    if load_file is not None:
                        return load_file(path)
                    import json
                    import struct
                    with open(path, "rb") as f:
                        size = struct.unpack("<Q", f.read(8))[0]
                        header = json.loads(f.read(size))
                        data = f.read()
                    dtypes = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
                              "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}
                    tensors = {}
                    for key, info in header.items():
                        if key == "__metadata__":
                            continue
                        start, end = info["data_offsets"]
                        dtype = dtypes[info["dtype"]]
                        if start == end:
                            tensors[key] = torch.zeros(info["shape"], dtype=dtype)
                        else:
                            tensors[key] = torch.frombuffer(bytearray(data[start:end]), dtype=dtype).reshape(info["shape"])
                    return tensors


                def load(folder):
                    \"\"\"Model() with the folder's weights (strict: every key must match), in eval mode.\"\"\"
                    model = Model()
                    model.load_state_dict(load_safetensors(os.path.join(folder, "model.safetensors")))
                    return model.eval()


                def check(folder, example=None):
                    \"\"\"The largest absolute difference between this module's outputs and Sequoia's on the example input
                    that `sequoia export pytorch` wrote beside this file (%s).\"\"\"
                    import json
                    if example is None:
                        example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "%s")
                    with open(example) as f:
                        ex = json.load(f)
                    dtypes = {"int64": torch.int64, "int32": torch.int32, "float32": torch.float32}
                    inputs = {k: torch.tensor(v["data"], dtype=dtypes[v["type"]]).reshape(v["dims"]) for k, v in ex["inputs"].items()}
                    model = load(folder)
                    with torch.no_grad():
                        got = model(**inputs)
                    got = got if isinstance(got, tuple) else (got,)
                    worst = 0.0
                    for out, (name, want) in zip(got, ex["outputs"].items()):
                        want = torch.tensor(want["data"], dtype=torch.float32).reshape(want["dims"])
                        if tuple(out.shape) != tuple(want.shape):
                            raise ValueError("%%s: shape %%s, Sequoia's %%s" %% (name, tuple(out.shape), tuple(want.shape)))
                        if out.numel():
                            diff = (out.float() - want).abs().max().item()
                            worst = diff if not diff <= worst else worst          # a NaN is kept (and fails the check)
                    if "tags" in ex["outputs"]:          # a tagger: the decoded tag ids must be Sequoia's exactly
                        t = ex["outputs"]["tags"]
                        rows = torch.tensor(t["data"]).reshape(t["dims"]).long().tolist()
                        paths = model.decode(got[0], inputs["words"] != 0)
                        want = [[tag for tag in row if tag >= 0] for row in rows]
                        if [list(p) for p in paths] != want:
                            raise ValueError("decoded tags %%s, Sequoia's %%s" %% (paths, want))
                    return worst


                if __name__ == "__main__":
                    import sys
                    if len(sys.argv) < 2:
                        sys.exit("usage: python3 %s MODEL_FOLDER [EXAMPLE_JSON]")
                    diff = check(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
                    print("max abs difference from Sequoia's output: %%.3g" %% diff)
                    sys.exit(0 if diff <= 1e-4 else 1)
                """.formatted(exampleName(file), exampleName(file), file);
    }

    /** Runs a recurrent layer over the real steps of each row only (Sequoia's padding never reaches a state). */
    static final String PACKED_HELPER = """
            def packed(rnn, x, lengths, state=None):
                \"\"\"rnn over the first lengths[i] steps of row i of x (N, L, ·); outputs zero at padding, final states of the real steps.\"\"\"
                seq = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
                out, state = rnn(seq, state)
                out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.size(1))
                return out, state


            """;

    /** The sinusoidal table of "Attention is all you need", as Sequoia computes it (float32). */
    static final String SINUSOIDAL_HELPER = """
            def sinusoidal_table(max_len, d_model):
                \"\"\"pe[p, 2i] = sin(p·div_i), pe[p, 2i+1] = cos(p·div_i), div_i = exp(2i·(−ln 10000 / d_model)): the PyTorch tutorial's table.\"\"\"
                position = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)
                div = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
                pe = torch.zeros(max_len, d_model)
                pe[:, 0::2] = torch.sin(position * div)
                pe[:, 1::2] = torch.cos(position * div)[:, : d_model // 2]
                return pe


            """;

    private static final String RECURRENT_HELPERS = """
            def run_recurrent(rnn, x, mask, return_sequences):
                \"\"\"Keras-style masking: only the real (post-padded) steps are read; returns every step or the last state.
                An empty text (no real step) keeps the zero state: its outputs are zeros.\"\"\"
                lengths = mask.sum(1)
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths.clamp(min=1).cpu(), batch_first=True, enforce_sorted=False)
                out, h = rnn(packed)
                if isinstance(rnn, nn.LSTM):
                    h = h[0]
                empty = (lengths == 0).unsqueeze(1)
                if return_sequences:
                    out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.size(1))
                    return out.masked_fill(empty.unsqueeze(2), 0.0)
                return (torch.cat([h[-2], h[-1]], 1) if rnn.bidirectional else h[-1]).masked_fill(empty, 0.0)


            def max_over_time(x, mask):
                \"\"\"GlobalMaxPooling1D over the real steps (zeros for a text with none).\"\"\"
                best = x.masked_fill(~mask.unsqueeze(2), float("-inf")).max(1).values
                return best.masked_fill(~mask.any(1, keepdim=True), 0.0)


            def mean_over_time(x, mask):
                \"\"\"GlobalAveragePooling1D over the real steps (zeros for a text with none).\"\"\"
                w = mask.unsqueeze(2).to(x.dtype)
                return (x * w).sum(1) / w.sum(1).clamp(min=1)


            """;

    private static final String TRANSFORMER_HELPERS = """
            class LearnedPosition(nn.Module):
                \"\"\"A learned position table added to the token embeddings.\"\"\"

                def __init__(self, max_len, d_model):
                    super().__init__()
                    self.weight = nn.Parameter(torch.zeros(max_len, d_model))

                def forward(self, x):
                    return x + self.weight[: x.size(1)]


            class TokenPositionEmbedding(nn.Module):
                def __init__(self, vocab_size, d_model, max_len, dropout):
                    super().__init__()
                    self.token = nn.Embedding(vocab_size, d_model)
                    self.position = LearnedPosition(max_len, d_model)
                    self.dropout = nn.Dropout(dropout)

                def forward(self, ids):
                    return self.dropout(self.position(self.token(ids)))


            def causal_mask(size):
                \"\"\"(size, size): 0 on and below the diagonal, -inf above (a position attends to itself and earlier ones).\"\"\"
                return torch.triu(torch.full((size, size), float("-inf")), 1)


            def encoder_layer(d_model, nhead, dim_feedforward, dropout):
                \"\"\"Pre-norm, GELU, batch first: Sequoia's TransformerEncoderLayer settings.\"\"\"
                return nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation="gelu",
                                                  layer_norm_eps=1e-5, batch_first=True, norm_first=True)


            """;

    static Piece classifier(TextClassifier clf) {
        io.sequoia.nn.Sequential net = (io.sequoia.nn.Sequential) clf.model().module();
        StringBuilder helpers = new StringBuilder(), layers = new StringBuilder(), forward = new StringBuilder();
        boolean recurrent = false, transformer = false;
        int features = 0;
        forward.append("    def forward(self, input_ids):\n");
        forward.append("        \"\"\"input_ids (N, T) int64, 0 = padding at the end → " + outputDoc(clf) + ".\"\"\"\n");
        forward.append("        mask = input_ids != 0\n        x = input_ids\n");
        for (int i = 0; i < net.size(); i++) {
            Module m = net.get(i);
            String self = "self[" + i + "]";
            if (m instanceof Dropout d) {
                layers.append(line(i, "nn.Dropout(" + num(d.config().get("p")) + ")"));
                forward.append("        x = ").append(self).append("(x)\n");
            } else if (m instanceof Embedding e) {
                int[] s = e.weight.shape();
                features = s[1];
                layers.append(line(i, "nn.Embedding(" + s[0] + ", " + s[1] + (e.maskZero() ? ", padding_idx=0" : "") + ")"));
                forward.append("        x = ").append(self).append("(x)\n");
            } else if (m instanceof RecurrentLayer || m instanceof Bidirectional) {
                recurrent = true;
                boolean bi = m instanceof Bidirectional;
                RecurrentLayer r = bi ? ((Bidirectional) m).forwardLayer() : (RecurrentLayer) m;
                if (r.goBackwards() || (bi && !((Bidirectional) m).mergeMode().equals("concat"))) {
                    throw new ExportException("layer " + i + ": goBackwards or a merge mode other than concat has no PyTorch translation here");
                }
                layers.append(line(i, (r instanceof GRU ? "nn.GRU(" : "nn.LSTM(") + features + ", " + r.units() + ", batch_first=True"
                        + (bi ? ", bidirectional=True" : "") + ")"));
                forward.append("        x = run_recurrent(").append(self).append(", x, mask, return_sequences=")
                        .append(r.returnSequences() ? "True" : "False").append(")\n");
                features = r.units() * (bi ? 2 : 1);
            } else if (m instanceof GlobalMaxPooling1D || m instanceof GlobalAveragePooling1D) {
                layers.append(line(i, "nn.Identity()").replace("\n", ": " + m.getClass().getSimpleName() + ", masked, in forward\n"));
                forward.append("        x = ").append(m instanceof GlobalMaxPooling1D ? "max_over_time" : "mean_over_time").append("(x, mask)\n");
            } else if (m instanceof ConvTextEncoder c) {
                int[] sizes = (int[]) c.config().get("kernel_sizes");
                int filters = ((Number) c.config().get("num_filters")).intValue();
                helpers.append(convEncoder());
                layers.append(line(i, "ConvTextEncoder(" + features + ", " + filters + ", " + java.util.Arrays.toString(sizes).replace('[', '(').replace(']', ')') + ")"));
                forward.append("        x = ").append(self).append("(x)\n");
                features = filters * sizes.length;
            } else if (m instanceof TransformerTextEncoder t) {
                transformer = true;
                Map<String, Object> c = t.config();
                layers.append(line(i, "TransformerTextEncoder(" + c.get("vocab_size") + ", " + c.get("d_model") + ", " + c.get("nhead") + ", "
                        + c.get("num_layers") + ", " + c.get("dim_feedforward") + ", " + num(c.get("dropout")) + ", " + c.get("max_len") + ")"));
                forward.append("        x = ").append(self).append("(x)\n");
                features = ((Number) c.get("d_model")).intValue();
            } else if (m instanceof Dense d) {
                String act = String.valueOf(d.config().get("activation"));
                layers.append(line(i, "nn.Linear(" + features + ", " + d.units() + ")"));
                String call = self + "(x)";
                forward.append("        x = ").append(switch (act) {
                    case "sigmoid" -> "torch.sigmoid(" + call + ")";
                    case "softmax" -> "torch.softmax(" + call + ", -1)";
                    case "linear" -> call;
                    default -> throw new ExportException("layer " + i + ": Dense activation " + act + " has no translation here");
                }).append('\n');
                features = d.units();
            } else {
                throw new ExportException("layer " + i + " (" + m.getClass().getSimpleName() + ") has no PyTorch translation here");
            }
        }
        forward.append("        return x\n");
        StringBuilder sb = new StringBuilder();
        if (recurrent) sb.append(RECURRENT_HELPERS);
        if (transformer) sb.append(TRANSFORMER_HELPERS).append(transformerTextEncoder());
        sb.append(helpers);
        sb.append("CLASSES = ").append(pyList(clf.classes())).append("\n\n\n");
        sb.append("class Model(nn.Sequential):\n");
        sb.append("    \"\"\"The Sequoia '" + clf.spec().model() + "' text classifier; child i is the safetensors prefix 'i.'.\"\"\"\n\n");
        sb.append("    def __init__(self):\n        super().__init__(\n").append(layers).append("        )\n\n").append(forward);
        List<String> vocab = clf.vectorizer().vocabulary().tokens();
        String sample = String.join(" ", vocab.subList(Math.min(2, vocab.size()), Math.min(7, vocab.size())));
        io.sequoia.autograd.Tensor ids = clf.encode(List.of(sample, sample.split(" ")[0], ""));
        return new Piece(sb.toString(), new Example().ids("input_ids", ids).output("output", clf.model().predict(ids, 256)));
    }

    private static String outputDoc(TextClassifier clf) {
        return clf.classes().size() == 2 ? "(N, 1) the probability of CLASSES[1]" : "(N, " + clf.classes().size() + ") logits in CLASSES order";
    }

    private static String convEncoder() {
        return """
                class ConvTextEncoder(nn.Module):
                    \"\"\"Kim (2014): one Conv1d per kernel size, ReLU, max over time, concatenated.\"\"\"

                    def __init__(self, embed_dim, num_filters, kernel_sizes):
                        super().__init__()
                        self.kernel_sizes = kernel_sizes
                        self.convs = nn.Sequential(*[nn.Conv1d(embed_dim, num_filters, k) for k in kernel_sizes])

                    def forward(self, x):
                        x = x.transpose(1, 2)                                       # (N, E, T)
                        short = max(self.kernel_sizes) - x.size(2)
                        if short > 0:
                            x = nn.functional.pad(x, (0, short))
                        return torch.cat([conv(x).relu().max(2).values for conv in self.convs], 1)


                """;
    }

    private static String transformerTextEncoder() {
        return """
                class TransformerTextEncoder(nn.Module):
                    \"\"\"Token + learned position embedding, pre-norm encoder with a final LayerNorm, mean over the real tokens.\"\"\"

                    def __init__(self, vocab_size, d_model, nhead, num_layers, dim_feedforward, dropout, max_len):
                        super().__init__()
                        self.embed = TokenPositionEmbedding(vocab_size, d_model, max_len, dropout)
                        self.encoder = nn.TransformerEncoder(encoder_layer(d_model, nhead, dim_feedforward, dropout), num_layers,
                                                             norm=nn.LayerNorm(d_model), enable_nested_tensor=False)

                    def forward(self, ids):
                        pad = ids == 0
                        pad[pad.all(1), 0] = False                                  # an empty text attends to its first position
                        h = self.encoder(self.embed(ids), src_key_padding_mask=pad)
                        keep = (~pad).unsqueeze(2).to(h.dtype)
                        return (h * keep).sum(1) / keep.sum(1)


                """;
    }

    static Piece languageModel(LanguageModel m) {
        int len = Math.max(1, Math.min(8, m.contextLength()));
        long[] ids = new long[2 * len];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 7 + 3) % m.vocabSize();
        Example ex = new Example().ids("input_ids", new int[]{2, len}, ids).output("logits", OnnxExport.expected(m, ids, len));
        return new Piece(languageModelBody(m), ex);
    }

    private static String languageModelBody(LanguageModel m) {
        Map<String, Object> c = m.config();
        if (m instanceof RecurrentLanguageModel) {
            String cell = String.valueOf(c.get("cell")).toUpperCase(Locale.ROOT);
            return """
                    class Model(nn.Module):
                        \"\"\"Embedding → %s → dropout → Linear (PyTorch's word_language_model layout).\"\"\"

                        def __init__(self):
                            super().__init__()
                            self.encoder = nn.Embedding(%s, %s)
                            self.rnn = nn.%s(%s, %s, %s, batch_first=True, dropout=%s)
                            self.drop = nn.Dropout(%s)
                            self.decoder = nn.Linear(%s, %s)

                        def forward(self, input_ids, state=None):
                            \"\"\"input_ids (N, L) → next-token logits (N, L, V) and the state to carry.\"\"\"
                            h, state = self.rnn(self.drop(self.encoder(input_ids)), state)
                            return self.decoder(self.drop(h)), state
                    """.formatted(cell, c.get("vocab_size"), c.get("embed_dim"), cell, c.get("embed_dim"), c.get("hidden_size"),
                    c.get("num_layers"), num(c.get("dropout")), num(c.get("dropout")), c.get("hidden_size"), c.get("vocab_size"));
        }
        if (m instanceof TransformerLanguageModel) {
            return TRANSFORMER_HELPERS + """
                    class Model(nn.Module):
                        \"\"\"Causal Transformer: token + learned positions → pre-norm layers → LayerNorm → Linear.\"\"\"

                        def __init__(self):
                            super().__init__()
                            self.embed = TokenPositionEmbedding(%s, %s, %s, %s)
                            self.blocks = nn.TransformerEncoder(encoder_layer(%s, %s, %s, %s), %s, enable_nested_tensor=False)
                            self.norm = nn.LayerNorm(%s)
                            self.head = nn.Linear(%s, %s)

                        def forward(self, input_ids):
                            \"\"\"input_ids (N, L), L <= %s → next-token logits (N, L, V).\"\"\"
                            causal = causal_mask(input_ids.size(1))
                            return self.head(self.norm(self.blocks(self.embed(input_ids), mask=causal)))
                    """.formatted(c.get("vocab_size"), c.get("d_model"), c.get("context_length"), num(c.get("dropout")),
                    c.get("d_model"), c.get("nhead"), c.get("dim_feedforward"), num(c.get("dropout")), c.get("num_layers"),
                    c.get("d_model"), c.get("d_model"), c.get("vocab_size"), c.get("context_length"));
        }
        throw new ExportException("the " + m.getClass().getSimpleName() + " language model has no PyTorch translation here");
    }

    private static String line(int index, String layer) { return "            " + layer + ",  # " + index + "\n"; }

    private static String num(Object o) { return o == null ? "0.0" : String.valueOf(((Number) o).doubleValue()); }

    static String pyList(List<String> xs) {
        List<String> q = new ArrayList<>();
        for (String x : xs) q.add("\"" + x.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        return "[" + String.join(", ", q) + "]";
    }
}
