package io.sequoia.cli.bench;

import io.sequoia.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sequoia bench all --json}: Sequoia's side of every row of docs/benchmarks.md in one run —
 * the GEMM shapes (squares and LSTM shapes), the four LSTM grid rows and the Transformer encoder
 * layer, training and inference — one JSON line per row, so machines can be compared.
 */
@Command(name = "all", mixinStandardHelpOptions = true,
        description = "Run Sequoia's side of every benchmark row (GEMM, LSTM and GRU grid, encoder layer).")
public final class BenchAll implements Runnable {
    /** The LSTM grid rows of the side-by-side comparison: B, T, I, H, L. */
    static final int[][] LSTM_ROWS = {{32, 50, 32, 128, 1}, {64, 100, 64, 256, 1}, {32, 35, 200, 200, 2}, {128, 20, 32, 512, 1}};

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", description = "Threads (default: cores = ${DEFAULT-VALUE}).") int threads = Parallel.threads();
    @Option(names = "--json", description = "One JSON line per row (the default prints the same lines; kept for symmetry).")
    boolean json;
    @Option(names = "--quick", description = "Shorter warm-ups and fewer repetitions (a smoke run, not for reporting).")
    boolean quick;

    @Override public void run() {
        if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(),
                "--threads: must be positive; expected >= 1, got " + threads);
        String t = Integer.toString(threads);
        List<List<String>> runs = new ArrayList<>();
        runs.add(List.of("gemm", "--json", "--threads", t, "--reps", quick ? "1" : "7",
                "--min-time-ms", quick ? "5" : "60", "--shapes", quick ? "256" : "squares,lstm"));
        for (String cell : new String[] {"lstm", "gru"}) {
            for (int[] r : quick ? new int[][] {{8, 5, 8, 16, 1}} : LSTM_ROWS) {
                for (String mode : new String[] {"train", "infer"}) {
                    runs.add(List.of("lstm", "--json", "--cell", cell, "--threads", t, "--mode", mode, "--batch", "" + r[0], "--seq", "" + r[1],
                            "--input", "" + r[2], "--hidden", "" + r[3], "--layers", "" + r[4],
                            "--warmup-ms", quick ? "10" : "3000", "--reps", quick ? "1" : "20"));
                }
            }
        }
        for (String mode : new String[] {"train", "infer"}) {
            runs.add(quick
                    ? List.of("encoder", "--json", "--threads", t, "--mode", mode, "--batch", "2", "--len", "8", "--d-model", "16",
                            "--heads", "2", "--ff", "32", "--warmup-ms", "10", "--reps", "1")
                    : List.of("encoder", "--json", "--threads", t, "--mode", mode));
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        for (List<String> args : runs) {
            Object sub = switch (args.get(0)) {
                case "gemm" -> new GemmBench();
                case "lstm" -> new LstmBench();
                default -> new EncoderBench();
            };
            CommandLine cl = new CommandLine(sub).setOut(out).setErr(err);
            int rc = cl.execute(args.subList(1, args.size()).toArray(String[]::new));
            if (rc != 0) throw new IllegalStateException("bench all: bench " + String.join(" ", args) + " failed (exit " + rc + ")");
            out.flush();
        }
    }
}
