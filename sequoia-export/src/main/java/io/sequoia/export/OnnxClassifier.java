package io.sequoia.export;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.text.ConvTextEncoder;
import io.sequoia.text.TextClassifier;
import io.sequoia.train.keras.Bidirectional;
import io.sequoia.train.keras.Dense;
import io.sequoia.train.keras.Embedding;
import io.sequoia.train.keras.GRU;
import io.sequoia.train.keras.GlobalAveragePooling1D;
import io.sequoia.train.keras.GlobalMaxPooling1D;
import io.sequoia.train.keras.RecurrentLayer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text classifier's network as ONNX. Recurrent: the embedding's padding (id 0, post-padded)
 * becomes ONNX's {@code sequence_lens}, so the LSTM/GRU nodes read only the real steps, as Keras's
 * mask does; masked max/mean pooling use the same mask. CNN: Conv → Relu → ReduceMax per kernel
 * size, concatenated. Output {@code output}: Sequoia's network output (two classes: the sigmoid
 * probability of the second class (N, 1); more: logits (N, C)).
 */
final class OnnxClassifier {
    private OnnxClassifier() {}

    static OnnxExport.Built build(TextClassifier clf) {
        io.sequoia.nn.Sequential net = (io.sequoia.nn.Sequential) clf.model().module();
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", OnnxGraph.INT64, "batch", "sequence");
        String x = null, lens = null, mask = null, lastState = null, nonEmpty = null;   // x: (N, T, F) before the recurrent part, (T, N, F) in it, (N, F) after
        boolean timeMajor = false;
        int features = 0;
        for (int i = 0; i < net.size(); i++) {
            Module m = net.get(i);
            if (m instanceof Dropout) continue;
            if (m instanceof Embedding e) {
                float[] w = e.weight.data().toFloatArray();
                features = e.weight.shape()[1];
                x = g.node("Gather", new String[]{g.weight(i + ".weight", w, e.weight.shape()[0], features), "input_ids"});
                if (e.maskZero()) {
                    mask = g.node("Not", new String[]{g.node("Equal", new String[]{"input_ids", g.ints("zero", 0)})});           // (N, T) bool
                    String raw = g.node("ReduceSum", new String[]{g.node("Cast", new String[]{mask}, "to", OnnxGraph.INT64), g.ints("axis", 1)}, "keepdims", 0);
                    // an empty text: the recurrent nodes read one step (ONNX needs >= 1) and its state is zeroed below, as Sequoia keeps the zero state
                    lens = g.node("Cast", new String[]{g.node("Max", new String[]{raw, g.ints("one", 1)})}, "to", OnnxGraph.INT32);     // (N) int32
                    nonEmpty = g.node("Unsqueeze", new String[]{g.node("Greater", new String[]{raw, g.ints("zero", 0)}), g.ints("axis", 1)}); // (N, 1) bool
                }
            } else if (m instanceof RecurrentLayer || m instanceof Bidirectional) {
                if (x == null) throw new ExportException("layer " + i + ": a recurrent layer needs an embedding before it");
                if (!timeMajor) x = g.node("Transpose", new String[]{x}, "perm", new long[]{1, 0, 2});
                timeMajor = true;
                RecurrentLayer r = m instanceof Bidirectional b ? b.forwardLayer() : (RecurrentLayer) m;
                if (r.goBackwards()) throw new ExportException("layer " + i + ": goBackwards recurrent layers are not exported");
                RecurrentOps.Direction[] dirs = m instanceof Bidirectional b
                        ? new RecurrentOps.Direction[]{RecurrentOps.Direction.of(b.forwardLayer().namedParameters(), "_l0"),
                            RecurrentOps.Direction.of(b.backwardLayer().namedParameters(), "_l0")}
                        : new RecurrentOps.Direction[]{RecurrentOps.Direction.of(r.namedParameters(), "_l0")};
                if (m instanceof Bidirectional b && !b.mergeMode().equals("concat")) throw new ExportException("layer " + i + ": Bidirectional merge mode " + b.mergeMode() + " is not exported (concat is)");
                String[] yr = RecurrentOps.run(g, Integer.toString(i), !(r instanceof GRU), r.units(), features, dirs, x, lens == null ? "" : lens);
                features = r.units() * dirs.length;
                x = yr[0];
                lastState = g.node("Reshape", new String[]{g.node("Transpose", new String[]{yr[1]}, "perm", new long[]{1, 0, 2}), g.ints("shape", 0, -1)});
                if (nonEmpty != null) lastState = g.node("Mul", new String[]{lastState, g.node("Cast", new String[]{nonEmpty}, "to", OnnxGraph.FLOAT)});
                if (!r.returnSequences()) { x = lastState; timeMajor = false; }
            } else if (m instanceof GlobalMaxPooling1D || m instanceof GlobalAveragePooling1D) {
                if (!timeMajor) throw new ExportException("layer " + i + ": pooling is exported after a recurrent layer only");
                String seq = g.node("Transpose", new String[]{x}, "perm", new long[]{1, 0, 2});                                   // (N, T, F)
                if (m instanceof GlobalMaxPooling1D) {
                    String masked = mask == null ? seq : g.node("Where", new String[]{g.node("Unsqueeze", new String[]{mask, g.ints("axis", 2)}),
                            seq, g.scalar("minus_inf", Float.NEGATIVE_INFINITY)});
                    x = g.node("ReduceMax", new String[]{masked}, "axes", new long[]{1}, "keepdims", 0);
                    if (nonEmpty != null) x = g.node("Where", new String[]{nonEmpty, x, g.scalar("zero_f", 0f)});   // no real step: zeros
                } else if (mask == null) {
                    x = g.node("ReduceMean", new String[]{seq}, "axes", new long[]{1}, "keepdims", 0);
                } else {
                    String w = g.node("Cast", new String[]{g.node("Unsqueeze", new String[]{mask, g.ints("axis", 2)})}, "to", OnnxGraph.FLOAT);
                    String sum = g.node("ReduceSum", new String[]{g.node("Mul", new String[]{seq, w}), g.ints("axis", 1)}, "keepdims", 0);
                    x = g.node("Div", new String[]{sum, g.node("Max", new String[]{g.node("ReduceSum", new String[]{w, g.ints("axis", 1)}, "keepdims", 0),
                            g.scalar("one_f", 1f)})});
                }
                timeMajor = false;
            } else if (m instanceof io.sequoia.text.TransformerTextEncoder t) {
                if (i != 0) throw new ExportException("layer " + i + ": the Transformer encoder must take the ids (be first)");
                x = transformer(g, t);
                features = ((Number) t.config().get("d_model")).intValue();
            } else if (m instanceof ConvTextEncoder c) {
                x = conv(g, i, c, x, clf.spec().maxLen());
                features = c.outputSize();
            } else if (m instanceof Dense d) {
                if (timeMajor) throw new ExportException("layer " + i + ": Dense after a sequence output is not exported");
                Map<String, Parameter> p = d.namedParameters();
                if (p.get("weight") == null) throw new ExportException("layer " + i + " (Dense) has no weights: the folder was saved before the network's first forward pass");
                x = OnnxExport.linear(g, Integer.toString(i), x, p.get("weight").data().toFloatArray(),
                        p.get("bias") == null ? null : p.get("bias").data().toFloatArray(), d.units(), features);
                String act = String.valueOf(d.config().get("activation"));
                if (act.equals("sigmoid")) x = g.node("Sigmoid", new String[]{x});
                else if (act.equals("softmax")) x = g.node("Softmax", new String[]{x}, "axis", -1);
                else if (!act.equals("linear")) throw new ExportException("layer " + i + ": Dense activation " + act + " is not exported");
                features = d.units();
            } else {
                throw new ExportException("the " + clf.spec().model() + " classifier cannot be exported to ONNX yet: layer " + i + " ("
                        + m.getClass().getSimpleName() + ") has no ONNX translation here; exported: " + OnnxExport.kinds());
            }
        }
        g.identity(x, "output");
        g.output("output", OnnxGraph.FLOAT, "batch", features);

        List<String> vocab = clf.vectorizer().vocabulary().tokens();
        String sample = String.join(" ", vocab.subList(Math.min(2, vocab.size()), Math.min(7, vocab.size())));
        Tensor ids = clf.encode(List.of(sample, sample.split(" ")[0]));
        float[] f = ids.toFloatArray();
        long[] l = new long[f.length];
        for (int i = 0; i < f.length; i++) l[i] = (long) f[i];
        Tensor expected = clf.model().predict(ids, 256);
        Map<String, Object> pre = new LinkedHashMap<>();
        pre.put("task", TextClassifier.TASK);
        pre.put("classes", clf.classes());
        pre.put("vectorizer", clf.vectorizer().config());
        pre.put("vocabulary", vocab);
        pre.put("input", "input_ids (batch, " + clf.spec().maxLen() + ") int64: word indices into 'vocabulary' (0 = padding, 1 = unknown), padded at the end");
        pre.put("output", clf.classes().size() == 2 ? "output (batch, 1): the probability of '" + clf.classes().get(1) + "'"
                : "output (batch, " + clf.classes().size() + "): logits, in the order of 'classes'");
        return new OnnxExport.Built(g, "input_ids", "output", l, ids.shape(), expected, pre);
    }

