package io.sequoia.serve;

import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Dynamic batching for one model: the instances of concurrent requests wait in one queue; a worker
 * takes the first, gathers more for up to {@code maxDelayMicros} or until {@code maxBatch}, and runs
 * them as one batch (Triton's max_queue_delay / preferred batch). {@code maxBatch} 1 turns batching
 * off. The worker is the only thread that runs the model's {@link ServedModel#predict}.
 */
final class Batcher implements AutoCloseable {
    private record Job(Object input, CompletableFuture<JsonElement> result) {}

    private final ServedModel model;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final Metrics metrics;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;

    Batcher(ServedModel model, int maxBatch, long maxDelayMicros, Metrics metrics) {
        if (maxBatch < 1 || maxDelayMicros < 0) {
            throw new IllegalArgumentException("Batcher: maxBatch must be >= 1 and maxDelayMicros >= 0; got " + maxBatch + ", " + maxDelayMicros);
        }
        this.model = model;
        this.maxBatch = model.batchable() ? maxBatch : 1;
        this.maxDelayNanos = TimeUnit.MICROSECONDS.toNanos(maxDelayMicros);
        this.metrics = metrics;
        this.worker = new Thread(this::run, "sequoia-batcher-" + model.name());
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues the inputs; each future completes with its prediction. */
    List<CompletableFuture<JsonElement>> submit(List<Object> inputs) {
        if (closed) throw new ApiException(503, "the server is shutting down");
        List<CompletableFuture<JsonElement>> out = new ArrayList<>();
        for (Object in : inputs) {
            Job j = new Job(in, new CompletableFuture<>());
            out.add(j.result);
            queue.add(j);
        }
        return out;
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Job first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) continue;
            List<Job> batch = new ArrayList<>();
            batch.add(first);
            long deadline = System.nanoTime() + maxDelayNanos;
            while (batch.size() < maxBatch) {
                Job next = queue.poll();
                if (next == null) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) break;
                    try {
                        next = queue.poll(wait, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (next == null) break;
                }
                batch.add(next);
            }
            runBatch(batch);
        }
    }

    private void runBatch(List<Job> batch) {
        List<Object> inputs = new ArrayList<>();
        for (Job j : batch) inputs.add(j.input);
        metrics.batch(model.name(), batch.size());
        try {
            List<JsonElement> outs;
            long t0 = System.nanoTime();
            synchronized (model) {
                outs = model.predict(inputs);
            }
            metrics.compute(model.name(), (System.nanoTime() - t0) / 1e9);
            for (int i = 0; i < batch.size(); i++) batch.get(i).result.complete(outs.get(i));
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).result.completeExceptionally(e);
                return;
            }
            for (Job j : batch) runBatch(List.of(j));   // one bad instance fails alone, not the requests batched with it
        }
    }

    /** Stops taking work, finishes what is queued, and ends the worker. */
    @Override public void close() {
        closed = true;
        try {
            worker.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
