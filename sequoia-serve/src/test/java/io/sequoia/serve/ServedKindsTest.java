package io.sequoia.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.tagging.Tagger;
import io.sequoia.tensor.Generator;
import io.sequoia.text.TextClassifier;
import io.sequoia.text.TokenAttribution;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.neural.NeuralConfig;
import io.sequoia.translation.RecurrentTranslator;
import io.sequoia.translation.TextCodec;
import io.sequoia.translation.TransformerTranslator;
import io.sequoia.translation.Translator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.sequoia.serve.ModelServerTest.assertError;
import static io.sequoia.serve.ModelServerTest.json;
import static org.junit.jupiter.api.Assertions.*;

/** The kinds beyond the classifier and the language model (forecaster, tagger, translator) and the attention / saliency answers. */
class ServedKindsTest {
    @TempDir static Path tmp;
    static ModelServer server;
    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    static double[] series;
    static ForecasterCatalog.Fitted neural;
    static TextClassifier transformer;
    static Translator translator, transformerTranslator;
    static io.sequoia.tree.TreeClassifier treeModel;

    @BeforeAll static void start() throws Exception {
        Generator.manualSeed(4);
        series = new double[60];
        for (int t = 0; t < series.length; t++) series[t] = 50 + 0.3 * t + 8 * Math.sin(2 * Math.PI * t / 12) + Math.cos(1.3 * t);
        ForecasterCatalog c = ForecasterCatalog.builder(6, 12).level(0.8).build();
        ForecasterFolder.save(tmp.resolve("sales-ets"), c, c.fit(ModelKind.ETS, series, null, null), null);
        ForecasterCatalog cn = ForecasterCatalog.builder(4, 12).level(0.8)
                .neural(NeuralConfig.forPeriod(12).toBuilder().hiddenSize(4).epochs(2).head(NeuralConfig.Head.GAUSSIAN).build()).build();
        neural = cn.fit(ModelKind.LSTM, series, null, null);
        ForecasterFolder.save(tmp.resolve("sales-lstm"), cn, neural, null);

        List<String> texts = List.of("good film", "bad film", "a fine story", "dull and long", "the plot");
        transformer = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.TRANSFORMER, 8, 8, 1, 0.1, 12, 50, null), texts, List.of("neg", "pos"));
        transformer.predict(texts);
        transformer.save(tmp.resolve("reviews-tr"));
        transformer = TextClassifier.load(tmp.resolve("reviews-tr"));
        TextClassifier lstm = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.LSTM, 8, 6, 1, 0.1, 12, 50, null), texts, List.of("neg", "pos"));
        lstm.predict(texts);
        lstm.save(tmp.resolve("reviews-lstm"));

        List<TaggedSentence> tagged = new ArrayList<>();
        for (String s : List.of("Anna lives in Paris", "Bob visits Rome today", "in Paris Anna sings")) {
            List<String> tok = Arrays.asList(s.split(" "));
            List<String> tags = tok.stream().map(w -> w.equals("Anna") || w.equals("Bob") ? "I-PER" : w.equals("Paris") || w.equals("Rome") ? "I-LOC" : "O").toList();
            tagged.add(TaggedSentence.of(tok, tags));
        }
        Tagger.create(new Tagger.Spec("bilstm", "none", 8, 4, 4, 2, 8, 0.0, "bioes", 0.0), tagged).save(tmp.resolve("ner"));

        List<String> src = List.of("ein Haus", "ein Mann", "der Mann liest", "das Haus ist alt"), tgt = List.of("a house", "a man", "the man reads", "the house is old");
        TextCodec codec = TextCodec.learn(src, tgt, 0, false, false, 1);
        translator = new Translator(new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.GENERAL,
                codec.sourceVocab().size(), codec.targetVocab().size(), 6, 8, 1, 0, 0), codec, Map.of());
        translator.save(tmp.resolve("de-en"));
        TextCodec shared = TextCodec.learn(src, tgt, 0, false, true, 1);
        transformerTranslator = new Translator(new TransformerTranslator(shared.sourceVocab().size(), shared.targetVocab().size(), 8, 2, 1, 2, 16, 0, true, true, true, 0),
                shared, Map.of());
        transformerTranslator.save(tmp.resolve("de-en-tr"));
        new Translator(new RecurrentTranslator(RecurrentTranslator.Cell.GRU, RecurrentTranslator.Attention.NONE,
                codec.sourceVocab().size(), codec.targetVocab().size(), 6, 8, 1, 0, 0), codec, Map.of()).save(tmp.resolve("de-en-plain"));

        List<io.sequoia.data.tree.Tree> trees = new ArrayList<>();
        for (String t : List.of("(3 (2 a) (4 (4 good) (2 film)))", "(1 (2 not) (3 good))", "(0 (2 the) (0 (1 dull) (2 plot)))", "(4 (4 great) (2 fun))")) {
            trees.add(io.sequoia.data.tree.TreeReader.parse(t));
        }
        treeModel = io.sequoia.tree.TreeClassifier.create(new io.sequoia.tree.TreeClassifier.Spec("treelstm", 8, 8, 5, 0.0, true), trees);
        treeModel.save(tmp.resolve("sst"));
        treeModel = io.sequoia.tree.TreeClassifier.load(tmp.resolve("sst"));

        io.sequoia.lm.Codec chars = io.sequoia.lm.Codec.characters("the quick brown fox jumps over the lazy dog");
        io.sequoia.lm.LmFolder.save(tmp.resolve("chars-tr"), new io.sequoia.lm.TransformerLanguageModel(chars.size(), 8, 2, 2, 16, 0.0, 32), chars, null);

        Limits limits = Limits.defaults().withMaxSeriesLength(100).withMaxHorizon(20);
        server = ModelServer.start(List.of(tmp.resolve("sales-ets"), tmp.resolve("sales-lstm"), tmp.resolve("reviews-tr"), tmp.resolve("reviews-lstm"),
                tmp.resolve("ner"), tmp.resolve("de-en"), tmp.resolve("de-en-tr"), tmp.resolve("de-en-plain"), tmp.resolve("chars-tr"), tmp.resolve("sst")), ModelServer.Options.defaults().port(0).limits(limits));
    }

    @AfterAll static void stop() { server.close(); }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve(path)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject predictOne(String model, String instance) throws Exception {
        HttpResponse<String> r = post("/v1/models/" + model + ":predict", "{\"instances\": [" + instance + "]}");
        assertEquals(200, r.statusCode(), r.body());
        return json(r).getAsJsonArray("predictions").get(0).getAsJsonObject();
    }

    static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }

    static String list(double[] v) { return Arrays.toString(v); }

    @Test void classicalForecasterFitsTheSeriesItIsSent() throws Exception {
        double[] y = Arrays.copyOf(series, 48);
        JsonObject p = predictOne("sales-ets", "{\"series\": " + list(y) + ", \"horizon\": 3, \"level\": 0.9}");
        Forecast want = ForecasterCatalog.builder(3, 12).level(0.9).build().fit(ModelKind.ETS, y, null, null).forecast(null);
        assertArrayEquals(want.mean(), doubles(p.getAsJsonArray("mean")), 1e-9);
        assertArrayEquals(want.lower(), doubles(p.getAsJsonArray("lower")), 1e-9);
        assertArrayEquals(want.upper(), doubles(p.getAsJsonArray("upper")), 1e-9);
        assertEquals(0.9, p.get("level").getAsDouble());
        JsonObject d = predictOne("sales-ets", list(y));                              // a bare series: the folder's horizon and level
        assertEquals(6, d.getAsJsonArray("mean").size());
        assertEquals(0.8, d.get("level").getAsDouble());
    }

    @Test void neuralForecasterAnswersAsTheTrainedModel() throws Exception {
        JsonObject p = predictOne("sales-lstm", list(series));
        Forecast want = neural.forecast(null);
        assertArrayEquals(want.mean(), doubles(p.getAsJsonArray("mean")), 1e-9);
        assertArrayEquals(want.lower(), doubles(p.getAsJsonArray("lower")), 1e-9);
    }

    @Test void forecasterErrorsNameTheProblem() throws Exception {
        assertError(post("/v1/models/sales-ets:predict", "{\"instances\": [{\"series\": " + list(new double[101]) + "}]}"), 413, "max_series_length = 100", "101");
        assertError(post("/v1/models/sales-ets:predict", "{\"instances\": [{\"series\": [1, 2, 3], \"horizon\": 21}]}"), 413, "max_horizon = 20", "21");
        assertError(post("/v1/models/sales-lstm:predict", "{\"instances\": [{\"series\": " + list(series) + ", \"horizon\": 5}]}"), 400, "horizon 5", "(4)");
        assertError(post("/v1/models/sales-lstm:predict", "{\"instances\": [[1, 2, 3]]}"), 400, "3 values", "at least 24");
        assertError(post("/v1/models/sales-ets:predict", "{\"instances\": [[1, \"x\", 3]]}"), 400, "series[1]", "number");
        assertError(post("/v1/models/sales-ets:predict", "{\"instances\": [{\"series\": [1, 2], \"horizn\": 3}]}"), 400, "unknown field 'horizn'");
        assertError(post("/v1/models/sales-ets:predict", "{\"instances\": [\"1 2 3\"]}"), 400, "list of numbers");
        assertError(post("/v1/models/sales-ets:predict", "{\"instances\": [{\"series\": [1, 2, 3], \"level\": 95}]}"), 400, "level", "(0, 1)");
    }

    @Test void aSeriesTheModelCannotFitIsA400NamingTheModel() throws Exception {
        HttpResponse<String> r = post("/v1/models/sales-ets:predict", "{\"instances\": [" + list(series) + "]}");
        assertEquals(200, r.statusCode());
        assertError(post("/v1/models/sales-ets:predict", "{\"instances\": [[5]]}"), 400, "cannot forecast");
    }

    @Test void transformerClassifierReturnsAttentionAndSaliencyOnRequest() throws Exception {
        JsonObject p = predictOne("reviews-tr", "{\"text\": \"a fine good film\", \"attention\": true, \"saliency\": true}");
        JsonArray tokens = p.getAsJsonArray("tokens");
        assertEquals(4, tokens.size());
        assertEquals(4, p.getAsJsonArray("saliency").size());
        double[] received = doubles(p.getAsJsonArray("attention"));
        assertEquals(1.0, Arrays.stream(received).sum(), 1e-4);
        JsonArray m = p.getAsJsonArray("attention_matrix");
        for (int i = 0; i < 4; i++) assertEquals(1.0, Arrays.stream(doubles(m.get(i).getAsJsonArray())).sum(), 1e-4);
        TokenAttribution.Scores s = TokenAttribution.saliency(transformer, "a fine good film", p.get("label").getAsString());
        assertArrayEquals(s.scores(), doubles(p.getAsJsonArray("saliency")), 1e-5);
        assertFalse(p.has("attention") && !p.has("tokens"));
        assertFalse(predictOne("reviews-tr", "\"a fine good film\"").has("tokens"), "no attribution unless asked");
    }

    @Test void recurrentClassifierGivesSaliencyAndRefusesAttention() throws Exception {
        JsonObject p = predictOne("reviews-lstm", "{\"text\": \"bad film and a dull plot\", \"saliency\": true}");
        assertEquals(6, p.getAsJsonArray("tokens").size());
        assertEquals("plot", p.getAsJsonArray("tokens").get(5).getAsString());
        assertError(post("/v1/models/reviews-lstm:predict", "{\"instances\": [{\"text\": \"bad\", \"attention\": true}]}"), 400, "no attention", "saliency");
    }

    @Test void taggerTagsTextsAndTokenLists() throws Exception {
        JsonObject p = predictOne("ner", "\"Anna lives in Rome.\"");
        assertEquals(List.of("Anna", "lives", "in", "Rome", "."), p.getAsJsonArray("tokens").asList().stream().map(e -> e.getAsString()).toList());
        assertEquals(5, p.getAsJsonArray("tags").size());
        JsonObject q = predictOne("ner", "{\"tokens\": [\"Bob\", \"sings\"]}");
        assertEquals(2, q.getAsJsonArray("tags").size());
        assertEquals(0, predictOne("ner", "\"\"").getAsJsonArray("tags").size());
        assertError(post("/v1/models/ner:predict", "{\"instances\": [{\"tokens\": [\"a\", 3]}]}"), 400, "tokens[1]");
    }

    @Test void recurrentTranslatorReturnsItsAttentionOnRequest() throws Exception {
        JsonObject p = predictOne("de-en", "{\"text\": \"der Mann liest\", \"beam\": 1, \"attention\": true}");
        assertEquals(translator.translate(List.of("der Mann liest"), 1, Translator.DEFAULT_LENGTH_PENALTY).get(0), p.get("translation").getAsString());
        JsonObject a = p.getAsJsonObject("attention");
        assertEquals(3, a.getAsJsonArray("source").size());
        JsonArray w = a.getAsJsonArray("weights");
        assertEquals(a.getAsJsonArray("target").size(), w.size());
        for (int i = 0; i < w.size(); i++) assertEquals(1.0, Arrays.stream(doubles(w.get(i).getAsJsonArray())).sum(), 1e-3);
        assertFalse(predictOne("de-en", "\"ein Haus\"").has("attention"));
        assertError(post("/v1/models/de-en:predict", "{\"instances\": [{\"text\": \"ein\", \"beam\": 0}]}"), 400, "beam");
    }

    @Test void transformerTranslatorReturnsEveryDecoderLayersCrossAttention() throws Exception {
        JsonObject p = predictOne("de-en-tr", "{\"text\": \"der Mann liest\", \"beam\": 2, \"attention\": true}");
        assertEquals(transformerTranslator.translate(List.of("der Mann liest"), 2, Translator.DEFAULT_LENGTH_PENALTY).get(0), p.get("translation").getAsString());
        JsonObject a = p.getAsJsonObject("attention");
        Translator.Alignment want = transformerTranslator.align("der Mann liest", Translator.DEFAULT_LENGTH_PENALTY, 2);
        assertEquals(want.sourcePieces().size(), a.getAsJsonArray("source").size());
        JsonArray layers = a.getAsJsonArray("layers");
        assertEquals(2, layers.size(), "one matrix per decoder layer");
        for (int l = 0; l < 2; l++) {
            JsonArray m = layers.get(l).getAsJsonArray();
            assertEquals(a.getAsJsonArray("target").size(), m.size());
            for (int i = 0; i < m.size(); i++) {
                double[] row = doubles(m.get(i).getAsJsonArray());
                assertEquals(a.getAsJsonArray("source").size(), row.length);
                assertEquals(1.0, Arrays.stream(row).sum(), 1e-3);
                for (int j = 0; j < row.length; j++) assertEquals(want.layers().get(l)[i][j], row[j], 1e-5);
            }
        }
        assertEquals(layers.get(1), a.getAsJsonArray("weights"), "weights is the last layer's");
        assertNotEquals(layers.get(0), layers.get(1));
        assertTrue(predictOne("de-en-tr", "\"ein Haus\"").has("translation"));
        assertError(post("/v1/models/de-en-plain:predict", "{\"instances\": [{\"text\": \"ein Haus\", \"attention\": true}]}"), 400,
                "without attention");
    }

    @Test void treeModelAnswersTheRootAndEveryNode() throws Exception {
        String bracketed = "(1 (2 not) (3 (3 very) (4 good)))";
        JsonObject p = predictOne("sst", "{\"tree\": \"" + bracketed + "\", \"nodes\": true}");
        List<io.sequoia.tree.TreeClassifier.NodePrediction> want = treeModel.predict(io.sequoia.data.tree.TreeReader.parse(bracketed));
        io.sequoia.tree.TreeClassifier.NodePrediction root = want.get(want.size() - 1);
        assertEquals(root.name(), p.get("label").getAsString());
        assertEquals(root.probabilities()[root.label()], p.get("probability").getAsDouble(), 1e-9);
        assertEquals(5, p.getAsJsonObject("probabilities").size());
        JsonArray nodes = p.getAsJsonArray("nodes");
        assertEquals(want.size(), nodes.size());
        assertEquals("not very good", nodes.get(nodes.size() - 1).getAsJsonObject().get("text").getAsString());
        for (int i = 0; i < want.size(); i++) assertEquals(want.get(i).name(), nodes.get(i).getAsJsonObject().get("label").getAsString());
        assertTrue(p.get("tree").getAsString().matches("\\(\\d \\(\\d not\\) \\(\\d \\(\\d very\\) \\(\\d good\\)\\)\\)"), p.get("tree").getAsString());
        assertFalse(predictOne("sst", "\"" + bracketed + "\"").has("nodes"));

        // a plain sentence is put under a right-branching tree; several instances in one request are one batch, each answered as alone
        HttpResponse<String> r = post("/v1/models/sst:predict", "{\"instances\": [\"a dull film\", \"" + bracketed + "\", {\"text\": \"good fun\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray ps = json(r).getAsJsonArray("predictions");
        String[] alone = {"a dull film", null, "good fun"};
        for (int i = 0; i < 3; i++) {
            io.sequoia.data.tree.Tree t = alone[i] == null ? io.sequoia.data.tree.TreeReader.parse(bracketed) : io.sequoia.data.tree.Tree.rightBranching(alone[i], "?");
            List<io.sequoia.tree.TreeClassifier.NodePrediction> w = treeModel.predict(t);
            io.sequoia.tree.TreeClassifier.NodePrediction top = w.get(w.size() - 1);
            assertEquals(top.probabilities()[top.label()], ps.get(i).getAsJsonObject().get("probability").getAsDouble(), 1e-6, "instance " + i);
        }
        assertError(post("/v1/models/sst:predict", "{\"instances\": [\"(3 (2 not\"]}"), 400, "not a bracketed tree", "column");
        assertError(post("/v1/models/sst:predict", "{\"instances\": [{\"tree\": \"(2 a)\", \"node\": true}]}"), 400, "unknown field 'node'");
        assertError(post("/v1/models/sst:predict", "{\"instances\": [\"  \"]}"), 400, "empty");
    }

    @Test void transformerLanguageModelReturnsItsAttentionOnRequest() throws Exception {
        JsonObject p = predictOne("chars-tr", "{\"prompt\": \"the fox\", \"max_tokens\": 5, \"greedy\": true, \"attention\": true}");
        JsonObject a = p.getAsJsonObject("attention");
        assertEquals(7 + p.get("text").getAsString().length(), a.getAsJsonArray("tokens").size());
        JsonArray w = a.getAsJsonArray("weights");
        for (int i = 0; i < w.size(); i++) {
            double[] row = doubles(w.get(i).getAsJsonArray());
            assertEquals(1.0, Arrays.stream(row).sum(), 1e-4);
            for (int j = i + 1; j < row.length; j++) assertEquals(0.0, row[j], 1e-9, "causal");
        }
        assertFalse(predictOne("chars-tr", "\"the\"").has("attention"));
    }
}
