package io.sequoia.translation;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.data.decoding.BeamSearch;
import io.sequoia.data.decoding.GreedySearch;
import io.sequoia.data.decoding.Hypothesis;
import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.io.ModelFolder;
import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained translator: the model, its {@link TextCodec} and decoding defaults; text in, text out.
 * Sources are decoded in batches of similar length (each sentence's translation does not depend on
 * its batch: padding is masked). Saved as a model folder with {@code "task": "translator"}.
 */
public final class Translator {
    public static final String TASK = "translator";
    public static final int DEFAULT_BATCH = 64;
    /** Maximum output length: {@code a · source pieces + b}. */
    public static final double MAX_LEN_A = 2.0;
    public static final int MAX_LEN_B = 10;
    /** Beam search defaults: the best measured on Multi30k's validation set (docs/labs.md). */
    public static final int DEFAULT_BEAM = 5;
    public static final LengthPenalty DEFAULT_LENGTH_PENALTY = LengthPenalty.average(2.5);

    /** One candidate translation and its beam score. */
    public record Candidate(String text, double score) {}

    private final Seq2Seq model;
    private final TextCodec codec;
    private final Map<String, Object> extraConfig;

    public Translator(Seq2Seq model, TextCodec codec, Map<String, Object> extraConfig) {
        if (model.sourceVocabSize() != codec.sourceVocab().size() || model.targetVocabSize() != codec.targetVocab().size()) {
            throw Errors.arg("Translator", "the model's vocabulary sizes must match the codec's",
                    codec.sourceVocab().size() + "/" + codec.targetVocab().size(), model.sourceVocabSize() + "/" + model.targetVocabSize(), null);
        }
        this.model = model;
        this.codec = codec;
        this.extraConfig = extraConfig == null ? Map.of() : extraConfig;
    }

    public Seq2Seq model() { return model; }
    public TextCodec codec() { return codec; }
    public Map<String, Object> extraConfig() { return extraConfig; }

    /**
     * The beam width this translator's folder asks for ({@code config.json}'s {@code "decoding": {"beam"}},
     * written by training), else {@link #DEFAULT_BEAM}: what {@code sequoia translate} and Spark scoring use.
     */
    public int defaultBeam() {
        return extraConfig.get("decoding") instanceof Map<?, ?> m && m.get("beam") instanceof Number n ? n.intValue() : DEFAULT_BEAM;
    }

    /** The length penalty of the folder's {@code "decoding": {"length_penalty"}}, else {@link #DEFAULT_LENGTH_PENALTY}. */
    public LengthPenalty defaultPenalty() {
        return extraConfig.get("decoding") instanceof Map<?, ?> m && m.get("length_penalty") instanceof String s ? LengthPenalty.parse(s) : DEFAULT_LENGTH_PENALTY;
    }

    /** Translations with beam search ({@code beam = 1}: greedy), best first, {@code nBest} per source. */
    public List<List<Candidate>> translate(List<String> sources, int beam, LengthPenalty penalty, int nBest) {
        int[][] ids = new int[sources.size()][];
        for (int i = 0; i < ids.length; i++) ids[i] = codec.encodeSource(sources.get(i));
        List<List<Hypothesis>> hyps = decodeIds(ids, beam, penalty, nBest);
        List<List<Candidate>> out = new ArrayList<>();
        for (List<Hypothesis> h : hyps) {
            List<Candidate> c = new ArrayList<>();
            for (Hypothesis x : h) c.add(new Candidate(codec.decodeTarget(x.tokens()), x.score()));
            out.add(c);
        }
        return out;
    }

    /** The best translation of each source. */
    public List<String> translate(List<String> sources, int beam, LengthPenalty penalty) {
        return translate(sources, beam, penalty, 1).stream().map(c -> c.isEmpty() ? "" : c.get(0).text()).toList();
    }