    /** Embedding, encoder with the padding masked (an empty text attends to its first position), mean over the real tokens. */
    private static String transformer(OnnxGraph g, io.sequoia.text.TransformerTextEncoder t) {
        String pad = g.node("Equal", new String[]{"input_ids", g.ints("zero", 0)});                                        // (N, T)
        String anyReal = g.node("Greater", new String[]{g.node("ReduceMax", new String[]{g.node("Cast", new String[]{g.node("Not", new String[]{pad})},
                "to", OnnxGraph.FLOAT)}, "axes", new long[]{1}, "keepdims", 1), g.scalar("zero_f", 0f)});                       // (N, 1)
        String len = g.node("Squeeze", new String[]{g.node("Shape", new String[]{"input_ids"}, "start", 1, "end", 2)});
        String notFirst = g.node("Not", new String[]{g.node("Equal", new String[]{g.node("Range", new String[]{g.scalarInt("start", 0), len,
                g.scalarInt("step", 1)}), g.scalarInt("zero_i", 0)})});                                                          // (T)
        pad = g.node("And", new String[]{pad, g.node("Or", new String[]{anyReal, notFirst})});
        String addMask = g.node("Unsqueeze", new String[]{OnnxTransformer.minusInfWhere(g, pad), g.ints("axes", 1, 2)});         // (N, 1, 1, T)
        String h = OnnxTransformer.encoder(g, "0.encoder.", t.encoder, OnnxTransformer.embed(g, "0.embed.", t.embed.namedParameters(), "input_ids"), addMask);
        String keep = g.node("Cast", new String[]{g.node("Unsqueeze", new String[]{g.node("Not", new String[]{pad}), g.ints("axis", 2)})}, "to", OnnxGraph.FLOAT);
        String sum = g.node("ReduceSum", new String[]{g.node("Mul", new String[]{h, keep}), g.ints("axis", 1)}, "keepdims", 0);
        return g.node("Div", new String[]{sum, g.node("ReduceSum", new String[]{keep, g.ints("axis", 1)}, "keepdims", 0)});
    }

