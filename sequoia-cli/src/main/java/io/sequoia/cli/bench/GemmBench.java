package io.sequoia.cli.bench;

import picocli.CommandLine.Command;

/** Placeholder: GFLOP/s of {@code Gemm.sgemm} per shape. */
@Command(name = "gemm", mixinStandardHelpOptions = true, description = "GFLOP/s of the GEMM kernel per shape.")
public final class GemmBench implements Runnable {
    @Override public void run() {
        throw new UnsupportedOperationException("gemm benchmark not written yet");
    }
}
