package io.sequoia.cli.bench;

import io.sequoia.cli.JsonLine;
import io.sequoia.tensor.Gemm;
import io.sequoia.tensor.GemmBenchmark;
import io.sequoia.tensor.GemmBenchmark.Shape;
import io.sequoia.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sequoia bench gemm}: GFLOP/s of {@code Gemm.sgemm} per shape (median of several timed
 * repetitions after a warm-up). Default shapes: squares 256..2048 and the LSTM shapes
 * (B×2H)·(2H×4H) for B ∈ {32,64,128}, H ∈ {128,256,512} in the forward form (AB) and the two
 * backward forms (AᵀB: weight gradient, ABᵀ: input gradient).
 */
@Command(name = "gemm", mixinStandardHelpOptions = true, description = "GFLOP/s of the GEMM kernel per shape.")
public final class GemmBench implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", description = "Threads of the Sequoia pool (default: cores = ${DEFAULT-VALUE}).")
    int threads = Parallel.threads();

    @Option(names = "--json", description = "One JSON object per line instead of a table.")
    boolean json;

    @Option(names = "--shapes", split = ",", paramLabel = "SHAPE",
            description = "Comma-separated: squares, lstm, N (square), MxNxK[:NN|TN|NT|TT], lstm:B:H[:AB|AtB|ABt]. Default: squares,lstm.")
    List<String> shapes = List.of("squares", "lstm");

    @Option(names = "--reps", description = "Timed repetitions per shape; the median is reported (default ${DEFAULT-VALUE}).")
    int reps = 7;

    @Option(names = "--min-time-ms", description = "Minimum duration of one repetition in ms (default ${DEFAULT-VALUE}).")
    int minTimeMs = 60;

    @Override public void run() {
        if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(),
                "--threads: must be positive; expected >= 1, got " + threads);
        if (reps < 1) throw new CommandLine.ParameterException(spec.commandLine(),
                "--reps: must be positive; expected >= 1, got " + reps);
        List<Shape> list = new ArrayList<>();
        for (String s : shapes) {
            try {
                list.addAll(GemmBenchmark.parse(s.trim()));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--shapes: " + e.getMessage());
            }
        }
        Parallel.setThreads(threads);
        var out = spec.commandLine().getOut();
        if (!json) {
            out.printf("kernel: %s, threads: %d, median of %d reps%n", Gemm.kernelName(), threads, reps);
            out.printf("%-26s %6s %6s %6s %10s%n", "shape", "m", "n", "k", "GFLOP/s");
        }
        for (Shape s : list) {
            double g = GemmBenchmark.sgemmGflops(s, reps, minTimeMs * 1_000_000L);
            if (json) {
                out.println(JsonLine.fields("bench", "gemm", "shape", s.name(), "m", s.m(), "n", s.n(), "k", s.k(), "transA", s.transA(), "transB", s.transB(),
                        "threads", threads, "kernel", Gemm.kernelName(), "gflops", JsonLine.rounded(g, 1)));
            } else {
                out.printf(Locale.ROOT, "%-26s %6d %6d %6d %10.1f%n", s.name(), s.m(), s.n(), s.k(), g);
            }
            out.flush();
        }
    }
}
