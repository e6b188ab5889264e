package io.sequoia.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sequoia bench ...}: speed measurements that print a table (or JSON lines). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the speed of Sequoia's kernels.",
        subcommands = {GemmBench.class, LstmBench.class, EncoderBench.class, BenchAll.class, io.sequoia.cli.forecast.M3Benchmark.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark name (e.g. gemm)");
    }
}
