package io.sequoia.serve;

import com.google.gson.JsonObject;
import io.sequoia.tensor.Generator;
import io.sequoia.text.TextClassifier;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ForecasterFolder;
import io.sequoia.timeseries.ModelKind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The playground in a real browser: headless Chromium from Debian's packages types a sentence and a
 * series into the page, clicks the buttons with the mouse, checks what the page shows against the
 * API's answers, and saves screenshots. Not in the default build (it needs {@code apt-get install -y
 * chromium}): {@code mvn -o test -pl sequoia-core,sequoia-serve -Pbrowser}. Properties:
 * {@code -Dsequoia.playground.models=DIR,DIR} serves those folders instead of tiny untrained ones
 * (a classifier and a forecaster among them), {@code -Dsequoia.playground.out=DIR} is where the PNGs go
 * (default {@code target/playground}), {@code -Dsequoia.chromium=PATH} the browser.
 */
@Tag("browser")
class PlaygroundBrowserTest {
    @TempDir Path tmp;
    static final String SENTENCE = "a gorgeous, witty, seductive movie";
    static final String SOURCE = "der Mann liest ein Buch";
    static final String TREE = "(3 (2 not) (3 (3 very) (4 good)))";
    static final String SERIES = "112 118 132 129 121 135 148 148 136 119 104 118 115 126 141 135 125 149 170 170 158 133 114 140 "
            + "145 150 178 163 172 178 199 199 184 162 146 166 171 180 193 181 183 218 230 242 209 191 172 194";

