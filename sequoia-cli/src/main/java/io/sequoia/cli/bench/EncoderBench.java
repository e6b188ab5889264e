package io.sequoia.cli.bench;

import io.sequoia.cli.JsonLine;
import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.attention.TransformerEncoderLayer;
import io.sequoia.nn.loss.MSELoss;
import io.sequoia.optim.SGD;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.Parallel;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sequoia bench encoder}: one post-norm Transformer encoder layer step on a random
 * (B, L, d) batch — training (dropout 0.1, MSE against a random target, backward, SGD) or inference
 * (eval mode, no graph); the workload of the side-by-side comparison with libtorch in sequoia-bench.
 */
@Command(name = "encoder", mixinStandardHelpOptions = true,
        description = "Time a Transformer encoder layer training or inference step.")
public final class EncoderBench implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", description = "Batch size B (default ${DEFAULT-VALUE}).") int batch = 32;
    @Option(names = "--len", description = "Sequence length L (default ${DEFAULT-VALUE}).") int len = 128;
    @Option(names = "--d-model", description = "Model width d (default ${DEFAULT-VALUE}).") int dModel = 256;
    @Option(names = "--heads", description = "Attention heads (default ${DEFAULT-VALUE}).") int heads = 8;
    @Option(names = "--ff", description = "Feed-forward width (default ${DEFAULT-VALUE}).") int ff = 1024;
    @Option(names = "--mode", description = "train or infer (default ${DEFAULT-VALUE}).") String mode = "train";
    @Option(names = "--threads", description = "Threads (default: cores = ${DEFAULT-VALUE}).") int threads = Parallel.threads();
    @Option(names = "--reps", description = "Timed repetitions; the median is reported (default ${DEFAULT-VALUE}).") int reps = 10;
    @Option(names = "--warmup-ms", description = "Warm-up time in ms (default ${DEFAULT-VALUE}).") int warmupMs = 8000;
    @Option(names = "--json", description = "Print one JSON line.") boolean json;

    @Override public void run() {
        if (!mode.equals("train") && !mode.equals("infer")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode: expected train or infer, got " + mode);
        }
        for (int v : new int[]{batch, len, dModel, heads, ff, threads, reps}) {
            if (v < 1) throw new CommandLine.ParameterException(spec.commandLine(), "sizes, --threads and --reps must be positive; got " + v);
        }
        if (dModel % heads != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--heads: must divide --d-model; got --d-model " + dModel + ", --heads " + heads);
        }
        Parallel.setThreads(threads);
        Generator.manualSeed(1);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(dModel, heads, ff, 0.1, "relu", 1e-5, true, false);
        SGD sgd = new SGD(layer.parameters(), 1e-3);
        MSELoss mse = new MSELoss();
        Tensor x = Tensor.randn(batch, len, dModel), target = Tensor.randn(batch, len, dModel);
        boolean train = mode.equals("train");
        layer.train(train);
        Runnable step = train ? () -> {
            sgd.zeroGrad();
            mse.forward(layer.forward(x), target).backward();
            sgd.step();
        } : () -> {
            try (var g = GradMode.noGrad()) {
                layer.forward(x);
            }
        };
        StepTiming t = StepTiming.of(step, warmupMs, reps);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonLine.fields("library", "sequoia", "bench", "encoder", "mode", String.valueOf(mode), "batch", batch, "len", len, "d_model", dModel,
                    "heads", heads, "ff", ff, "threads", threads, "ms_per_step", JsonLine.rounded(t.medianMs(), 3),
                    "samples_per_s", JsonLine.rounded(batch / t.medianMs() * 1000, 1), "min_ms", JsonLine.rounded(t.minMs(), 3),
                    "alloc_mb_per_step", JsonLine.rounded(t.allocMbPerStep(), 3)));
        } else {
            out.printf(Locale.ROOT, "Transformer encoder layer %s B=%d L=%d d=%d heads=%d ff=%d threads=%d: %.3f ms/step (median of %d),"
                            + " %.0f samples/s, %.2f MB allocated per step%n",
                    mode, batch, len, dModel, heads, ff, threads, t.medianMs(), reps, batch / t.medianMs() * 1000, t.allocMbPerStep());
        }
    }
}
