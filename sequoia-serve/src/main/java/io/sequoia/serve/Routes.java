package io.sequoia.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The routes (TensorFlow Serving's and KServe v1's REST protocol, plus the server's own):
 * <pre>
 * GET  /v1/models                  the loaded models with their task and config
 * GET  /v1/models/{name}           status: {"name", "ready", "task", "model_version_status": [...]}
 * POST /v1/models/{name}:predict   {"instances": [...]} → {"predictions": [...]}
 * POST /v1/models/{name}:generate  one language-model instance → server-sent events, one per piece of text, then "done"
 * GET  /healthz  /readyz  /metrics liveness, readiness (503 while stopping), Prometheus text
 * GET  /                           the playground (index.html, playground.js, playground.css)
 * </pre>
 * Errors are {@code {"error": message}} with 400 (malformed, missing field, wrong kind), 404,
 * 405, 413 (a {@link Limits} limit, named), 503 (stopping) or 500.
 */
final class Routes extends Handler.Abstract {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();
    private static final String MODELS = "/v1/models";
    private static final List<String> PLAYGROUND = List.of("index.html", "playground.js", "playground.css");

    private final ModelServer server;
    private final Limits limits;

    Routes(ModelServer server, Limits limits) {
        this.server = server;
        this.limits = limits;
    }

    @Override public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        String model = "", route = "other";
        int status;
        server.metrics().begin();
        try {
            // read a POST body whatever the route, so an error answer leaves the connection clean for the next request
            byte[] raw = method.equals("POST") ? read(request) : null;
            if (path.startsWith(MODELS + "/") && path.length() > MODELS.length() + 1) {
                String rest = path.substring(MODELS.length() + 1);
                int colon = rest.lastIndexOf(':');
                String name = colon < 0 ? rest : rest.substring(0, colon);
                String verb = colon < 0 ? "status" : rest.substring(colon + 1);
                route = verb;
                ServedModel m = server.models().get(name);
                if (m == null) throw new ApiException(404, "no model named '" + name + "'; loaded: " + server.models().keySet());
                model = name;
                status = switch (verb) {
                    case "status" -> { need(method, "GET"); yield json(response, callback, 200, status(m)); }
                    case "predict" -> { need(method, "POST"); yield json(response, callback, 200, predict(m, body(raw))); }
                    case "generate" -> { need(method, "POST"); yield generate(m, body(raw), response, callback); }
                    default -> throw new ApiException(404, "unknown verb ':" + verb + "'; expected :predict or :generate");
                };
            } else {
                route = path;
                status = switch (path) {
                    case MODELS, MODELS + "/" -> { need(method, "GET"); yield json(response, callback, 200, list()); }
                    case "/healthz" -> { need(method, "GET"); yield json(response, callback, 200, GSON.toJsonTree(java.util.Map.of("status", "ok"))); }
                    case "/readyz" -> { need(method, "GET"); yield ready(response, callback); }
                    case "/metrics" -> { need(method, "GET"); yield text(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", server.metrics().text()); }
                    default -> { need(method, "GET"); yield resource(path, response, callback); }
                };
            }
        } catch (ApiException e) {
            if (e.bodyLeftUnread()) response.getHeaders().put(HttpHeader.CONNECTION, "close");
            status = error(response, callback, e.status(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            status = error(response, callback, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        server.metrics().request(model, route, status, (System.nanoTime() - start) / 1e9);
        return true;
    }

    private static void need(String method, String allowed) {
        if (!method.equals(allowed)) throw new ApiException(405, "method " + method + " not allowed here; use " + allowed);
    }

    private JsonObject status(ServedModel m) {
        JsonObject o = new JsonObject();
        o.addProperty("name", m.name());
        o.addProperty("ready", server.ready());
        o.addProperty("task", m.task());
        JsonObject v = new JsonObject();
        v.addProperty("version", "1");
        v.addProperty("state", server.ready() ? "AVAILABLE" : "END");
        JsonObject st = new JsonObject();
        st.addProperty("error_code", "OK");
        st.addProperty("error_message", "");
        v.add("status", st);
        JsonArray a = new JsonArray();
        a.add(v);
        o.add("model_version_status", a);
        return o;
    }

    private JsonObject list() {
        JsonArray a = new JsonArray();
        for (ServedModel m : server.models().values()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", m.name());
            o.addProperty("task", m.task());
            o.add("config", GSON.toJsonTree(m.config()));
            a.add(o);
        }
        JsonObject r = new JsonObject();
        r.add("models", a);
        return r;
    }

    private JsonObject predict(ServedModel m, JsonObject body) {
        JsonElement inst = body.get("instances");
        if (inst == null) throw ApiException.badRequest("missing field 'instances'; expected {\"instances\": [...]}, got keys " + body.keySet());
        if (!inst.isJsonArray()) throw ApiException.badRequest("'instances' must be a list; got " + kind(inst));
        JsonArray arr = inst.getAsJsonArray();
        if (arr.isEmpty()) throw ApiException.badRequest("'instances' is empty");
        if (arr.size() > limits.maxInstances()) throw ApiException.overLimit("max_instances", limits.maxInstances(), arr.size(), "'instances'");
        List<Object> inputs = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            try {
                inputs.add(m.instance(arr.get(i), limits));
            } catch (ApiException e) {
                throw new ApiException(e.status(), "instances[" + i + "]: " + e.getMessage());
            }
        }
        if (!server.ready()) throw new ApiException(503, "the server is shutting down");
        List<CompletableFuture<JsonElement>> futures = server.batcher(m.name()).submit(inputs);
        JsonArray preds = new JsonArray();
        for (CompletableFuture<JsonElement> f : futures) {
            try {
                preds.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted while waiting for the model");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof ApiException a) throw a;
                throw new ApiException(500, "model '" + m.name() + "' failed: " + c);
            }
        }
        JsonObject r = new JsonObject();
        r.add("predictions", preds);
        return r;
    }

    /** Server-sent events: {@code data: {"text": piece}} per piece, then {@code event: done} with the whole text. */
    private int generate(ServedModel m, JsonObject body, Response response, Callback callback) throws IOException {
        if (!server.ready()) throw new ApiException(503, "the server is shutting down");
        if (!m.generates()) m.stream(body, limits, null);   // the kind's refusal (400)
        m.instance(body, limits);   // refuse a bad request before the stream starts
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        OutputStream out = Content.Sink.asOutputStream(response);
        try {
            JsonObject done;
            synchronized (m) {
                done = m.stream(body, limits, piece -> event(out, null, piece));
            }
            send(out, "event: done\ndata: " + GSON.toJson(done) + "\n\n");
        } catch (RuntimeException e) {
            JsonObject err = new JsonObject();
            err.addProperty("error", e.getMessage());
            send(out, "event: error\ndata: " + GSON.toJson(err) + "\n\n");
        }
        out.close();
        callback.succeeded();
        return 200;
    }

    private static void event(OutputStream out, String name, String piece) {
        JsonObject o = new JsonObject();
        o.addProperty("text", piece);
        send(out, (name == null ? "" : "event: " + name + "\n") + "data: " + GSON.toJson(o) + "\n\n");
    }

    private static void send(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("client went away", e);
        }
    }

    private int ready(Response response, Callback callback) {
        boolean r = server.ready();
        JsonObject o = new JsonObject();
        o.addProperty("ready", r);
        o.addProperty("models", server.models().size());
        return json(response, callback, r ? 200 : 503, o);
    }

    private int resource(String path, Response response, Callback callback) throws IOException {
        String file = path.equals("/") ? "index.html" : path.substring(1);
        if (!PLAYGROUND.contains(file)) throw new ApiException(404, "no route " + path);
        try (InputStream in = Routes.class.getResourceAsStream("playground/" + file)) {
            if (in == null) throw new ApiException(404, "no route " + path);
            String type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "text/css";
            return text(response, callback, 200, type + "; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The body's bytes, read up to the body limit. */
    private byte[] read(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > limits.maxBodyBytes()) throw ApiException.bodyTooLarge(limits.maxBodyBytes(), declared, "the request body");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = new byte[8192];
            for (int n; (n = in.read(b)) > 0; ) {
                buf.write(b, 0, n);
                if (buf.size() > limits.maxBodyBytes()) throw ApiException.bodyTooLarge(limits.maxBodyBytes(), buf.size(), "the request body (so far)");
            }
        }
        return buf.toByteArray();
    }

    /** The body as a JSON object. */
    private static JsonObject body(byte[] raw) {
        if (raw == null || raw.length == 0) throw ApiException.badRequest("empty request body; expected a JSON object");
        JsonElement e;
        try {
            e = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
        } catch (JsonParseException ex) {
            throw ApiException.badRequest("request body is not valid JSON: " + ex.getMessage());
        }
        if (!e.isJsonObject()) throw ApiException.badRequest("request body must be a JSON object; got " + kind(e));
        return e.getAsJsonObject();
    }

    private static String kind(JsonElement e) {
        return e.isJsonArray() ? "a list" : e.isJsonObject() ? "an object" : e.isJsonNull() ? "null" : "the value " + e;
    }

    private static int error(Response response, Callback callback, int status, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return json(response, callback, status, o);
    }

    private static int json(Response response, Callback callback, int status, JsonElement body) {
        return text(response, callback, status, "application/json; charset=utf-8", GSON.toJson(body));
    }

    private static int text(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
        return status;
    }
}