    @Test void typeASentenceAndASeriesAndSeeTheResults() throws Exception {
        List<Path> dirs = new ArrayList<>();
        String given = System.getProperty("sequoia.playground.models", "");
        if (!given.isBlank()) for (String d : given.split(",")) dirs.add(Path.of(d.trim()));
        else dirs.addAll(tinyModels());
        Path out = Path.of(System.getProperty("sequoia.playground.out", "target/playground"));
        String chromium = System.getProperty("sequoia.chromium", "/usr/bin/chromium");
        assertTrue(Files.isExecutable(Path.of(chromium)), chromium + " is missing; install it with: apt-get install -y chromium");
        List<String> pngs = new ArrayList<>(List.of("playground-start.png", "playground-classify.png", "playground-forecast.png"));
        try (ModelServer server = ModelServer.start(dirs, ModelServer.Options.defaults().port(0));
             Chromium browser = new Chromium(chromium, Files.createTempDirectory("sequoia-chromium"), server.uri().toString())) {
            String clf = first(server, "classifier"), fc = first(server, "forecaster");
            browser.waitFor("document.body.dataset.ready === 'true'", 60);
            browser.screenshot(out.resolve("playground-start.png"));

            // a sentence: type it, click Classify, see the label and the heat map over its tokens
            browser.eval("(() => { const s = document.getElementById('clf-model'); s.value = '" + clf + "'; s.dispatchEvent(new Event('change')); return true; })()");
            browser.type("#clf-text", SENTENCE);
            browser.click("#clf-go");
            browser.waitFor("document.querySelector('#clf-result .heat')", 60);
            String heat = browser.eval("document.getElementById('clf-heat').value").getAsString();
            JsonObject api = predict(server, clf, "{\"text\": \"" + SENTENCE + "\", \"" + heat + "\": true}");
            assertEquals(api.get("label").getAsString() + " (" + String.format(java.util.Locale.ROOT, "%.1f", 100 * api.get("probability").getAsDouble()) + " %)",
                    browser.eval("document.querySelector('#clf-result .label').textContent").getAsString());
            assertEquals(api.getAsJsonArray("tokens").size(), browser.eval("document.querySelectorAll('#clf-result .heat span.tok').length").getAsInt());
            assertEquals(api.getAsJsonArray("tokens").get(0).getAsString(), browser.eval("document.querySelector('#clf-result .heat span.tok').textContent").getAsString());
            browser.screenshot(out.resolve("playground-classify.png"));

            // a series: type it, click Forecast, see the chart with its interval band
            browser.eval("(() => { document.getElementById('fc-model').value = '" + fc + "'; return true; })()");
            browser.type("#fc-series", SERIES);
            browser.click("#fc-go");
            browser.waitFor("document.querySelector('#fc-result svg.chart')", 120);
            double[] y = Arrays.stream(SERIES.split(" ")).mapToDouble(Double::parseDouble).toArray();
            JsonObject f = predict(server, fc, "{\"series\": " + Arrays.toString(y) + "}");
            assertEquals(f.getAsJsonArray("mean").size() + 1, browser.eval("document.querySelector('#fc-result polyline.mean').points.numberOfItems").getAsInt());
            assertEquals(!f.get("lower").isJsonNull(), browser.eval("!!document.querySelector('#fc-result polygon.band')").getAsBoolean());
            assertTrue(browser.eval("document.getElementById('fc-values').textContent").getAsString()
                    .contains(String.format(java.util.Locale.ROOT, "%.5g", f.getAsJsonArray("mean").get(0).getAsDouble())));
            browser.eval("document.getElementById('forecast').scrollIntoView()");
            browser.screenshot(out.resolve("playground-forecast.png"));

            // a bad series: the page shows the server's message
            browser.type("#fc-series", "1, 2, x");
            browser.click("#fc-go");
            browser.waitFor("document.querySelector('#fc-result .error')", 30);
            assertTrue(browser.eval("document.querySelector('#fc-result .error').textContent").getAsString().contains("not a number"));

            // a bracketed tree for a tree model: every phrase a box in its predicted class's colour
            String tm = submit(server, browser, "tree", "tree", TREE, "#tree-result .tree .node");
            if (tm != null) {
                JsonObject t = predict(server, tm, "{\"tree\": \"" + TREE + "\", \"nodes\": true}");
                com.google.gson.JsonArray nodes = t.getAsJsonArray("nodes");
                assertEquals(nodes.size(), browser.eval("document.querySelectorAll('#tree-result .tree .node').length").getAsInt());
                assertEquals(t.get("tree").getAsString().substring(1, 2), browser.eval("document.querySelector('#tree-result .tree > .node').dataset.cls").getAsString());
                assertEquals(nodes.get(nodes.size() - 1).getAsJsonObject().get("label").getAsString(),
                        browser.eval("document.querySelector('#tree-result .tree > .node').title").getAsString());
                browser.eval("document.getElementById('tree').scrollIntoView()");
                browser.screenshot(out.resolve("playground-tree.png"));
                pngs.add("playground-tree.png");
            }

            // a source sentence for a Transformer translator: the translation and its cross-attention grid, one button per decoder layer
            String tr = submit(server, browser, "translator", "tr", SOURCE, "#tr-result table.grid");
            if (tr != null) {
                JsonObject t = predict(server, tr, "{\"text\": \"" + SOURCE + "\", \"attention\": true}");
                assertEquals(t.get("translation").getAsString(), browser.eval("document.querySelector('#tr-result .label').textContent").getAsString());
                com.google.gson.JsonArray layers = t.getAsJsonObject("attention").getAsJsonArray("layers");
                int rows = t.getAsJsonObject("attention").getAsJsonArray("target").size();
                assertEquals(rows, browser.eval("document.querySelectorAll('#tr-result table.grid tr').length - 1").getAsInt());
                assertEquals(layers.size() > 1 ? layers.size() : 0, browser.eval("document.querySelectorAll('#tr-result .layers button').length").getAsInt());
                String firstCell = "document.querySelector('#tr-result table.grid tr:nth-child(2) td').title";
                double last = layers.get(layers.size() - 1).getAsJsonArray().get(0).getAsJsonArray().get(0).getAsDouble();
                assertEquals(last, Double.parseDouble(browser.eval(firstCell).getAsString()), 1e-3);
                if (layers.size() > 1) {
                    browser.click("#tr-result .layers button");                  // layer 1
                    double first = layers.get(0).getAsJsonArray().get(0).getAsJsonArray().get(0).getAsDouble();
                    assertEquals(first, Double.parseDouble(browser.eval(firstCell).getAsString()), 1e-3);
                    assertTrue(browser.eval("document.querySelector('#tr-result .note').textContent").getAsString().contains("decoder layer 1 of " + layers.size()));
                }
                browser.eval("document.getElementById('translate').scrollIntoView()");
                browser.screenshot(out.resolve("playground-translate.png"));
                pngs.add("playground-translate.png");
            }
        }
        for (String png : pngs) {
            assertTrue(Files.size(out.resolve(png)) > 5_000, png);
        }
    }

