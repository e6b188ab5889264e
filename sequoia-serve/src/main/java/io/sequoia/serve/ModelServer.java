package io.sequoia.serve;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sequoia serve}: model folders behind an HTTP API on Jetty (see {@link Routes} for the
 * routes). Every folder is loaded before the port opens, so a model that fails to load stops the
 * start with its folder named. {@link #close} stops gracefully: readiness turns 503, the port stops
 * accepting, requests in flight are answered (up to {@link Options#stopTimeoutMillis}), then the
 * batch workers finish their queues.
 */
public final class ModelServer implements AutoCloseable {
    /**
     * @param host            address to listen on (127.0.0.1 by default: put a proxy in front to expose it)
     * @param port            0 = any free port
     * @param maxBatch        instances run together at most; 1 = no dynamic batching
     * @param maxDelayMicros  how long the first instance of a batch waits for others
     */
    public record Options(String host, int port, Limits limits, int maxBatch, long maxDelayMicros, long stopTimeoutMillis) {
        public Options {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("ModelServer.Options: port must be in [0, 65535]; got " + port);
            if (maxBatch < 1) throw new IllegalArgumentException("ModelServer.Options: maxBatch must be >= 1; got " + maxBatch);
            if (maxDelayMicros < 0) throw new IllegalArgumentException("ModelServer.Options: maxDelayMicros must be >= 0; got " + maxDelayMicros);
        }

        /** 127.0.0.1:8080, default limits, batches of up to 32 gathered for up to 5 ms, 30 s to finish in-flight requests. */
        public static Options defaults() { return new Options("127.0.0.1", 8080, Limits.defaults(), 32, 5_000, 30_000); }

        public Options port(int p) { return new Options(host, p, limits, maxBatch, maxDelayMicros, stopTimeoutMillis); }
        public Options host(String h) { return new Options(h, port, limits, maxBatch, maxDelayMicros, stopTimeoutMillis); }
        public Options limits(Limits l) { return new Options(host, port, l, maxBatch, maxDelayMicros, stopTimeoutMillis); }
        public Options batching(int max, long delayMicros) { return new Options(host, port, limits, max, delayMicros, stopTimeoutMillis); }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, ServedModel> models;
    private final Map<String, Batcher> batchers = new LinkedHashMap<>();
    private final Metrics metrics = new Metrics();
    private final Routes routes;
    private volatile boolean stopped;

    private ModelServer(List<ServedModel> loaded, Options o) {
        Map<String, ServedModel> m = new LinkedHashMap<>();
        for (ServedModel s : loaded) {
            if (m.put(s.name(), s) != null) {
                throw new IllegalArgumentException("ModelServer: two model folders are named '" + s.name() + "'; a model's name is its folder's name");
            }
            batchers.put(s.name(), new Batcher(s, o.maxBatch(), o.maxDelayMicros(), metrics));
        }
        models = Collections.unmodifiableMap(m);
        QueuedThreadPool pool = new QueuedThreadPool(256, 8);
        pool.setName("sequoia-http");
        server = new Server(pool);
        connector = new ServerConnector(server);
        connector.setHost(o.host());
        connector.setPort(o.port());
        server.addConnector(connector);
        routes = new Routes(this, o.limits());
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(routes);
        server.setHandler(graceful);
        server.setStopTimeout(o.stopTimeoutMillis());
    }

    /** Loads every folder, then opens the port. */
    public static ModelServer start(List<Path> dirs, Options o) throws IOException {
        if (dirs.isEmpty()) throw new IllegalArgumentException("ModelServer.start: no model folder given");
        List<ServedModel> loaded = new ArrayList<>();
        for (Path d : dirs) loaded.add(ModelKinds.load(d));
        return serve(loaded, o);
    }

    /** Serves models already loaded (tests, embedding in an application). */
    public static ModelServer serve(List<ServedModel> loaded, Options o) throws IOException {
        ModelServer s = new ModelServer(loaded, o);
        try {
            s.server.start();
        } catch (Exception e) {
            s.closeBatchers();
            throw new IOException("could not listen on " + o.host() + ":" + o.port() + ": " + e.getMessage(), e);
        }
        return s;
    }

    public int port() { return connector.getLocalPort(); }

    public URI uri() {
        String h = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/");
    }

    public Map<String, ServedModel> models() { return models; }

    public Metrics metrics() { return metrics; }

    Batcher batcher(String name) { return batchers.get(name); }

    /** Ready while running and not stopping. */
    public boolean ready() { return !stopped && server.isStarted(); }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException { server.join(); }

    /** Graceful stop (see the class comment); safe to call twice. */
    @Override public void close() {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
        }
        try {
            server.stop();
        } catch (Exception e) {
            // in-flight requests past the stop timeout are cut; the workers are still closed below
        } finally {
            closeBatchers();
        }
    }

    private void closeBatchers() {
        for (Batcher b : batchers.values()) b.close();
    }
}
