package io.sequoia.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.lm.Codec;
import io.sequoia.lm.LanguageModel;
import io.sequoia.lm.LmFolder;
import io.sequoia.lm.Sampler;
import io.sequoia.tensor.Generator;
import io.sequoia.text.TextClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** Every route and error of the server, on 127.0.0.1 with a tiny untrained classifier and language model. */
class ModelServerTest {
    @TempDir static Path tmp;
    static ModelServer server;
    static TextClassifier clf;
    static LmFolder.Loaded lm;
    static Path clfDir, lmDir;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TEXT = "the quick brown fox jumps over the lazy dog";

    @BeforeAll static void start() throws Exception {
        Generator.manualSeed(3);
        List<String> texts = List.of("good film", "bad film", "a fine story", "dull and long", "the plot");
        clf = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.BILSTM, 8, 6, 1, 0.1, 12, 50, null), texts,
                List.of("neg", "neutral", "pos"));
        clf.predict(texts);   // builds the Keras-style layers (they take their input size at the first call) so that save writes them
        clfDir = tmp.resolve("reviews");
        clf.save(clfDir);
        clf = TextClassifier.load(clfDir);
        Codec codec = Codec.characters(TEXT);
        LanguageModel m = LanguageModel.create(LanguageModel.Cell.LSTM, codec.size(), 8, 12, 1, 0.0, 64);
        lmDir = tmp.resolve("chars");
        LmFolder.save(lmDir, m, codec, null);
        lm = LmFolder.load(lmDir);
        Limits limits = Limits.defaults().withMaxBodyBytes(4000).withMaxInstances(8).withMaxTextChars(200).withMaxNewTokens(300);
        server = ModelServer.start(List.of(clfDir, lmDir), ModelServer.Options.defaults().port(0).limits(limits).batching(32, 50_000));
    }

    @AfterAll static void stop() { server.close(); }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> r) { return JsonParser.parseString(r.body()).getAsJsonObject(); }

    static void assertError(HttpResponse<String> r, int status, String... words) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String msg = json(r).get("error").getAsString();
        for (String w : words) assertTrue(msg.contains(w), "'" + msg + "' should name " + w);
    }

    @Test void healthReadinessListAndStatus() throws Exception {
        assertEquals("ok", json(get("/healthz")).get("status").getAsString());
        assertTrue(json(get("/readyz")).get("ready").getAsBoolean());
        JsonArray models = json(get("/v1/models")).getAsJsonArray("models");
        assertEquals(2, models.size());
        assertEquals("reviews", models.get(0).getAsJsonObject().get("name").getAsString());
        assertEquals("classifier", models.get(0).getAsJsonObject().get("task").getAsString());
        assertEquals("language_model", models.get(1).getAsJsonObject().getAsJsonObject("config").get("task").getAsString());
        JsonObject st = json(get("/v1/models/chars"));
        assertTrue(st.get("ready").getAsBoolean());
        assertEquals("AVAILABLE", st.getAsJsonArray("model_version_status").get(0).getAsJsonObject().get("state").getAsString());
    }

    @Test void classifierPredictionsAreTheLibrarys() throws Exception {
        List<String> texts = List.of("good film", "a long dull plot nobody saw");
        HttpResponse<String> r = post("/v1/models/reviews:predict", "{\"instances\": [\"good film\", {\"text\": \"a long dull plot nobody saw\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray preds = json(r).getAsJsonArray("predictions");
        List<TextClassifier.Prediction> want = clf.predict(texts);
        for (int i = 0; i < 2; i++) {
            JsonObject p = preds.get(i).getAsJsonObject();
            assertEquals(want.get(i).label(), p.get("label").getAsString(), p + " vs " + java.util.Arrays.toString(want.get(i).probabilities()));
            assertEquals(want.get(i).probability(), p.get("probability").getAsDouble(), 1e-12);
            for (int j = 0; j < 3; j++) {
                assertEquals(want.get(i).probabilities()[j], p.getAsJsonObject("probabilities").get(clf.classes().get(j)).getAsDouble(), 1e-12);
            }
        }
    }

    @Test void malformedRequestsGet4xxNamingTheProblem() throws Exception {
        assertError(post("/v1/models/reviews:predict", "{\"instances\": [\"a\""), 400, "not valid JSON");
        assertError(post("/v1/models/reviews:predict", "{\"inputs\": [\"a\"]}"), 400, "missing field 'instances'", "inputs");
        assertError(post("/v1/models/reviews:predict", "{\"instances\": \"a\"}"), 400, "'instances' must be a list");
        assertError(post("/v1/models/reviews:predict", "[1]"), 400, "must be a JSON object");
        assertError(post("/v1/models/reviews:predict", ""), 400, "empty request body");
        assertError(post("/v1/models/reviews:predict", "{\"instances\": [\"ok\", {\"words\": \"x\"}]}"), 400, "instances[1]", "'text'", "words");
        assertError(post("/v1/models/reviews:predict", "{\"instances\": [3]}"), 400, "instances[0]", "expected a string");
        assertError(post("/v1/models/nosuch:predict", "{\"instances\": [\"a\"]}"), 404, "nosuch", "reviews");
        assertError(post("/v1/models/reviews:explain", "{\"instances\": [\"a\"]}"), 404, ":explain");
        assertError(get("/v1/models/reviews:predict"), 405, "GET", "POST");
        assertError(post("/healthz", "{}"), 405, "POST");
        assertError(get("/no/such/page"), 404, "/no/such/page");
        assertError(post("/v1/models/reviews:generate", "{\"prompt\": \"a\"}"), 400, "classifier", "language model");
        assertError(post("/v1/models/chars:predict", "{\"instances\": [{\"prompt\": \"a\", \"temperature\": 0}]}"), 400, "temperature");
        assertError(post("/v1/models/chars:predict", "{\"instances\": [{\"prompt\": \"a\", \"max_tokens\": 1.5}]}"), 400, "max_tokens", "integer");
        assertError(post("/v1/models/chars:predict", "{\"instances\": [{\"prompt\": \"a\", \"attention\": true}]}"), 400, "recurrent", "no attention");
        assertError(post("/v1/models/chars:predict", "{\"instances\": [{\"prompt\": \"a\", \"temprature\": 0.5}]}"), 400, "unknown field 'temprature'");
        assertError(post("/v1/models/reviews:predict", "{\"instances\": [{\"text\": \"a\", \"salience\": true}]}"), 400, "unknown field 'salience'");
    }

    @Test void overLimitRequestsGet413NamingTheLimit() throws Exception {
        assertError(post("/v1/models/reviews:predict", "{\"instances\": [\"" + "a".repeat(201) + "\"]}"), 413, "max_text_chars = 200", "201");
        assertError(post("/v1/models/reviews:predict", "{\"instances\": [" + "\"a\",".repeat(8) + "\"a\"]}"), 413, "max_instances = 8", "9");
        HttpResponse<String> tooLarge = post("/v1/models/reviews:predict", "{\"instances\": [\"" + "a ".repeat(2100) + "\"]}");
        assertError(tooLarge, 413, "max_body_bytes = 4000");
        assertEquals("close", tooLarge.headers().firstValue("Connection").orElse(""), "a body refused unread must not leave its bytes on a reused connection");
        assertError(post("/v1/models/chars:predict", "{\"instances\": [{\"prompt\": \"a\", \"max_tokens\": 301}]}"), 413, "max_new_tokens = 300", "301");
        assertError(post("/v1/models/chars:generate", "{\"prompt\": \"a\", \"max_tokens\": 301}"), 413, "max_new_tokens = 300");
    }

    @Test void concurrentRequestsAreBatchedAndAnsweredCorrectly() throws Exception {
        int n = 24;
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) texts.add((i % 2 == 0 ? "good " : "dull ") + "film number " + i);
        List<TextClassifier.Prediction> want = clf.predict(texts);
        long before = server.metrics().batchesLargerThanOne("reviews");
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> fs = new ArrayList<>();
            for (String t : texts) fs.add(pool.submit(() -> { go.await(); return post("/v1/models/reviews:predict", "{\"instances\": [\"" + t + "\"]}"); }));
            go.countDown();
            for (int i = 0; i < n; i++) {
                HttpResponse<String> r = fs.get(i).get();
                assertEquals(200, r.statusCode(), r.body());
                JsonObject p = json(r).getAsJsonArray("predictions").get(0).getAsJsonObject();
                assertEquals(want.get(i).label(), p.get("label").getAsString());
                assertEquals(want.get(i).probability(), p.get("probability").getAsDouble(), 1e-6, texts.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(server.metrics().batchesLargerThanOne("reviews") > before, "no batch held more than one instance");
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("# TYPE sequoia_batch_size histogram"));
        assertTrue(metrics.contains("sequoia_batch_duration_seconds_count{model=\"reviews\"}"));
        assertTrue(metrics.contains("sequoia_batch_size_bucket{model=\"reviews\",le=\"1\"}"));
        assertTrue(metrics.contains("sequoia_requests_total{code=\"200\",model=\"reviews\",route=\"predict\"}")
                || metrics.contains("sequoia_requests_total{model=\"reviews\",route=\"predict\",code=\"200\"}"), metrics);
        assertTrue(metrics.contains("sequoia_request_duration_seconds_bucket{model=\"reviews\",route=\"predict\",le=\"+Inf\"}"));
    }

    @Test void errorsAreCounted() throws Exception {
        post("/v1/models/reviews:predict", "{}");
        assertTrue(get("/metrics").body().contains("sequoia_errors_total{model=\"reviews\",code=\"400\"}"));
    }

    @Test void languageModelGeneratesAsTheLibraryDoes() throws Exception {
        HttpResponse<String> r = post("/v1/models/chars:predict", "{\"instances\": [{\"prompt\": \"the \", \"max_tokens\": 20, \"seed\": 7, \"temperature\": 0.9}, \"fox\"]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray preds = json(r).getAsJsonArray("predictions");
        assertEquals(Sampler.generate(lm.model(), lm.codec(), "the ", 20, new Sampler.Options(false, 0.9, 0, 1, 1, 7), null),
                preds.get(0).getAsJsonObject().get("text").getAsString());
        assertEquals(ServedLanguageModel.DEFAULT_MAX_TOKENS, preds.get(1).getAsJsonObject().get("text").getAsString().length());
    }

    @Test void generationStreamsAsServerSentEvents() throws Exception {
        HttpResponse<String> r = post("/v1/models/chars:generate", "{\"prompt\": \"quick\", \"max_tokens\": 30, \"greedy\": true}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        StringBuilder pieces = new StringBuilder();
        String done = null;
        int events = 0;
        for (String ev : r.body().split("\n\n")) {
            if (ev.startsWith("event: done")) done = JsonParser.parseString(ev.substring(ev.indexOf("data: ") + 6)).getAsJsonObject().get("text").getAsString();
            else { pieces.append(JsonParser.parseString(ev.substring(6)).getAsJsonObject().get("text").getAsString()); events++; }
        }
        assertEquals(30, events);
        assertEquals(pieces.toString(), done);
        assertEquals(Sampler.generate(lm.model(), lm.codec(), "quick", 30, Sampler.Options.greedyDecoding(), null), done);
    }

    @Test void playgroundIsServedWithoutExternalScripts() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("<script src=\"playground.js\">"));
        assertFalse(r.body().contains("http://") || r.body().contains("https://"), "no external resources");
        assertEquals(200, get("/playground.js").statusCode());
        assertFalse(get("/playground.js").body().contains("https://"));
        assertEquals(200, get("/playground.css").statusCode());
    }

    @Test void aFolderThatIsNotAServableModelStopsTheStart() throws Exception {
        Path notAModel = Files.createDirectories(tmp.resolve("empty"));
        Exception e = assertThrows(java.io.IOException.class, () -> ModelServer.start(List.of(notAModel), ModelServer.Options.defaults().port(0)));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        Path other = Files.createDirectories(tmp.resolve("othertask"));
        Files.writeString(other.resolve("config.json"), "{\"format_version\": 1, \"task\": \"word2vec\"}");
        e = assertThrows(java.io.IOException.class, () -> ModelServer.start(List.of(other), ModelServer.Options.defaults().port(0)));
        assertTrue(e.getMessage().contains("'word2vec'") && e.getMessage().contains("classifier"), e.getMessage());
    }

    @Test void gracefulShutdownFinishesTheRequestInFlight() throws Exception {
        ModelServer s = ModelServer.start(List.of(lmDir), ModelServer.Options.defaults().port(0));
        URI uri = s.uri();
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(uri.resolve("/v1/models/chars:generate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"a\", \"max_tokens\": 1000}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertTrue(in.readLine().startsWith("data: "));    // generation has started
            Thread closer = new Thread(s::close);
            closer.start();
            Thread.sleep(50);
            assertFalse(s.ready());
            String line, last = null;
            while ((line = in.readLine()) != null) if (!line.isEmpty()) last = line;
            closer.join(10_000);
            assertFalse(closer.isAlive());
            assertNotNull(last);
            assertEquals(1001, JsonParser.parseString(last.substring(6)).getAsJsonObject().get("text").getAsString().length() + 1);
        }
        assertThrows(java.io.IOException.class, () -> HTTP.send(HttpRequest.newBuilder(uri.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString()));
    }
}
