package io.sequoia.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters and histograms, written in Prometheus's text format (version 0.0.4):
 * requests by model, route and status code, request latency, batch sizes, errors, in-flight requests.
 */
public final class Metrics {
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, Histogram> batches = new ConcurrentHashMap<>();
    private final Map<String, Histogram> compute = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();

    /** A cumulative histogram: counts per upper bound, a sum and a count. */
    static final class Histogram {
        final double[] bounds;
        final LongAdder[] counts;
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) counts[i] = new LongAdder();
        }

        void observe(double v) {
            for (int i = 0; i < bounds.length; i++) if (v <= bounds[i]) counts[i].increment();
            sum.add(v);
            count.increment();
        }
    }

    void begin() { inFlight.incrementAndGet(); }

    /** One answered request: {@code model} may be "" for routes without one. */
    void request(String model, String route, int status, double seconds) {
        inFlight.decrementAndGet();
        requests.computeIfAbsent(labels("model", model, "route", route, "code", Integer.toString(status)), k -> new LongAdder()).increment();
        if (status >= 400) errors.computeIfAbsent(labels("model", model, "code", Integer.toString(status)), k -> new LongAdder()).increment();
        if (!model.isEmpty()) latency.computeIfAbsent(labels("model", model, "route", route), k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
    }

    void batch(String model, int size) {
        batches.computeIfAbsent(labels("model", model), k -> new Histogram(BATCH_BUCKETS)).observe(size);
    }

    /** Time one batch spent in the model's predict. */
    void compute(String model, double seconds) {
        compute.computeIfAbsent(labels("model", model), k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
    }

    /** The number of batches of {@code model} that held more than one instance. */
    public long batchesLargerThanOne(String model) {
        Histogram h = batches.get(labels("model", model));
        return h == null ? 0 : h.count.sum() - h.counts[0].sum();
    }

    /** The Prometheus exposition text. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        counter(sb, "sequoia_requests_total", "Requests answered, by model, route and status code.", requests);
        counter(sb, "sequoia_errors_total", "Requests answered with a 4xx or 5xx status, by model and code.", errors);
        histograms(sb, "sequoia_request_duration_seconds", "Time from a request's arrival to its answer.", latency);
        histograms(sb, "sequoia_batch_size", "Instances run together in one batch.", batches);
        histograms(sb, "sequoia_batch_duration_seconds", "Time one batch spends in the model.", compute);
        sb.append("# HELP sequoia_requests_in_flight Requests being answered.\n# TYPE sequoia_requests_in_flight gauge\n");
        sb.append("sequoia_requests_in_flight ").append(inFlight.get()).append('\n');
        Runtime rt = Runtime.getRuntime();
        sb.append("# HELP sequoia_jvm_heap_used_bytes Heap in use.\n# TYPE sequoia_jvm_heap_used_bytes gauge\n");
        sb.append("sequoia_jvm_heap_used_bytes ").append(rt.totalMemory() - rt.freeMemory()).append('\n');
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, Map<String, LongAdder> m) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(m).entrySet()) {
            sb.append(name).append('{').append(e.getKey()).append("} ").append(e.getValue().sum()).append('\n');
        }
    }

    private static void histograms(StringBuilder sb, String name, String help, Map<String, Histogram> m) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" histogram\n");
        for (Map.Entry<String, Histogram> e : new TreeMap<>(m).entrySet()) {
            Histogram h = e.getValue();
            String l = e.getKey();
            for (int i = 0; i < h.bounds.length; i++) {
                sb.append(name).append("_bucket{").append(l).append(",le=\"").append(number(h.bounds[i])).append("\"} ")
                        .append(h.counts[i].sum()).append('\n');
            }
            sb.append(name).append("_bucket{").append(l).append(",le=\"+Inf\"} ").append(h.count.sum()).append('\n');
            sb.append(name).append("_sum{").append(l).append("} ").append(number(h.sum.sum())).append('\n');
            sb.append(name).append("_count{").append(l).append("} ").append(h.count.sum()).append('\n');
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    /** Label pairs in Prometheus syntax, values escaped. */
    static String labels(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) sb.append(',');
            sb.append(kv[i]).append("=\"").append(kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return sb.toString();
    }
}
