package io.sequoia.cli.serve;

import io.sequoia.cli.ModelTasks;
import io.sequoia.cli.Usage;
import io.sequoia.serve.Limits;
import io.sequoia.serve.ModelKinds;
import io.sequoia.serve.ModelServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sequoia serve --model DIR [--model DIR2 ...] --port 8080}: model folders behind an HTTP API
 * (TensorFlow Serving / KServe v1 REST routes), with dynamic batching, metrics and a playground at /.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve model folders over HTTP: POST /v1/models/NAME:predict {\"instances\": [...]}, "
                + "POST /v1/models/NAME:generate (server-sent events), GET /v1/models, /healthz, /readyz, /metrics, and a playground at /.",
                "A model's NAME is its folder's name. Ctrl-C stops gracefully (requests in flight are answered)."})
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder (repeat for several): a text classifier, tagger, translator, forecaster or language model.") List<Path> models;
    @Option(names = "--port", description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).") int port = 8080;
    @Option(names = "--host", description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only).") String host = "127.0.0.1";
    @Option(names = "--max-batch", description = "Instances run together at most (default ${DEFAULT-VALUE}).") int maxBatch = 32;
    @Option(names = "--batch-delay-ms", description = "How long a batch waits for more instances (default ${DEFAULT-VALUE} ms).") double delayMs = 5;
    @Option(names = "--no-batching", description = "Run every instance on its own (as --max-batch 1 --batch-delay-ms 0).") boolean noBatching;
    @Option(names = "--threads", description = "Threads of Sequoia's compute pool inside one batch (default: cores = ${DEFAULT-VALUE}).") int threads = io.sequoia.tensor.Parallel.threads();
    @Option(names = "--max-body-bytes", description = "Largest request body (default ${DEFAULT-VALUE}).") long maxBody = Limits.defaults().maxBodyBytes();
    @Option(names = "--max-instances", description = "Most instances in one request (default ${DEFAULT-VALUE}).") int maxInstances = Limits.defaults().maxInstances();
    @Option(names = "--max-text-chars", description = "Longest text or prompt (default ${DEFAULT-VALUE}).") int maxText = Limits.defaults().maxTextChars();
    @Option(names = "--max-new-tokens", description = "Most tokens one generation may ask for (default ${DEFAULT-VALUE}).") int maxTokens = Limits.defaults().maxNewTokens();
    @Option(names = "--max-series-length", description = "Most values in one series sent to a forecaster (default ${DEFAULT-VALUE}).") int maxSeries = Limits.defaults().maxSeriesLength();
    @Option(names = "--max-horizon", description = "Most steps one forecast may ask for (default ${DEFAULT-VALUE}).") int maxHorizon = Limits.defaults().maxHorizon();

    @Override public Integer call() throws Exception {
        Usage.require(spec, port >= 0 && port <= 65535, "--port", "a port in [0, 65535]", port);
        Usage.require(spec, maxBatch >= 1, "--max-batch", "at least 1", maxBatch);
        Usage.require(spec, delayMs >= 0, "--batch-delay-ms", "a non-negative time", delayMs);
        Usage.require(spec, threads >= 1, "--threads", "at least 1", threads);
        Usage.require(spec, maxBody >= 1, "--max-body-bytes", "at least 1", maxBody);
        Usage.require(spec, maxInstances >= 1, "--max-instances", "at least 1", maxInstances);
        Usage.require(spec, maxText >= 1, "--max-text-chars", "at least 1", maxText);
        Usage.require(spec, maxTokens >= 1, "--max-new-tokens", "at least 1", maxTokens);
        Usage.require(spec, maxSeries >= 1, "--max-series-length", "at least 1", maxSeries);
        Usage.require(spec, maxHorizon >= 1, "--max-horizon", "at least 1", maxHorizon);
        Usage.refuseUnless(spec, "--max-batch", !noBatching, "with --no-batching");
        Usage.refuseUnless(spec, "--batch-delay-ms", !noBatching, "with --no-batching");
        for (Path m : models) {
            String task = ModelTasks.task(spec, m);
            if (!ModelKinds.tasks().contains(task)) {
                throw Usage.error(spec, "--model " + m + " holds a model of task '" + task + "'; serve takes " + ModelKinds.tasks());
            }
        }
        io.sequoia.tensor.Parallel.setThreads(threads);
        Limits limits = new Limits(maxBody, maxInstances, maxText, maxSeries, maxTokens, maxHorizon);
        ModelServer.Options o = ModelServer.Options.defaults().host(host).port(port).limits(limits)
                .batching(noBatching ? 1 : maxBatch, noBatching ? 0 : Math.round(delayMs * 1000));
        ModelServer server = ModelServer.start(models, o);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sequoia-serve-stop"));
        System.out.println("serving " + server.models().keySet() + " at " + server.uri() + " (playground: " + server.uri() + ", metrics: "
                + server.uri().resolve("/metrics") + ")");
        System.out.flush();
        server.join();
        return 0;
    }
}
