package io.sequoia.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training progress: a terminal progress bar per epoch (batch, loss, metrics, ETA) from the
 * progressbar library, or plain log lines when output is not a terminal (CI, pipes, files).
 */
final class Progress implements AutoCloseable {
    private final int verbose;
    private final boolean terminal;
    private final PrintStream out;
    private ProgressBar bar;
    private long epochStart, lastLine;
    private int epoch, epochs, batches, batch;
    /** Without a terminal, a plain line at most this often during an epoch, so a long epoch in a log file is not silent. */
    static final long LOG_EVERY_NANOS = 60_000_000_000L;
    private final long logEveryNanos;

    Progress(int verbose, PrintStream out) {
        this(verbose, out, System.console() != null && !"true".equals(System.getenv("CI")), LOG_EVERY_NANOS);
    }

    Progress(int verbose, PrintStream out, boolean terminal, long logEveryNanos) {
        this.verbose = verbose;
        this.out = out;
        this.terminal = terminal;
        this.logEveryNanos = logEveryNanos;
    }

    void epochBegin(int epoch, int epochs, int batches) {
        epochStart = System.nanoTime();
        lastLine = epochStart;
        this.epoch = epoch; this.epochs = epochs; this.batches = batches; this.batch = 0;
        if (verbose == 1 && terminal) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .continuousUpdate().setMaxRenderedLength(120).build();
        }
    }

    void batchEnd(Map<String, Double> logs) {
        batch++;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(format(logs));
        } else if (verbose == 1 && System.nanoTime() - lastLine >= logEveryNanos) {
            lastLine = System.nanoTime();
            double secs = (lastLine - epochStart) / 1e9;
            String of = batches > 0 ? "/" + batches : "";
            out.printf(Locale.ROOT, "Epoch %d/%d - batch %d%s - %.0fs - %s%n", epoch + 1, epochs, batch, of, secs, format(logs));
        }
    }

    void epochEnd(int epoch, int epochs, Map<String, Double> logs) {
        if (bar != null) { bar.close(); bar = null; }
        if (verbose == 0) return;
        double secs = (System.nanoTime() - epochStart) / 1e9;
        out.printf(Locale.ROOT, "Epoch %d/%d - %.1fs - %s%n", epoch + 1, epochs, secs, format(logs));
    }

    static String format(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(sb.length() > 0 ? " - " : "").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }

    @Override public void close() { if (bar != null) bar.close(); }
}