    private static String conv(OnnxGraph g, int layer, ConvTextEncoder c, String x, int maxLen) {
        Map<String, Object> cfg = c.config();
        int[] sizes = (int[]) cfg.get("kernel_sizes");
        int maxK = 0;
        for (int k : sizes) maxK = Math.max(maxK, k);
        String t = g.node("Transpose", new String[]{x}, "perm", new long[]{0, 2, 1});                 // (N, E, T)
        if (maxLen < maxK) t = g.node("Pad", new String[]{t, g.ints("pads", 0, 0, 0, 0, 0, maxK - maxLen)});
        Map<String, Parameter> p = c.namedParameters();
        String[] pooled = new String[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            Parameter w = p.get("convs." + i + ".weight"), b = p.get("convs." + i + ".bias");
            String wn = g.weight(layer + ".convs." + i + ".weight", w.data().toFloatArray(), w.shape());
            String[] in = b == null ? new String[]{t, wn} : new String[]{t, wn, g.weight(layer + ".convs." + i + ".bias", b.data().toFloatArray(), b.shape())};
            String y = g.node("Relu", new String[]{g.node("Conv", in, "kernel_shape", new long[]{sizes[i]})});
            pooled[i] = g.node("ReduceMax", new String[]{y}, "axes", new long[]{2}, "keepdims", 0);
        }
        return g.node("Concat", pooled, "axis", 1);
    }
}
