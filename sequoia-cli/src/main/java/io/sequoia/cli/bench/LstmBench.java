package io.sequoia.cli.bench;

import io.sequoia.cli.JsonLine;
import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Linear;
import io.sequoia.nn.loss.MSELoss;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.optim.SGD;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * {@code sequoia bench lstm}: one LSTM (or, with {@code --cell gru}, GRU) training step (forward over a (T, N, I) batch, a linear head
 * on the last step, MSE, backward, SGD update) or inference step (forward without a graph);
 * median ms per step over repetitions after a warm-up. The workload the side-by-side comparison
 * with libtorch and Deeplearning4j in sequoia-bench runs.
 */
@Command(name = "lstm", mixinStandardHelpOptions = true, description = "Time an LSTM (or GRU) training or inference step.")
public final class LstmBench implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", description = "Batch size B (default ${DEFAULT-VALUE}).") int batch = 32;
    @Option(names = "--seq", description = "Sequence length T (default ${DEFAULT-VALUE}).") int seq = 50;
    @Option(names = "--input", description = "Input size I (default ${DEFAULT-VALUE}).") int input = 32;
    @Option(names = "--hidden", description = "Hidden size H (default ${DEFAULT-VALUE}).") int hidden = 128;
    @Option(names = "--layers", description = "Stacked layers L (default ${DEFAULT-VALUE}).") int layers = 1;
    @Option(names = "--cell", description = "lstm or gru (default ${DEFAULT-VALUE}).") String cell = "lstm";
    @Option(names = "--mode", description = "train or infer (default ${DEFAULT-VALUE}).") String mode = "train";
    @Option(names = "--threads", description = "Threads (default: cores = ${DEFAULT-VALUE}).") int threads = Parallel.threads();
    @Option(names = "--reps", description = "Timed repetitions; the median is reported (default ${DEFAULT-VALUE}).") int reps = 20;
    @Option(names = "--warmup-ms", description = "Warm-up time in ms (default ${DEFAULT-VALUE}).") int warmupMs = 3000;
    @Option(names = "--json", description = "Print one JSON line.") boolean json;

    @Override public void run() {
        if (!mode.equals("train") && !mode.equals("infer")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode: expected train or infer, got " + mode);
        }
        if (!cell.equals("lstm") && !cell.equals("gru")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cell: expected lstm or gru, got " + cell);
        }
        for (int v : new int[]{batch, seq, input, hidden, layers, threads, reps}) {
            if (v < 1) throw new CommandLine.ParameterException(spec.commandLine(), "sizes, --threads and --reps must be positive; got " + v);
        }
        Parallel.setThreads(threads);
        Step step = new Step(cell.equals("gru"), batch, seq, input, hidden, layers, mode.equals("train"));
        StepTiming t = StepTiming.of(step::run, warmupMs, reps);
        double med = t.medianMs(), mbPerStep = t.allocMbPerStep();
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonLine.fields("library", "sequoia", "bench", "lstm", "cell", String.valueOf(cell), "mode", String.valueOf(mode), "batch", batch,
                    "seq", seq, "input", input, "hidden", hidden, "layers", layers, "threads", threads, "ms_per_step", JsonLine.rounded(med, 3),
                    "samples_per_s", JsonLine.rounded(batch / med * 1000, 1), "min_ms", JsonLine.rounded(t.minMs(), 3),
                    "alloc_mb_per_step", JsonLine.rounded(mbPerStep, 3)));
        } else {
            out.printf(Locale.ROOT, "%s %s B=%d T=%d I=%d H=%d L=%d threads=%d: %.3f ms/step (median of %d), %.0f samples/s, %.2f MB allocated per step%n",
                    cell.toUpperCase(Locale.ROOT), mode, batch, seq, input, hidden, layers, threads, med, reps, batch / med * 1000, mbPerStep);
        }
    }

    /** One benchmark step with its model and data, built once. */
    public static final class Step {
        private final RNNBase lstm;
        private final Linear head;
        private final SGD sgd;
        private final Tensor x, y;
        private final boolean train;
        private final int seq;

        public Step(int batch, int seq, int input, int hidden, int layers, boolean train) {
            this(false, batch, seq, input, hidden, layers, train);
        }

        public Step(boolean gru, int batch, int seq, int input, int hidden, int layers, boolean train) {
            Generator.manualSeed(1);
            this.lstm = gru ? new GRU(input, hidden, layers, true, false, 0, false) : new LSTM(input, hidden, layers, true, false, 0, false);
            this.head = new Linear(hidden, 1);
            var ps = new java.util.ArrayList<>(lstm.parameters());
            ps.addAll(head.parameters());
            this.sgd = new SGD(ps, 0.01);
            this.x = Tensor.randn(seq, batch, input);
            this.y = Tensor.randn(batch, 1);
            this.train = train;
            this.seq = seq;
        }

        public void run() {
            if (!train) {
                try (var g = GradMode.noGrad()) { lstm.forward(x); }
                return;
            }
            Tensor out = lstm.forward(x);
            Tensor loss = new MSELoss().forward(head.forward(out.select(0, seq - 1)), y);
            sgd.zeroGrad();
            loss.backward();
            sgd.step();
        }
    }
}
