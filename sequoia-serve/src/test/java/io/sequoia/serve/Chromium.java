package io.sequoia.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's package, {@code /usr/bin/chromium}) driven over the DevTools protocol
 * with the JDK's own WebSocket client: navigate, type, click with the mouse, read the page, take a
 * screenshot. Started with the flags that work on a machine without outside network.
 */
final class Chromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

    Chromium(String binary, Path profile, String url) throws Exception {
        this.profile = profile;
        process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1000,1100", url).redirectErrorStream(true).start();
        String browserWs = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StringBuilder log = new StringBuilder();
        for (String line; browserWs == null && System.nanoTime() < deadline && (line = in.readLine()) != null; ) {
            log.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) browserWs = m.group(1);
        }
        if (browserWs == null) throw new IOException("Chromium did not open its DevTools port; its output:\n" + log);
        Thread drain = new Thread(() -> { try { while (in.readLine() != null) { /* keep the pipe empty */ } } catch (IOException ignored) { } });
        drain.setDaemon(true);
        drain.start();
        URI b = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String pageWs = null;
        for (int i = 0; i < 100 && pageWs == null; i++) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + b.getHost() + ":" + b.getPort() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonElement t : JsonParser.parseString(list).getAsJsonArray()) {
                if ("page".equals(t.getAsJsonObject().get("type").getAsString())) pageWs = t.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
            }
            if (pageWs == null) Thread.sleep(100);
        }
        if (pageWs == null) throw new IOException("Chromium has no page to drive");
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder buf = new StringBuilder();

            @Override public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                    JsonObject msg = JsonParser.parseString(buf.toString()).getAsJsonObject();
                    buf.setLength(0);
                    if (msg.has("id")) {
                        CompletableFuture<JsonObject> f = pending.remove(msg.get("id").getAsInt());
                        if (f != null) f.complete(msg);
                    }
                }
                ws.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    /** Sends one DevTools command and returns its result (an error answer is an exception). */
    JsonObject send(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject cmd = new JsonObject();
        cmd.addProperty("id", id);
        cmd.addProperty("method", method);
        cmd.add("params", params == null ? new JsonObject() : params);
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(cmd.toString(), true).get(30, TimeUnit.SECONDS);
        JsonObject answer = f.get(60, TimeUnit.SECONDS);
        if (answer.has("error")) throw new IOException(method + ": " + answer.get("error"));
        return answer.getAsJsonObject("result");
    }

    /** The value of a JavaScript expression (promises awaited). */
    JsonElement eval(String expression) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("expression", expression);
        p.addProperty("returnByValue", true);
        p.addProperty("awaitPromise", true);
        JsonObject r = send("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) throw new IOException("page script failed: " + r.get("exceptionDetails"));
        return r.getAsJsonObject("result").get("value");
    }

    /** Waits until {@code condition} (a JavaScript expression) is true. */
    void waitFor(String condition, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            JsonElement v = eval("!!(" + condition + ")");
            if (v != null && v.getAsBoolean()) return;
            Thread.sleep(100);
        }
        throw new IOException("timed out after " + seconds + " s waiting for " + condition + "; page text: " + eval("document.body.innerText"));
    }

    /** Replaces the text of the field {@code selector} by typing {@code text} into it. */
    void type(String selector, String text) throws Exception {
        eval("(() => { const e = document.querySelector('" + selector + "'); e.focus(); e.select(); return true; })()");
        JsonObject p = new JsonObject();
        p.addProperty("text", text);
        send("Input.insertText", p);
    }

    /** A real mouse click in the middle of the element {@code selector}. */
    void click(String selector) throws Exception {
        JsonObject r = eval("(() => { const e = document.querySelector('" + selector + "'); e.scrollIntoView(); const b = e.getBoundingClientRect(); "
                + "return {x: b.x + b.width / 2, y: b.y + b.height / 2}; })()").getAsJsonObject();
        for (String type : new String[]{"mousePressed", "mouseReleased"}) {
            JsonObject p = new JsonObject();
            p.addProperty("type", type);
            p.addProperty("x", r.get("x").getAsDouble());
            p.addProperty("y", r.get("y").getAsDouble());
            p.addProperty("button", "left");
            p.addProperty("clickCount", 1);
            send("Input.dispatchMouseEvent", p);
        }
    }

    /** A PNG of the whole page. */
    void screenshot(Path file) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("format", "png");
        p.addProperty("captureBeyondViewport", true);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(send("Page.captureScreenshot", p).get("data").getAsString()));
    }

    @Override public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            Thread.sleep(300);   // helper processes may still be writing into the profile
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // a file the exiting browser removed itself: best effort
            }
        }
    }
}