    /** With a served model of {@code task}: picks it in box {@code id}, types {@code text}, clicks the button, waits for {@code shown}; its name, or null. */
    private static String submit(ModelServer server, Chromium browser, String task, String id, String text, String shown) throws Exception {
        String name = server.models().values().stream().filter(m -> m.task().equals(task)).map(ServedModel::name).findFirst().orElse(null);
        if (name == null) return null;
        browser.eval("(() => { document.getElementById('" + id + "-model').value = '" + name + "'; return true; })()");
        browser.type("#" + id + "-text", text);
        browser.click("#" + id + "-go");
        browser.waitFor("document.querySelector('" + shown + "')", 60);
        return name;
    }

    private static String first(ModelServer s, String task) {
        return s.models().values().stream().filter(m -> m.task().equals(task)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + task + " among the served models " + s.models().keySet())).name();
    }

    private static JsonObject predict(ModelServer s, String model, String instance) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri().resolve("/v1/models/" + model + ":predict"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + instance + "]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return ModelServerTest.json(r).getAsJsonArray("predictions").get(0).getAsJsonObject();
    }

    private List<Path> tinyModels() throws Exception {
        Generator.manualSeed(2);
        List<String> texts = List.of("a gorgeous film", "witty and seductive", "dull and lifeless", "a bad plot", "the movie");
        TextClassifier c = TextClassifier.create(new TextClassifier.Spec(TextClassifier.Architecture.BILSTM, 8, 6, 1, 0.1, 20, 50, null), texts, List.of("neg", "pos"));
        c.predict(texts);
        c.save(tmp.resolve("reviews"));
        ForecasterCatalog cat = ForecasterCatalog.builder(12, 12).level(0.8).transform(io.sequoia.timeseries.Transform.LOG).build();
        double[] y = Arrays.stream(SERIES.split(" ")).mapToDouble(Double::parseDouble).toArray();
        ForecasterFolder.save(tmp.resolve("airline"), cat, cat.fit(ModelKind.ETS, y, null, null), null);
        List<String> src = List.of("ein Haus", "ein Mann", "der Mann liest ein Buch", "das Haus ist alt"),
                tgt = List.of("a house", "a man", "the man reads a book", "the house is old");
        io.sequoia.translation.TextCodec codec = io.sequoia.translation.TextCodec.learn(src, tgt, 0, false, true, 1);
        int v = codec.sourceVocab().size();
        new io.sequoia.translation.Translator(new io.sequoia.translation.TransformerTranslator(v, v, 8, 2, 1, 2, 16, 0, true, true, true, 0),
                codec, java.util.Map.of()).save(tmp.resolve("de-en"));
        List<io.sequoia.data.tree.Tree> trees = new ArrayList<>();
        for (String t : List.of("(3 (2 a) (4 (4 gorgeous) (2 movie)))", "(1 (2 not) (3 good))", "(0 (2 a) (0 (1 dull) (2 plot)))")) {
            trees.add(io.sequoia.data.tree.TreeReader.parse(t));
        }
        io.sequoia.tree.TreeClassifier.create(new io.sequoia.tree.TreeClassifier.Spec("treelstm", 8, 8, 5, 0.0, true), trees).save(tmp.resolve("sst"));
        return List.of(tmp.resolve("reviews"), tmp.resolve("airline"), tmp.resolve("de-en"), tmp.resolve("sst"));
    }
}