    /** Decodes id sequences (no start/end tokens), in length-sorted batches, results in input order. */
    public List<List<Hypothesis>> decodeIds(int[][] ids, int beam, LengthPenalty penalty, int nBest) {
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(ids[a].length, ids[b].length));
        List<List<Hypothesis>> out = new ArrayList<>(java.util.Collections.nCopies(ids.length, null));
        boolean training = model.isTraining();
        model.eval();
        try (var g = GradMode.noGrad()) {
            int batch = Math.max(1, DEFAULT_BATCH * 5 / Math.max(5, beam));
            for (int from = 0; from < order.length; from += batch) {
                List<Integer> rows = new ArrayList<>();
                for (int i = from; i < Math.min(order.length, from + batch); i++) {
                    if (ids[order[i]].length == 0) out.set(order[i], List.of(new Hypothesis(new int[0], 0, 0)));
                    else rows.add(order[i]);
                }
                if (rows.isEmpty()) continue;
                int n = rows.size();
                int[][] src = new int[n][];
                int[] maxLen = new int[n];
                for (int i = 0; i < n; i++) {
                    src[i] = ids[rows.get(i)];
                    maxLen[i] = (int) Math.ceil(MAX_LEN_A * src[i].length) + MAX_LEN_B;
                }
                PairBatches.Batch b = PairBatches.batch(src, new int[n][0], java.util.stream.IntStream.range(0, n).toArray());
                Object states = model.encode(b.src(), b.srcLengths());
                List<List<Hypothesis>> res;
                if (beam == 1 && nBest == 1) {
                    res = GreedySearch.decode(model.stepDecoder(), states, n, TextCodec.BOS, TextCodec.EOS, maxLen).stream().map(List::of).toList();
                } else {
                    res = BeamSearch.decode(model.stepDecoder(), states, n, TextCodec.BOS, TextCodec.EOS, maxLen, beam, penalty, nBest);
                }
                for (int i = 0; i < n; i++) out.set(rows.get(i), res.get(i));
            }
        } finally {
            model.train(training);
        }
        return out;
    }

    /**
     * Attention weights (T, S) of one source and its translation, with the pieces on both axes: the last
     * attention layer's in {@code weights}, every layer's in {@code layers} (first layer first; one for a
     * recurrent translator, each decoder layer's cross-attention, averaged over heads, for a Transformer).
     */
    public record Alignment(List<String> sourcePieces, List<String> targetPieces, float[][] weights, List<float[][]> layers) {}

    public Alignment align(String source, LengthPenalty penalty, int beam) {
        int[] src = codec.encodeSource(source);
        if (src.length == 0) throw Errors.arg("Translator.align", "the source must have at least one token", ">= 1", 0, null);
        int[] out = decodeIds(new int[][]{src}, beam, penalty, 1).get(0).get(0).tokens();
        PairBatches.Batch b = PairBatches.batch(new int[][]{src}, new int[][]{out}, new int[]{0});
        List<Tensor> ws;
        boolean training = model.isTraining();
        model.eval();
        try (var g = GradMode.noGrad()) {
            ws = model.attentionLayers(b.src(), b.srcLengths(), b.tgtIn());
        } finally {
            model.train(training);
        }
        if (ws.isEmpty()) throw Errors.arg("Translator.align", "this model has no attention", "an attention model", "attention none", null);
        List<float[][]> layers = new ArrayList<>();
        for (Tensor w : ws) {
            int t = w.size(1), s = w.size(2);
            float[] f = w.data().toFloatArray();
            float[][] m = new float[t][s];
            for (int i = 0; i < t; i++) System.arraycopy(f, i * s, m[i], 0, s);
            layers.add(m);
        }
        List<String> tp = new ArrayList<>();
        for (int id : out) tp.add(codec.targetVocab().token(id));
        tp.add(io.sequoia.data.text.Vocabulary.EOS);
        return new Alignment(codec.sourceVocab().decode(src), tp, layers.get(layers.size() - 1), List.copyOf(layers));
    }

    public void save(Path dir) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("task", TASK);
        config.put(ModelFolder.ARCHITECTURE_KEY, ModelFolder.architecture(model));
        config.put("bpe_merges", codec.merges());
        config.put("shared_vocab", codec.sharedVocab());
        config.putAll(extraConfig);
        ModelFolder.save(dir, config, model.stateDict(), codec.extras());
    }

    @SuppressWarnings("unchecked")
    public static Translator load(Path dir) throws IOException {
        return io.sequoia.io.ModelFolder.reading(dir, "translator", () -> readFolder(dir));
    }

    private static Translator readFolder(Path dir) throws IOException {
        ModelFolder.Contents c = ModelFolder.load(dir);
        JsonObject cfg = c.config();
        String task = cfg.has("task") ? cfg.get("task").getAsString() : null;
        if (!TASK.equals(task)) {
            throw Errors.arg("Translator.load", "the folder does not hold a translator", "task \"" + TASK + "\"", task, "folder " + dir);
        }
        Map<String, Object> arch = new Gson().fromJson(cfg.get(ModelFolder.ARCHITECTURE_KEY), Map.class);
        String type = (String) arch.get("type");
        Map<String, Object> mc = (Map<String, Object>) arch.get("config");
        Seq2Seq model = switch (type) {
            case "RecurrentTranslator" -> RecurrentTranslator.fromConfig(mc);
            case "TransformerTranslator" -> TransformerTranslator.fromConfig(mc);
            default -> throw Errors.arg("Translator.load", "unknown translator architecture", "RecurrentTranslator or TransformerTranslator", type, "folder " + dir);
        };
        List<String> problems = model.stateDictProblems(c.weights(), true, true);
        if (!problems.isEmpty()) throw Errors.arg("Translator.load", "weights do not match the architecture", null, String.join("; ", problems), "folder " + dir);
        model.loadStateDict(c.weights(), true);
        TextCodec codec = TextCodec.fromExtras(c, model.sourceVocabSize(), model.targetVocabSize());
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String k : List.of("decoding", "training")) if (cfg.has(k)) extra.put(k, new Gson().fromJson(cfg.get(k), Map.class));
        model.eval();
        return new Translator(model, codec, extra);
    }
}
